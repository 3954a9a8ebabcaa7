import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSettings } from "../../../api/config/settings";
import { startService, type RunningService } from "../../../api/server";
import { AwsJobsEndpoint } from "../../support/aws-jobs-endpoint";
import { waitFor } from "../../support/wait-for";

export const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..", "..");
export const STANDIN_ROOT = path.join(REPOSITORY_ROOT, "test", "pulumi-standin");
export const TAGS = { owner: "platform", "cost-center": "cc-1", environment: "dev" };

let jobsEndpoint: Promise<AwsJobsEndpoint> | undefined;

/**
 * The local Glue/Managed Flink endpoint every service of this test process talks to
 * (test/support/aws-jobs-endpoint.ts), started on first use. Blueprints declare streaming
 * jobs, so a service calls AWS after each create and before each destroy: here it reaches
 * this endpoint the SDK's standard way, with static credentials and no instance-metadata
 * lookup, so nothing waits on a real AWS or credential chain. Its variables go into this
 * process's environment too, for services started in-process (the SDK reads process.env).
 */
export function localJobsEndpoint(): Promise<AwsJobsEndpoint> {
  jobsEndpoint ??= AwsJobsEndpoint.start().then((endpoint) => {
    endpoint.unref();
    // Static credentials unless the test process has its own (a local endpoint checks none).
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...endpointOnly } = endpoint.env();
    if (process.env["AWS_ACCESS_KEY_ID"] === undefined) Object.assign(process.env, { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY });
    Object.assign(process.env, endpointOnly);
    return endpoint;
  });
  return jobsEndpoint;
}

/** The endpoint's variables once `localJobsEndpoint()` has started it (callers await that first). */
function jobsEndpointEnv(): Record<string, string> {
  return process.env["AWS_ENDPOINT_URL_GLUE"] !== undefined ? { AWS_ENDPOINT_URL_GLUE: process.env["AWS_ENDPOINT_URL_GLUE"], AWS_ENDPOINT_URL_KINESIS_ANALYTICS_V2: process.env["AWS_ENDPOINT_URL_KINESIS_ANALYTICS_V2"]!, AWS_EC2_METADATA_DISABLED: "true" } : {};
}

/**
 * Environment of a service whose engine is the Pulumi CLI stand-in, on a free port, whose
 * streaming-job calls reach the local endpoint (await `localJobsEndpoint()` before).
 */
export function serviceEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...jobsEndpointEnv(),
    SLIPSTREAM_JOB_POLL_MS: "50",
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
  await localJobsEndpoint();
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
