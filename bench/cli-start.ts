import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { ms, summarise } from "./stats";

// How long `slipstream` takes to start and answer, as a user's shell runs it: a new Node
// process each time, against `node -e 0` (Node's own start) on the same machine. "Cold" runs
// give tsx an empty cache (TSX_DISABLE_CACHE) so nothing compiled earlier helps; the CLI's
// core is the JavaScript bundle `npm install` builds. Prints figures; asserts nothing.
const RUNS = Number(process.argv[2] ?? 15);
const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "bin", "slipstream.js");

function time(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: "utf8" });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

function measure(label: string, args: string[], env?: NodeJS.ProcessEnv): void {
  time(args, env); // the first run builds the bundle if the sources changed; not measured
  const samples = Array.from({ length: RUNS }, () => time(args, env));
  const s = summarise(samples);
  console.log(`${label.padEnd(44)} p50 ${ms(s.p50).padStart(9)}  p95 ${ms(s.p95).padStart(9)}  max ${ms(s.max).padStart(9)}`);
}

console.log(`CLI start, ${RUNS} runs each (${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)})`);
measure("node -e 0", ["-e", "0"]);
measure("slipstream --help (cold: no tsx cache)", [BIN, "--help"], { TSX_DISABLE_CACHE: "1" });
measure("slipstream --help", [BIN, "--help"]);
measure("slipstream --version", [BIN, "--version"]);
measure("slipstream deployments create --help", [BIN, "deployments", "create", "--help"]);
measure("slipstream plan --help", [BIN, "plan", "--help"]);
measure("slipstream token (loads its module via tsx)", [BIN, "token"], { TSX_DISABLE_CACHE: "1" });
