// Offline plan latency per blueprint (cold: a fresh worker thread; warm: the same thread
// again) and plans per second with the worker pool against a single worker.
//   npx tsx bench/plans.ts [plans-per-run]
import * as os from "node:os";
import { PlanPool } from "../api/plans/plan-pool";
import { catalogue, exampleRequest } from "../blueprints/catalogue";
import { ms, summarise } from "./stats";

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

async function latency(): Promise<void> {
  console.log("plan latency (one worker thread)");
  console.log("blueprint".padEnd(32), "cold".padStart(10), "warm p50".padStart(10), "warm p95".padStart(10), "resources".padStart(10));
  for (const id of catalogue.keys()) {
    const pool = new PlanPool({ threads: 1 });
    try {
      const input = { blueprint: id, request: exampleRequest(id), name: "bench" };
      const [first, cold] = await timed(() => pool.run(input));
      if (!first.ok) throw new Error(`${id}: ${first.message}`);
      const warm: number[] = [];
      for (let i = 0; i < 10; i++) warm.push((await timed(() => pool.run(input)))[1]);
      const s = summarise(warm);
      console.log(id.padEnd(32), ms(cold).padStart(10), ms(s.p50).padStart(10), ms(s.p95).padStart(10), String(first.plan.resources.length).padStart(10));
    } finally {
      await pool.close();
    }
  }
}

async function throughput(count: number): Promise<void> {
  const ids = [...catalogue.keys()];
  const inputs = Array.from({ length: count }, (_, i) => ({ blueprint: ids[i % ids.length]!, request: exampleRequest(ids[i % ids.length]!), name: `bench-${i}` }));
  console.log(`\nplans per second, ${count} plans of every blueprint in turn (${os.availableParallelism()} CPUs)`);
  for (const threads of [1, Math.max(2, Math.min(4, os.availableParallelism()))]) {
    const pool = new PlanPool({ threads });
    try {
      // Warm every thread first: this measures steady state, not module loading.
      await Promise.all(Array.from({ length: threads * 2 }, (_, i) => pool.run(inputs[i % inputs.length]!)));
      const [, elapsed] = await timed(() => Promise.all(inputs.map((input) => pool.run(input))));
      console.log(`${String(threads).padStart(2)} worker thread(s): ${(count / (elapsed / 1000)).toFixed(1)} plans/s (${ms(elapsed)} for ${count})`);
    } finally {
      await pool.close();
    }
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 24);
  await latency();
  await throughput(count);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
