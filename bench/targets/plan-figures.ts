// The plan figures of the target table: a warm plan against a bare program registering the
// same resources (per blueprint), an identical request planned again, and plans per second
// with two threads against one.
import * as os from "node:os";
import * as path from "node:path";
import { Piscina } from "piscina";
import { MemoizedPlanner } from "../../api/plans/memoized-planner";
import { PLAN_THREAD_LIMITS, PlanPool } from "../../api/plans/plan-pool";
import type { Plan } from "../../programs/offline-plan/render-plan";
import { catalogue, exampleRequest } from "../../blueprints/catalogue";
import { ms, summarise } from "../stats";
import { load, median, ratio, type Figure } from "./figure";

interface ThreadResult {
  elapsedMs: number;
  resources: number;
  plan?: Plan;
}

/**
 * Per blueprint, on one warm thread: `repetitions` plans and bare programs interleaved
 * (plan, bare, plan, bare…), each timed inside the thread; the ratio of their medians.
 */
export async function warmPlanVsBare(repetitions: number): Promise<Figure> {
  const pool = new Piscina({ filename: path.join(__dirname, "plan-or-bare-worker.js"), minThreads: 1, maxThreads: 1, resourceLimits: PLAN_THREAD_LIMITS });
  const rows: string[] = [];
  let worst = 0;
  try {
    for (const id of catalogue.keys()) {
      const input = { blueprint: id, request: exampleRequest(id), name: "bench" };
      const first = (await pool.run({ mode: "plan", input })) as ThreadResult;
      // Warm both paths (module loading, Lambda bundles, JIT) before measuring either.
      for (let i = 0; i < 2; i++) {
        await pool.run({ mode: "plan", input });
        await pool.run({ mode: "bare", plan: first.plan });
      }
      const plans: number[] = [];
      const bares: number[] = [];
      for (let i = 0; i < repetitions; i++) {
        plans.push(((await pool.run({ mode: "plan", input })) as ThreadResult).elapsedMs);
        const bare = (await pool.run({ mode: "bare", plan: first.plan })) as ThreadResult;
        if (bare.resources !== first.resources) throw new Error(`${id}: the bare program registered ${bare.resources} resources, the plan ${first.resources}`);
        bares.push(bare.elapsedMs);
      }
      const r = median(plans) / median(bares);
      worst = Math.max(worst, r);
      rows.push(`${id} ${ms(median(plans))} / ${ms(median(bares))} = ${ratio(r)} (${first.resources} resources)`);
    }
  } finally {
    await pool.destroy();
  }
  return { figure: "warm plan / bare mock-runtime program, same resources (worst blueprint)", measured: ratio(worst), target: "≤ 1.30×", met: worst <= 1.3, load: load(), detail: rows.join("; ") };
}

/** The same request planned again through the service's MemoizedPlanner over a warm pool: p99 of the repeats. */
export async function identicalAgain(repetitions: number): Promise<Figure> {
  const planner = new MemoizedPlanner(new PlanPool({ threads: 1 }));
  try {
    const id = "msk-data-lake"; // the largest plan: the most to copy out of memory
    const input = { blueprint: id, request: exampleRequest(id), name: "bench" };
    const first = await planner.run(input);
    if (!first.ok) throw new Error(first.message);
    const samples: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      const started = performance.now();
      const again = await planner.run(input);
      samples.push(performance.now() - started);
      if (!again.ok || !again.memoized) throw new Error("the repeated request was planned anew");
    }
    const s = summarise(samples);
    return { figure: "identical request planned again (p99)", measured: ms(s.p99), target: "≤ 5 ms", met: s.p99 <= 5, load: load(), detail: `${id}, p50 ${ms(s.p50)}, ${s.n} repeats` };
  } finally {
    await planner.close();
  }
}

/** Plans per second on warmed pools of 1 and 2 threads, every blueprint in turn, distinct requests. */
export async function threadScaling(count: number): Promise<Figure> {
  const ids = [...catalogue.keys()];
  const inputs = Array.from({ length: count }, (_, i) => ({ blueprint: ids[i % ids.length]!, request: exampleRequest(ids[i % ids.length]!), name: `bench-${i}` }));
  const rates: number[] = [];
  for (const threads of [1, 2]) {
    const pool = new PlanPool({ threads });
    try {
      await Promise.all(Array.from({ length: threads * ids.length }, (_, i) => pool.run(inputs[i % inputs.length]!)));
      const started = performance.now();
      await Promise.all(inputs.map((input) => pool.run(input)));
      rates.push(count / ((performance.now() - started) / 1000));
    } finally {
      await pool.close();
    }
  }
  const r = rates[1]! / rates[0]!;
  return { figure: "plans per second, 2 threads vs 1", measured: ratio(r), target: "≥ 1.70×", met: r >= 1.7, load: load(), detail: `${rates[0]!.toFixed(1)} → ${rates[1]!.toFixed(1)} plans/s, ${count} plans each, ${os.availableParallelism()} CPUs` };
}
