import { canonicalJson } from "../domain/canonical-json";
import { deepFreeze } from "../domain/deep-freeze";
import { LruMap } from "../domain/lru-map";
import type { Planner } from "./planner";
import type { PlanTaskInput, PlanTaskResult } from "./plan-task";

/**
 * Plans are pure: the same blueprint code, request, name and region always render the same
 * resources and the same policy report. So a request planned before — a retried create, the
 * same update sent twice, a console re-planning what it shows — is answered from memory, and
 * identical requests in flight at once share one plan. Only answers are kept (plans and
 * validation failures), never an error, and at most `capacity` of them, least recently used
 * first out. Nothing here is truth another instance would need: each instance's memory only
 * saves it work, and the code a plan depends on cannot change within a process.
 *
 * Answers are shared, not copied: each is frozen as it arrives, so answering again costs a
 * map lookup (a copy of the largest plan was 1 ms at the median and 18 ms at the p99, when a
 * garbage collection landed in it), and a caller that tried to change one would throw.
 */
export class MemoizedPlanner implements Planner {
  private readonly entries: LruMap<string, Promise<PlanTaskResult>>;

  constructor(
    private readonly inner: Planner & { close?(): Promise<void> },
    capacity = 64,
  ) {
    this.entries = new LruMap(capacity);
  }

  async run(input: PlanTaskInput): Promise<PlanTaskResult> {
    const key = canonicalJson([input.blueprint, input.name, input.region ?? null, input.request]);
    const known = this.entries.get(key);
    if (known) {
      const started = performance.now();
      const result = await known;
      return result.ok ? { ...result, elapsedMs: performance.now() - started, memoized: true } : result;
    }
    const planned = this.inner.run(input).then(deepFreeze);
    this.entries.set(key, planned);
    try {
      return await planned;
    } catch (err) {
      this.entries.deleteIfSame(key, planned);
      throw err;
    }
  }

  async close(): Promise<void> {
    this.entries.clear();
    await this.inner.close?.();
  }
}
