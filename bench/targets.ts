// Every figure of the target table (issue "Plans at the speed of the engine") from one run,
// each as a ratio or percentile beside its target, with the 1-minute load average when it was
// taken (the machine may be shared). Figures only: nothing here fails on a time.
//   npx tsx bench/targets.ts [list-records] [overhead-repetitions]   # defaults 100000, 5
import * as os from "node:os";
import { measureOverhead } from "./service-overhead";
import { watchdog } from "./service";
import { cliFigures } from "./targets/cli-figures";
import { load, ratio, type Figure } from "./targets/figure";
import { listFigures } from "./targets/list-figures";
import { identicalAgain, threadScaling, warmPlanVsBare } from "./targets/plan-figures";
import { serviceFigures } from "./targets/service-figures";
import { threadCeiling } from "./targets/thread-ceiling";

function print(figures: Figure[], started: number): void {
  const verdict = (f: Figure) => (f.target === "—" ? "" : f.met === undefined ? "?" : f.met ? "met" : "NOT met");
  console.log(`\ntargets (${os.availableParallelism()} CPUs, Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  console.log(["figure".padEnd(72), "measured".padStart(11), "target".padStart(11), "".padStart(8), "load".padStart(5)].join(" "));
  for (const f of figures) console.log([f.figure.padEnd(72), f.measured.padStart(11), f.target.padStart(11), verdict(f).padStart(8), f.load.toFixed(2).padStart(5)].join(" "));
  console.log("\ndetails");
  for (const f of figures) if (f.detail) console.log(`- ${f.figure}: ${f.detail}`);
}

async function main(): Promise<void> {
  const records = Number(process.argv[2] ?? 100_000);
  const repetitions = Number(process.argv[3] ?? 5);
  if (!Number.isInteger(records) || records < 1000) throw new Error(`list-records must be a whole number ≥ 1000, got ${process.argv[2]}`);
  if (!Number.isInteger(repetitions) || repetitions < 1) throw new Error(`overhead-repetitions must be a whole number ≥ 1, got ${process.argv[3]}`);
  watchdog(30 * 60_000, "targets");
  const started = performance.now();
  const figures: Figure[] = [];
  const step = async (name: string, run: () => Promise<Figure | Figure[]> | Figure[]) => {
    const t = performance.now();
    console.log(`${name}…`);
    try {
      const result = await run();
      const measured = Array.isArray(result) ? result : [result];
      figures.push(...measured);
      // Each as soon as it is known: a run cut short still leaves what it measured.
      for (const f of measured) console.log(`  ${f.figure}: ${f.measured} (target ${f.target}, load ${f.load.toFixed(2)})`);
    } catch (err) {
      // One figure failing to measure leaves the others standing; the table says which.
      figures.push({ figure: name, measured: "error", target: "", met: undefined, load: load(), detail: String((err as Error).stack ?? err) });
    }
    console.log(`  ${((performance.now() - t) / 1000).toFixed(0)} s (load ${load().toFixed(2)})`);
  };
  await step("warm plan vs bare program", () => warmPlanVsBare(5));
  await step("identical request again", () => identicalAgain(50));
  await step("plans per second", () => threadScaling(48));
  await step("two threads on this machine", () => threadCeiling(3));
  await step("service: memory and acknowledgements", () => serviceFigures(4, 4));
  await step("CLI start", () => cliFigures(5));
  await step(`list filters (${records} records)`, () => listFigures(records, 300));
  await step("service vs bare Automation API", async () => {
    const o = await measureOverhead(repetitions, false);
    return { figure: "one create via the service / bare Automation API call (medians)", measured: ratio(o.ratio), target: "≤ 1.05×", met: o.ratio <= 1.05, load: load(), detail: `${o.serviceMedian.toFixed(0)} ms / ${o.bareMedian.toFixed(0)} ms, ${repetitions} runs each (bench/service-overhead.ts splits them)` };
  });
  print(figures, started);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
