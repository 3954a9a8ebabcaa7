import type { OperationEvent } from "../types";

/** Events kept per operation: enough for a long create's log, small enough for sessionStorage. */
const KEPT = 2000;
const key = (id: string) => `slipstream.operation-log.${id}`;

/**
 * An operation's log as far as this tab has received it, in sessionStorage: after a reload
 * the page shows it at once and resumes the stream after its last event (Last-Event-ID),
 * instead of replaying the whole operation.
 */
export function storedEvents(id: string): OperationEvent[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(key(id)) ?? "[]");
    return Array.isArray(parsed) ? (parsed as OperationEvent[]) : [];
  } catch {
    return [];
  }
}

export function storeEvents(id: string, events: OperationEvent[]): void {
  try {
    sessionStorage.setItem(key(id), JSON.stringify(events.slice(-KEPT)));
  } catch {
    // Storage full: the log still shows; a reload replays it from the server instead.
  }
}
