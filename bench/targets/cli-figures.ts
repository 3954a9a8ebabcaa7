// `slipstream --help` and `slipstream plan` as a shell runs them: a new Node process each,
// median of `runs`, beside `node -e 0` on the same machine. tsx keeps its compile cache (as
// after the first run on a machine); the first run of each is not counted.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exampleRequest } from "../../blueprints/catalogue";
import { REPOSITORY_ROOT } from "../service";
import { ms } from "../stats";
import { load, median, type Figure } from "./figure";

const BIN = path.join(REPOSITORY_ROOT, "bin", "slipstream.js");

function time(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

function medianOf(args: string[], runs: number): number {
  time(args);
  return median(Array.from({ length: runs }, () => time(args)));
}

export function cliFigures(runs: number): Figure[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-bench-cli-"));
  try {
    const request = path.join(dir, "request.json");
    fs.writeFileSync(request, JSON.stringify(exampleRequest("dynamodb-search")));
    const node = medianOf(["-e", "0"], runs);
    const help = medianOf([BIN, "--help"], runs);
    const plan = medianOf([BIN, "plan", "dynamodb-search", "--request", request], runs);
    return [
      { figure: "`slipstream --help` cold (median)", measured: ms(help), target: "≤ 300 ms", met: help <= 300, load: load(), detail: `node -e 0: ${ms(node)}; ${runs} runs` },
      { figure: "`slipstream plan dynamodb-search` cold (median)", measured: ms(plan), target: "≤ 1500 ms", met: plan <= 1500, load: load(), detail: `${runs} runs` },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
