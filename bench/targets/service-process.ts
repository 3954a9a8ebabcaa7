// The service as it is run: `slipstream serve` in a process of its own (the benchmark is its
// client, not its host), on the Pulumi CLI stand-in, data in a temporary folder. Its memory is
// read from /proc: the process's RSS and that of its children (the esbuild service, stand-in CLIs).
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { waitFor } from "../../test/support/wait-for";
import { PASSPHRASE, REPOSITORY_ROOT, STANDIN_ROOT } from "../service";

export interface ServiceProcess {
  url: string;
  pid: number;
  /** RSS in MiB of the service process alone, and with its child processes. */
  rss(): { own: number; withChildren: number };
  /** Threads of the service process (/proc status): plan threads are among them. */
  threads(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const status = (pid: number, field: string): number => {
  const match = new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) : 0;
};

/** Every descendant of `pid`, from each thread's children list. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    let children = "";
    try {
      children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8");
    } catch {
      continue;
    }
    for (const child of children.split(" ").filter(Boolean).map(Number)) found.push(child, ...descendants(child));
  }
  return found;
}

export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-bench-"));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(REPOSITORY_ROOT, "bin", "slipstream.js"), "serve"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", SLIPSTREAM_DATA_DIR: dataDir, SLIPSTREAM_PULUMI_ROOT: STANDIN_ROOT, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor("the service to answer /healthz", () => fetch(`${url}/healthz`).then((r) => r.ok, () => false), { timeoutMs: 60_000, intervalMs: 100 });
  const pid = child.pid!;
  return {
    url,
    pid,
    rss() {
      const own = status(pid, "VmRSS") / 1024;
      const children = descendants(pid).reduce((sum, p) => sum + (fs.existsSync(`/proc/${p}`) ? status(p, "VmRSS") : 0), 0) / 1024;
      return { own, withChildren: own + children };
    },
    threads: () => status(pid, "Threads"),
    async stop() {
      child.kill("SIGTERM");
      await exited;
      // A stand-in CLI the service started may still be writing its state as it exits.
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}
