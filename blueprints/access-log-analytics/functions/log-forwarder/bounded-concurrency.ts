/**
 * Maps items with at most `limit` calls in flight, results in input order. Unbounded
 * Promise.all over a batch of messages would open one S3 download and one set of put calls per
 * message at once, multiplying memory and throttling; a limit keeps both predictable.
 */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
