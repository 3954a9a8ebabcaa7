/** What one batch put API (PutRecordBatch, PutRecords) accepts per call. */
export interface BatchLimits<T> {
  readonly maxRecords: number;
  readonly maxBytes: number;
  /** Bytes an item counts for against `maxBytes` (Kinesis counts partition keys too). */
  readonly sizeOf: (item: T) => number;
}

/**
 * Packs items, in order, into as few batches as the limits allow. An item larger than
 * `maxBytes` on its own still gets a batch of its own: refusing it is the per-record limit's
 * job, which the caller checks first.
 */
export function packBatches<T>(items: readonly T[], limits: BatchLimits<T>): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = limits.sizeOf(item);
    if (current.length > 0 && (current.length >= limits.maxRecords || bytes + size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
