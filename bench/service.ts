// What the service benchmarks share: the real service on the Pulumi CLI stand-in, in this
// process, on a free loopback port, with its data in a temporary folder; and a small HTTP client.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSettings } from "../api/config/settings";
import { startService, type RunningService } from "../api/server";

export const REPOSITORY_ROOT = path.resolve(__dirname, "..");
export const STANDIN_ROOT = path.join(REPOSITORY_ROOT, "test", "pulumi-standin");
export const POLICY_PACK = path.join(REPOSITORY_ROOT, "policies");
export const PASSPHRASE = "bench-passphrase";

export interface BenchService extends RunningService {
  dataDir: string;
  settings: ReturnType<typeof loadSettings>;
}

/** Starts the service with LOG_LEVEL silent on 127.0.0.1:<free port>; stop() also removes its data. */
export async function startBenchService(extra: Record<string, string> = {}): Promise<BenchService> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-bench-"));
  const settings = loadSettings({
    PORT: "0",
    HOST: "127.0.0.1",
    SLIPSTREAM_DATA_DIR: dataDir,
    SLIPSTREAM_PULUMI_ROOT: STANDIN_ROOT,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    LOG_LEVEL: "silent",
    ...extra,
  });
  const service = await startService(settings);
  return {
    ...service,
    dataDir,
    settings,
    async stop() {
      await service.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- benchmark replies are read, not typed
  body: any;
}

/** One JSON request over real HTTP (Node's fetch, keep-alive); each is bounded by `timeoutMs`. */
export async function call(url: string, method: string, route: string, body?: unknown, timeoutMs = 60_000): Promise<Reply> {
  const res = await fetch(url + route, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Kills the process if a benchmark overruns its budget, so it always stops by itself. */
export function watchdog(budgetMs: number, name: string): void {
  setTimeout(() => {
    console.error(`${name}: still running after ${Math.round(budgetMs / 1000)} s; giving up`);
    process.exit(1);
  }, budgetMs).unref();
}
