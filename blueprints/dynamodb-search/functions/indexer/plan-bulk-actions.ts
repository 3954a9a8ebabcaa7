import type { ChangeRecord, RecordFailure } from "./change-record";
import { documentId } from "./document-id";
import { toDocument, type JsonObject } from "./to-document";

/** One bulk operation and every stream record it stands for. */
export type BulkAction =
  | { readonly op: "index"; readonly id: string; readonly document: JsonObject; readonly itemIdentifiers: readonly string[]; readonly version?: number }
  | { readonly op: "delete"; readonly id: string; readonly itemIdentifiers: readonly string[]; readonly version?: number };

export interface BulkPlan {
  readonly actions: readonly BulkAction[];
  readonly failures: readonly RecordFailure[];
  /** Changes left out because a later change of the same item follows in the batch. */
  readonly superseded: number;
}

/**
 * Turns a batch's changes into bulk actions, one per item: only the item's last change in stream
 * order is sent. It is the item's state; and were earlier changes sent too, an earlier one rejected
 * with 429 and retried would land after the last one and leave a stale document. The records an
 * action stands for succeed or fail together, so "which records failed" stays equal to "which
 * changes are not in the index".
 *
 * INSERT and MODIFY index the full new image (an upsert); REMOVE deletes.
 *
 * Which change is last: DynamoDB Streams delivers an item's changes in order, so the batch's order.
 * A Kinesis streaming destination may deliver them out of order or twice, so its changes carry a
 * version (their creation time, change-version.ts): the highest wins, and the action is sent with
 * that external version, which makes OpenSearch refuse it if the index already holds a newer
 * state or a newer delete's tombstone — across batches, not only within one.
 */
export function planBulkActions(changes: readonly ChangeRecord[]): BulkPlan {
  const failures: RecordFailure[] = [];
  const byId = new Map<string, { last: ChangeRecord; itemIdentifiers: string[] }>();
  let superseded = 0;
  for (const change of changes) {
    let id: string;
    try {
      id = documentId(change.keys);
    } catch {
      failures.push({ itemIdentifier: change.itemIdentifier, errorType: "invalid-key" });
      continue;
    }
    const group = byId.get(id);
    if (group === undefined) {
      byId.set(id, { last: change, itemIdentifiers: [change.itemIdentifier] });
    } else {
      // Equal versions (a duplicate) keep stream order: the later record wins.
      if ((change.version ?? 0) >= (group.last.version ?? 0)) group.last = change;
      superseded += 1;
      group.itemIdentifiers.push(change.itemIdentifier);
    }
  }

  const actions: BulkAction[] = [];
  for (const [id, { last, itemIdentifiers }] of byId) {
    const version = last.version === undefined ? {} : { version: last.version };
    if (last.eventName === "REMOVE") {
      actions.push({ op: "delete", id, itemIdentifiers, ...version });
      continue;
    }
    // A stream with view type KEYS_ONLY or OLD_IMAGE gives nothing to index: a deployment
    // mistake, reported so the records reach the on-failure queue instead of vanishing.
    if (last.newImage === undefined) {
      failures.push(...itemIdentifiers.map((itemIdentifier) => ({ itemIdentifier, errorType: "missing-new-image" })));
      continue;
    }
    try {
      actions.push({ op: "index", id, document: toDocument(last.newImage), itemIdentifiers, ...version });
    } catch {
      failures.push(...itemIdentifiers.map((itemIdentifier) => ({ itemIdentifier, errorType: "invalid-image" })));
    }
  }
  return { actions, failures, superseded };
}
