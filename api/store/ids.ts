import { v7 } from "uuid";

/**
 * A new record id: a UUIDv7 (RFC 9562), whose text sorts by creation time. Operations are
 * ordered by id — a deployment's queue is its queued operations in id order — so no store
 * needs a global sequence, and ids from several instances interleave by their clocks.
 */
export function newId(): string {
  return v7();
}
