import { FINISHED_STATUSES, type OperationEvent, type OperationStatus } from "../domain/model";
import type { EventBus } from "../operations/event-bus";
import type { Store } from "../store/store";

const PAGE = 500;

/** What a follower is handed, in order: events, a heartbeat while nothing happens, and — once — the end. */
export type StreamItem = { kind: "event"; event: Omit<OperationEvent, "operationId"> } | { kind: "heartbeat" } | { kind: "end"; status: OperationStatus };

/**
 * An operation's events as a live stream: replayed from a sequence number, then followed
 * until the operation has ended and its last event was handed over. This instance's runs wake
 * a follower at once (the event bus); another instance's are seen on the next read of the
 * store, every `pollMs`. An operation's last event is appended in the same store write that
 * ends it, so "ended, and nothing after the last event handed over" means the stream is done.
 */
export class OperationStream {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly options: { pollMs: number; heartbeatMs: number },
  ) {}

  /** True when the operation has ended and has no event after `after`: a stream would have nothing to say. */
  async delivered(id: string, after: number): Promise<boolean> {
    const operation = await this.store.operations.get(id);
    if (!operation || !FINISHED_STATUSES.includes(operation.status)) return false;
    return (await this.store.events.list(id, after, 1)).length === 0;
  }

  async *follow(id: string, after: number, signal: AbortSignal): AsyncGenerator<StreamItem> {
    let wake: (() => void) | undefined;
    const unsubscribe = this.bus.subscribe(id, () => wake?.());
    const onAbort = () => wake?.();
    signal.addEventListener("abort", onAbort);
    let last = after;
    let quietSince = Date.now();
    try {
      while (!signal.aborted) {
        const events = await this.store.events.list(id, last, PAGE);
        for (const { operationId: _operationId, ...event } of events) {
          yield { kind: "event", event };
          last = event.sequence;
          quietSince = Date.now();
        }
        if (events.length === PAGE) continue;
        const operation = await this.store.operations.get(id);
        if (!operation || FINISHED_STATUSES.includes(operation.status)) {
          if ((await this.store.events.list(id, last, 1)).length > 0) continue;
          if (operation) yield { kind: "end", status: operation.status };
          return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, this.options.pollMs).unref();
        });
        if (Date.now() - quietSince >= this.options.heartbeatMs && !signal.aborted) {
          yield { kind: "heartbeat" };
          quietSince = Date.now();
        }
      }
    } finally {
      unsubscribe();
      signal.removeEventListener("abort", onAbort);
    }
  }
}
