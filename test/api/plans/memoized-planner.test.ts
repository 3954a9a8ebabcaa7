import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../api/domain/canonical-json";
import { MemoizedPlanner } from "../../../api/plans/memoized-planner";
import { PlanPool } from "../../../api/plans/plan-pool";
import type { PlanTaskInput, PlanTaskResult } from "../../../api/plans/plan-task";
import { exampleRequest } from "../../../blueprints/catalogue";

/** A planner that answers from a function and counts what it was asked. */
function countingPlanner(answer: (input: PlanTaskInput, call: number) => Promise<PlanTaskResult>) {
  const calls: PlanTaskInput[] = [];
  return {
    calls,
    run: (input: PlanTaskInput) => {
      calls.push(input);
      return answer(input, calls.length);
    },
  };
}

const planned = (input: PlanTaskInput): Promise<PlanTaskResult> =>
  Promise.resolve({ ok: true, plan: { blueprint: input.blueprint, deployment: input.name, region: input.region ?? "us-east-1", resources: [] }, policy: { passed: true } as never, elapsedMs: 100 });

const input = (request: unknown, name = "orders"): PlanTaskInput => ({ blueprint: "dynamodb-search", request, name });

describe("MemoizedPlanner", () => {
  it("plans an identical request once, whatever the order of its keys", async () => {
    const inner = countingPlanner(planned);
    const memo = new MemoizedPlanner(inner);
    const first = await memo.run(input({ params: { a: 1, b: { c: 2, d: 3 } }, tags: { owner: "x" } }));
    const again = await memo.run(input({ tags: { owner: "x" }, params: { b: { d: 3, c: 2 }, a: 1 } }));
    expect(inner.calls).toHaveLength(1);
    expect(again).toMatchObject({ ok: true, memoized: true, plan: (first as { plan: unknown }).plan });
    expect(first).not.toHaveProperty("memoized");
  });

  it("plans again what differs: the request, the name or the region", async () => {
    const inner = countingPlanner(planned);
    const memo = new MemoizedPlanner(inner);
    await memo.run(input({ params: { a: 1 } }));
    await memo.run(input({ params: { a: 2 } }));
    await memo.run(input({ params: { a: 1 } }, "payments"));
    await memo.run({ ...input({ params: { a: 1 } }), region: "eu-west-1" });
    expect(inner.calls).toHaveLength(4);
  });

  it("shares one plan among identical requests in flight", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inner = countingPlanner(async (i) => (await gate, planned(i)));
    const memo = new MemoizedPlanner(inner);
    const both = Promise.all([memo.run(input({ params: {} })), memo.run(input({ params: {} }))]);
    release();
    const [a, b] = await both;
    expect(inner.calls).toHaveLength(1);
    expect(a.ok && b.ok).toBe(true);
  });

  it("keeps validation answers but never an error: a failed plan is tried again", async () => {
    const inner = countingPlanner(async (i, call) => {
      if (call === 1) throw new Error("plan thread died");
      if (i.name === "bad") return { ok: false, kind: "validation", message: "invalid", fieldErrors: [{ field: "params.a", message: "required" }] };
      return planned(i);
    });
    const memo = new MemoizedPlanner(inner);
    await expect(memo.run(input({ params: {} }))).rejects.toThrow("plan thread died");
    expect((await memo.run(input({ params: {} }))).ok).toBe(true);
    await memo.run(input({ params: {} }, "bad"));
    expect(await memo.run(input({ params: {} }, "bad"))).toMatchObject({ ok: false, kind: "validation" });
    expect(inner.calls.map((c) => c.name)).toEqual(["orders", "orders", "bad"]);
  });

  it("holds at most its capacity, dropping the least recently used", async () => {
    const inner = countingPlanner(planned);
    const memo = new MemoizedPlanner(inner, 2);
    await memo.run(input({ n: 1 }));
    await memo.run(input({ n: 2 }));
    await memo.run(input({ n: 1 })); // 1 is now the most recent
    await memo.run(input({ n: 3 })); // drops 2
    await memo.run(input({ n: 1 }));
    await memo.run(input({ n: 2 }));
    expect(inner.calls.map((c) => (c.request as { n: number }).n)).toEqual([1, 2, 3, 2]);
  });

  it("shares one frozen answer: a caller cannot change what the next one gets", async () => {
    const memo = new MemoizedPlanner(countingPlanner(planned));
    const first = await memo.run(input({ params: {} }));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(() => first.plan.resources.push({} as never)).toThrow(TypeError);
    expect(() => Object.assign(first.policy, { passed: false })).toThrow(TypeError);
    const again = await memo.run(input({ params: {} }));
    expect(again.ok && again.plan.resources).toEqual([]);
    expect(again.ok && again.plan).toBe(first.plan);
  });

  it("answers a real plan again with the same plan and report", async () => {
    const memo = new MemoizedPlanner(new PlanPool({ threads: 1 }));
    try {
      const request = { blueprint: "dynamodb-search", request: exampleRequest("dynamodb-search"), name: "memo" };
      const first = await memo.run(request);
      const again = await memo.run(request);
      expect(first.ok && again.ok).toBe(true);
      if (!first.ok || !again.ok) return;
      expect(canonicalJson(again.plan)).toBe(canonicalJson(first.plan));
      expect(again.policy).toEqual(first.policy);
      expect(again.memoized).toBe(true);
    } finally {
      await memo.close();
    }
  });
});
