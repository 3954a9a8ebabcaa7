// The service's overhead on one deployment: the wall time of a dynamodb-search create through
// the service (POST /v1/deployments, then its server-sent events until the operation
// finishes) against the bare Automation API call the engine makes for it
// (LocalWorkspace.createOrSelectStack + setConfig + plugin installs + stack.up with the same
// inline program, policy pack, Pulumi CLI stand-in and kind of backend), alternating.
//   npx tsx bench/service-overhead.ts [repetitions]
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type EngineEvent } from "@pulumi/pulumi/automation";
import { exampleRequest } from "../blueprints/catalogue";
import { blueprintProgram } from "../programs/blueprint-program";
import { call, PASSPHRASE, POLICY_PACK, STANDIN_ROOT, startBenchService, watchdog, type BenchService } from "./service";
import { ms } from "./stats";

const BLUEPRINT = "dynamodb-search";
const REGION = "us-east-1";
const PROJECT = "slipstream";
const example = exampleRequest(BLUEPRINT) as { params: Record<string, unknown>; tags: Record<string, string> };

// What server.ts gives the AutomationEngine: the versions of the installed provider packages.
const PLUGINS = ["aws", "awsx"].map((name) => ({ name, version: (require(`@pulumi/${name}/package.json`) as { version: string }).version }));

interface ServiceRun {
  total: number;
  ack: number;
  queued: number;
  engine: number;
  notified: number;
  events: number;
}

interface BareRun {
  total: number;
  workspace: number;
  up: number;
}

/** Create → succeeded through the service, as a client sees it; the split comes from the operation's timestamps. */
async function throughService(service: BenchService, name: string): Promise<ServiceRun> {
  const started = Date.now();
  const created = await call(service.url, "POST", "/v1/deployments", { name, blueprint: BLUEPRINT, region: REGION, ...example });
  if (created.status !== 202) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
  const acknowledged = Date.now();
  const operationId = created.body.operation.id as string;

  // Follow the operation's events; the stream ends once the operation has finished.
  const res = await fetch(`${service.url}/v1/operations/${operationId}/events/stream`, { signal: AbortSignal.timeout(120_000) });
  if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
  const decoder = new TextDecoder();
  let buffered = "";
  let finished: { at: number; type: string } | undefined;
  for await (const chunk of res.body) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    // Each event is a `message` whose data names its type; the operation's last one is its outcome.
    const match = /^data: \{"sequence":\d+,"time":"[^"]*","type":"(slipstream\.(?:succeeded|failed|cancelled|interrupted))"/m.exec(buffered);
    if (match) {
      finished = { at: Date.now(), type: match[1]! };
      break;
    }
    buffered = buffered.slice(Math.max(0, buffered.lastIndexOf("\n")));
  }
  await res.body.cancel().catch(() => undefined);
  if (!finished) throw new Error(`the event stream of ${name} ended without a final event`);
  const op = (await call(service.url, "GET", `/v1/operations/${operationId}`)).body as { status: string; createdAt: string; startedAt: string; finishedAt: string };
  if (op.status !== "succeeded") throw new Error(`the create of ${name} ${op.status}`);
  const events = ((await call(service.url, "GET", `/v1/operations/${operationId}/events?limit=500`)).body.events as unknown[]).length;
  const [createdAt, startedAt, finishedAt] = [op.createdAt, op.startedAt, op.finishedAt].map((t) => Date.parse(t)) as [number, number, number];
  return { total: finished.at - started, ack: acknowledged - started, queued: startedAt - createdAt, engine: finishedAt - startedAt, notified: finished.at - finishedAt, events };
}

