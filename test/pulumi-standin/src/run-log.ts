import * as fs from "node:fs";
import { flag, type ParsedArgs } from "./cli-args";
import { loadProject, selectedStack } from "./workspace";

/** One line of `PULUMI_STANDIN_RUN_LOG`: a deployment command as the stand-in ran it. */
export interface RunRecord {
  command: "up" | "preview" | "refresh" | "destroy";
  /** `--stack` as passed (the SDK always passes it), else the selected stack. */
  stack: string | null;
  /** `--message` (the Automation API's `message` option), or null. */
  message: string | null;
  pid: number;
  startedAt: string;
  finishedAt: string;
  result: "succeeded" | "failed";
}

/**
 * Runs a deployment command and, when `PULUMI_STANDIN_RUN_LOG` names a file, appends one
 * JSON line about it — whatever the outcome, lock conflicts and cancellations included (a
 * SIGKILLed run writes nothing). The line is one write(2) on an O_APPEND descriptor, so
 * several processes can share the file without interleaving.
 */
export async function recordRun(command: RunRecord["command"], args: ParsedArgs, cwd: string, run: () => Promise<number>): Promise<number> {
  const file = process.env["PULUMI_STANDIN_RUN_LOG"];
  if (!file) return run();
  const startedAt = new Date().toISOString();
  let result: RunRecord["result"] = "failed";
  try {
    const code = await run();
    if (code === 0) result = "succeeded";
    return code;
  } finally {
    const record: RunRecord = { command, stack: stackOf(args, cwd), message: flag(args, "--message") ?? null, pid: process.pid, startedAt, finishedAt: new Date().toISOString(), result };
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o644);
    try {
      fs.writeSync(fd, `${JSON.stringify(record)}\n`);
    } finally {
      fs.closeSync(fd);
    }
  }
}

function stackOf(args: ParsedArgs, cwd: string): string | null {
  const given = flag(args, "--stack");
  if (given) return given;
  try {
    return selectedStack(loadProject(cwd))?.split("/").pop() ?? null;
  } catch {
    return null;
  }
}
