import { useEffect, useRef, useState } from "preact/hooks";
import type { OperationEvent } from "../types";
import { followOperation } from "./event-stream";
import { logLine } from "./log-line";
import { storedEvents, storeEvents } from "./log-store";

/** Waits before reconnecting a stream that broke off: longer each time, at most 10 s. */
const retryDelay = (attempt: number) => Math.min(10_000, 500 * 2 ** attempt);

/**
 * An operation's live log: what this tab already received (kept across reloads), then the
 * server-sent events after it, followed until the operation ends; a broken connection is
 * resumed from the last event received.
 */
export function OperationLog({ id, onEnd }: { id: string; onEnd: (status: string | null) => void }) {
  const [events, setEvents] = useState<OperationEvent[]>(() => storedEvents(id));
  const [state, setState] = useState<"live" | "ended" | "reconnecting">("live");
  const endRef = useRef<HTMLDivElement>(null);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  useEffect(() => {
    const aborted = new AbortController();
    let received = storedEvents(id);
    (async () => {
      for (let attempt = 0; !aborted.signal.aborted; attempt++) {
        const after = received[received.length - 1]?.sequence ?? 0;
        try {
          const outcome = await followOperation(
            id,
            after,
            {
              event: (event) => {
                if (event.sequence <= (received[received.length - 1]?.sequence ?? 0)) return;
                received = [...received, event];
                storeEvents(id, received);
                setEvents(received);
                setState("live");
                attempt = 0;
              },
              end: (status) => {
                setState("ended");
                onEndRef.current(status);
              },
            },
            aborted.signal,
          );
          if (outcome === "ended") return;
        } catch {
          if (aborted.signal.aborted) return;
        }
        setState("reconnecting");
        await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
      }
    })();
    return () => aborted.abort();
  }, [id]);

  useEffect(() => endRef.current?.scrollIntoView({ block: "nearest" }), [events.length]);

  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">
        Log <span class={`live ${state}`}>{state === "live" ? "live" : state === "ended" ? "ended" : "reconnecting…"}</span>
      </h2>
      <div class="log" data-testid="operation-log" data-last-sequence={events[events.length - 1]?.sequence ?? 0} data-state={state}>
        {events.map((event) => {
          const line = logLine(event);
          return (
            <div class={`line ${line.tone}`} key={event.sequence} data-type={event.type}>
              <span class="seq">{event.sequence}</span>
              <time dateTime={event.time}>{event.time.slice(11, 19)}</time>
              <span class="text">{line.text}</span>
            </div>
          );
        })}
        <div ref={endRef} />
      </div>
    </section>
  );
}
