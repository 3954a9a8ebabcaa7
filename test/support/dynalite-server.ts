/**
 * A LocalDynamo (test/support/dynalite.ts) in a process of its own, for tests that run several
 * service processes on one table: `npx tsx test/support/dynalite-server.ts` prints one JSON
 * line, `{"endpoint":"http://127.0.0.1:PORT"}`, once it listens, and stops on SIGTERM or SIGINT —
 * or, when its standard input is a pipe (`spawnDynalite` gives it one), when that pipe closes,
 * so that it does not outlive a parent that died.
 */
import { fstatSync } from "node:fs";
import { startDynalite } from "./dynalite";

async function main(): Promise<void> {
  const local = await startDynalite();
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void local.close().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  const stdin = fstatSync(0);
  if (stdin.isFIFO() || stdin.isSocket()) {
    process.stdin.on("end", stop);
    process.stdin.on("close", stop);
    process.stdin.resume();
  }
  process.stdout.write(`${JSON.stringify({ endpoint: local.endpoint })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
