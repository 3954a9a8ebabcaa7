import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../api/cli/main";

/** Runs the CLI in this process; what it printed, by stream, and its exit code. */
export async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (t) => out.push(t), (t) => err.push(t));
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** Writes `value` (JSON, or a string as it is) to a new file in a fresh temporary folder. */
export function tempJson(value: unknown, fileName = "request.json"): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-cli-")), fileName);
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}
