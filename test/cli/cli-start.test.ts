import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin", "slipstream.js");
// Loaded before the CLI: at exit, says on stderr which of the modules it watches were loaded.
const REPORT = `process.on("exit", () => process.stderr.write("\\nloaded:" + JSON.stringify({ tsx: Object.keys(require.cache).some((f) => f.includes("/node_modules/tsx/")), typescript: Object.keys(require.cache).some((f) => f.endsWith(".ts")) })));`;

function run(args: string[]): { status: number | null; loaded: { tsx: boolean; typescript: boolean } } {
  const result = spawnSync(process.execPath, ["-e", `${REPORT} process.argv.splice(1, 0, ${JSON.stringify(BIN)}); require(${JSON.stringify(BIN)})`, "--", ...args], { encoding: "utf8", cwd: ROOT });
  const match = /loaded:(\{.*\})\s*$/.exec(result.stderr);
  if (!match) throw new Error(`no report from slipstream ${args.join(" ")}: ${result.stderr}`);
  return { status: result.status, loaded: JSON.parse(match[1]!) as { tsx: boolean; typescript: boolean } };
}

// `slipstream --help` and the service commands start from the JavaScript bundle alone; only the
// offline commands pay for tsx's loader and their TypeScript (bench/cli-start.ts times both).
describe("what the CLI loads to start", () => {
  it.each([["--help"], ["--version"], ["deployments", "--help"]])("%s loads neither tsx nor any TypeScript", (...args) => {
    const { status, loaded } = run(args);
    expect(status).toBe(0);
    expect(loaded).toEqual({ tsx: false, typescript: false });
  });

  it("an offline command (token) loads its TypeScript through tsx", () => {
    const { status, loaded } = run(["token"]);
    expect(status).toBe(0);
    expect(loaded).toEqual({ tsx: true, typescript: true });
  });
});