/** The same create as AutomationEngine makes it, without the service around it. */
async function bare(dataDir: string, pulumiCommand: PulumiCommand, name: string): Promise<BareRun> {
  const started = performance.now();
  const workDir = path.join(dataDir, "workspaces", name);
  fs.mkdirSync(workDir, { recursive: true });
  const backend = `file://${path.join(dataDir, "state")}`;
  fs.mkdirSync(path.join(dataDir, "state"), { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: PROJECT, stackName: name, program: blueprintProgram(BLUEPRINT, example, name) },
    {
      workDir,
      pulumiHome: path.join(dataDir, "pulumi-home"),
      pulumiCommand,
      projectSettings: { name: PROJECT, runtime: "nodejs", backend: { url: backend } },
      secretsProvider: "passphrase",
      stackSettings: { [name]: { secretsProvider: "passphrase" } },
      envVars: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, PULUMI_BACKEND_URL: backend, PULUMI_SKIP_UPDATE_CHECK: "true" },
    },
  );
  await stack.setConfig("aws:region", { value: REGION });
  for (const plugin of PLUGINS) await stack.workspace.installPlugin(plugin.name, `v${plugin.version}`);
  const ready = performance.now();
  let events = 0;
  const result = await stack.up({ onEvent: (_event: EngineEvent) => void events++, color: "never", policyPacks: [POLICY_PACK], signal: AbortSignal.timeout(120_000) });
  if (result.summary.result !== "succeeded") throw new Error(`the bare up of ${name} ${result.summary.result}`);
  if (events === 0) throw new Error("the bare up reported no engine events");
  const done = performance.now();
  return { total: done - started, workspace: ready - started, up: done - ready };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const cell = (value: number) => ms(value).padStart(11);

async function main(): Promise<void> {
  watchdog(170_000, "service-overhead");
  const repetitions = Number(process.argv[2] ?? 7);
  const service = await startBenchService();
  const bareDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-bench-bare-"));
  try {
    const pulumiCommand = await PulumiCommand.get({ root: STANDIN_ROOT });
    console.log(`one ${BLUEPRINT} create, service vs bare Automation API, on the Pulumi CLI stand-in (no delay; ${os.availableParallelism()} CPUs, load average ${os.loadavg()[0]!.toFixed(2)})`);
    console.log(
      ["run".padEnd(8), "service", "bare", "difference", "│ ack", "queued", "engine", "notified", "│ workspace", "up"]
        .map((h, i) => (i === 0 ? h : h.padStart(11)))
        .join(" "),
    );
    const row = (label: string, s: ServiceRun, b: BareRun) =>
      console.log([label.padEnd(8), cell(s.total), cell(b.total), cell(s.total - b.total), `│${cell(s.ack).slice(1)}`, cell(s.queued), cell(s.engine), cell(s.notified), `│${cell(b.workspace).slice(1)}`, cell(b.up)].join(" "));

    // The first of each loads the blueprint's modules in this process and warms the plan threads: shown, not counted.
    row("warm-up", await throughService(service, "overhead-svc-0"), await bare(bareDir, pulumiCommand, "overhead-bare-0"));
    const services: ServiceRun[] = [];
    const bares: BareRun[] = [];
    for (let i = 1; i <= repetitions; i++) {
      // Alternate which goes first, so drift on the machine falls on both.
      let s: ServiceRun;
      let b: BareRun;
      if (i % 2) {
        s = await throughService(service, `overhead-svc-${i}`);
        b = await bare(bareDir, pulumiCommand, `overhead-bare-${i}`);
      } else {
        b = await bare(bareDir, pulumiCommand, `overhead-bare-${i}`);
        s = await throughService(service, `overhead-svc-${i}`);
      }
      services.push(s);
      bares.push(b);
      row(String(i), s, b);
    }
    const m = (key: keyof ServiceRun) => median(services.map((s) => s[key]));
    const mb = (key: keyof BareRun) => median(bares.map((b) => b[key]));
    row("median", { total: m("total"), ack: m("ack"), queued: m("queued"), engine: m("engine"), notified: m("notified"), events: m("events") }, { total: mb("total"), workspace: mb("workspace"), up: mb("up") });
    const overhead = m("total") - mb("total");
    console.log(`\nservice overhead: ${ms(overhead)} on a median bare create of ${ms(mb("total"))} (${((overhead / mb("total")) * 100).toFixed(0)}%), ${repetitions} runs each; the service recorded ${m("events")} events per create (load average ${os.loadavg()[0]!.toFixed(2)})`);
  } finally {
    await service.stop();
    fs.rmSync(bareDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
