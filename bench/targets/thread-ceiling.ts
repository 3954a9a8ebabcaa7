// What two threads can give on this machine at all, beside the plan pool's own scaling: the
// same fixed work on one worker thread and on two (each doing it once), for a loop that only
// computes and for one that allocates short-lived objects as a plan does. A plan is mostly
// allocation (promises, outputs, protobuf messages: ~40 MB for msk-data-lake), and allocation
// shares what two threads cannot both have at once — V8's garbage-collection helper threads
// and the memory system — so the allocating loop's figure bounds what two plan threads get.
import { Worker } from "node:worker_threads";
import { load, ratio, type Figure } from "./figure";

const COMPUTE = `let x = 0; for (let i = 0; i < 3e8; i++) x = (x * 1103515245 + 12345) | 0; require("node:worker_threads").parentPort.postMessage(x);`;
const ALLOCATE = `let kept = []; for (let i = 0; i < 3e6; i++) { kept.push({ a: i, b: [i, i + 1], c: "x" + i }); if (kept.length > 50000) kept = []; } require("node:worker_threads").parentPort.postMessage(kept.length);`;

function runOnThreads(source: string, threads: number): Promise<number> {
  const started = performance.now();
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(source, { eval: true });
      worker.once("message", () => void worker.terminate().then(() => resolve()));
      worker.once("error", reject);
    });
  return Promise.all(Array.from({ length: threads }, one)).then(() => performance.now() - started);
}

/** Throughput of two threads against one (twice the work in the time taken), median of `repetitions`, interleaved. */
async function scaling(source: string, repetitions: number): Promise<number> {
  const ratios: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const one = await runOnThreads(source, 1);
    const two = await runOnThreads(source, 2);
    ratios.push((2 * one) / two);
  }
  return ratios.sort((a, b) => a - b)[repetitions >> 1]!;
}

export async function threadCeiling(repetitions: number): Promise<Figure> {
  const compute = await scaling(COMPUTE, repetitions);
  const allocate = await scaling(ALLOCATE, repetitions);
  return {
    figure: "context: two threads vs one on this machine, allocating loop",
    measured: ratio(allocate),
    target: "—",
    met: undefined,
    load: load(),
    detail: `the same loop on two threads against one, median of ${repetitions}: ${ratio(compute)} for a loop that only computes, ${ratio(allocate)} for one that allocates short-lived objects as a plan does — the ceiling for the plan pool's own figure above`,
  };
}
