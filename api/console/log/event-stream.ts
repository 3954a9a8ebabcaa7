import { authorization } from "../token";
import type { OperationEvent } from "../types";

export interface StreamHandlers {
  event: (event: OperationEvent) => void;
  /** The operation has ended: its final status, or null when the stream had nothing after `after` (204). */
  end: (status: string | null) => void;
}

/**
 * Follows an operation's server-sent events from after sequence `after` until the operation
 * ends or `signal` aborts. It reads the stream with fetch rather than EventSource: the API
 * authenticates the stream by its Authorization header, which EventSource cannot send. The
 * resume point travels as Last-Event-ID, as EventSource would send it. Resolves when the
 * stream closes; the caller reconnects from its last event if it closed before the end.
 */
export async function followOperation(id: string, after: number, handlers: StreamHandlers, signal: AbortSignal): Promise<"ended" | "closed"> {
  const response = await fetch(`/v1/operations/${encodeURIComponent(id)}/events/stream`, {
    headers: { accept: "text/event-stream", ...authorization(), ...(after > 0 ? { "last-event-id": String(after) } : {}) },
    signal,
  });
  if (response.status === 204) {
    handlers.end(null);
    return "ended";
  }
  if (!response.ok || !response.body) throw new Error(`the event stream answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return "closed";
    buffer += value;
    // Events are separated by a blank line; the last piece may be incomplete.
    const blocks = buffer.split(/\r?\n\r?\n/);
    buffer = blocks.pop() ?? "";
    for (const block of blocks) {
      const message = parseBlock(block);
      if (!message) continue;
      if (message.event === "end") {
        handlers.end((JSON.parse(message.data) as { status: string }).status);
        return "ended";
      }
      handlers.event(JSON.parse(message.data) as OperationEvent);
    }
  }
}

/** One SSE block's `event` and `data` fields; comments (keep-alives) and empty blocks are nothing. */
export function parseBlock(block: string): { event: string; data: string } | undefined {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length > 0 ? { event, data: data.join("\n") } : undefined;
}
