import { setTimeout as sleep } from "node:timers/promises";
import type { ServiceClient } from "./service-client";
import type { OperationEventView } from "./text-output";

export interface OperationView {
  id: string;
  deployment: string;
  kind: string;
  status: string;
  error?: { title: string; detail: string } | null;
  summary?: Record<string, number> | null;
}

const FINISHED = new Set(["succeeded", "failed", "cancelled", "interrupted"]);
export const isFinished = (operation: OperationView) => FINISHED.has(operation.status);

/**
 * Prints an operation's events as they are recorded, until it has ended and its last event
 * is printed; returns the ended operation. Each round reads the status before the events:
 * an operation's last event is written in the same store write as its end, so once the status
 * reads as ended, the events read after it include the last one.
 */
export async function followOperation(client: ServiceClient, id: string, print: (event: OperationEventView) => void, intervalMs: number): Promise<OperationView> {
  let after = 0;
  for (;;) {
    const operation = await client.get<OperationView>(`/v1/operations/${encodeURIComponent(id)}`);
    for (;;) {
      const page = await client.get<{ events: OperationEventView[]; next: number | null }>(`/v1/operations/${encodeURIComponent(id)}/events`, { after, limit: 500 });
      for (const event of page.events) {
        print(event);
        after = event.sequence;
      }
      if (page.next === null) break;
    }
    if (isFinished(operation)) return operation;
    await sleep(intervalMs);
  }
}
