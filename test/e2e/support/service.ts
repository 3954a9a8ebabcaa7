import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSettings } from "../../../api/config/settings";
import { startService, type RunningService } from "../../../api/server";
import { waitFor } from "../../support/wait-for";

export const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..", "..");
export const STANDIN_ROOT = path.join(REPOSITORY_ROOT, "test", "pulumi-standin");
export const TAGS = { owner: "platform", "cost-center": "cc-1", environment: "dev" };

/** Environment of a service whose engine is the Pulumi CLI stand-in, on a free port. */
export function serviceEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: "0",
    SLIPSTREAM_DATA_DIR: dataDir,
    SLIPSTREAM_PULUMI_ROOT: STANDIN_ROOT,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    SLIPSTREAM_POLL_MS: "50",
    SLIPSTREAM_PLAN_THREADS: "2",
    LOG_LEVEL: "silent",
    ...extra,
  };
}

/** The real service, in this process, over a real HTTP port, driving the stand-in. */
export async function startTestService(extra: Record<string, string> = {}): Promise<RunningService & { dataDir: string; api: Api }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-e2e-"));
  const service = await startService(loadSettings(serviceEnv(dataDir, extra)));
  return {
    ...service,
    dataDir,
    api: new Api(service.url),
    async stop() {
      await service.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- responses are asserted on, not typed */
export class Api {
  constructor(readonly url: string) {}

  async call(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(this.url + route, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  /** Waits for an operation to finish and returns it. */
  settle(operationId: string): Promise<any> {
    return waitFor(`operation ${operationId} to finish`, async () => {
      const { body } = await this.call("GET", `/v1/operations/${operationId}`);
      return ["queued", "running"].includes(body.status) ? undefined : body;
    });
  }

  /** Waits until the operation has emitted an event of `type`. */
  untilEvent(operationId: string, type: string, count = 1): Promise<true> {
    return waitFor(`${count} ${type} event(s) of operation ${operationId}`, async () => {
      const { body } = await this.call("GET", `/v1/operations/${operationId}/events?limit=500`);
      return body.events.filter((e: { type: string }) => e.type === type).length >= count;
    });
  }
}
