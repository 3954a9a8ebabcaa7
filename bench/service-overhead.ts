// The service's overhead on one deployment: the wall time of a dynamodb-search create through
// the service (POST /v1/deployments, then its server-sent events until the operation
// finishes) against the bare Automation API call the engine makes for it
// (LocalWorkspace.createOrSelectStack + setConfig + plugin installs + stack.up with the same
// inline program, policy pack, Pulumi CLI stand-in and kind of backend), alternating.
// On equal terms: the service runs as `slipstream serve` in a process of its own, this process
// being only its client; the bare call runs here with nothing else in the process and records
// every engine event as the service does (RunEvents into a SQLite store, published on an event
// bus). The figure is the ratio of the medians.
//   npx tsx bench/service-overhead.ts [repetitions]
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type EngineEvent } from "@pulumi/pulumi/automation";
import pino from "pino";
import { exampleRequest } from "../blueprints/catalogue";
import type { Deployment, DeploymentRequest } from "../api/domain/model";
import { EventBus } from "../api/operations/event-bus";
import { RunEvents } from "../api/operations/run-events";
import { newId } from "../api/store/ids";
import { SqliteStore } from "../api/store/sqlite/sqlite-store";
import { blueprintProgram } from "../programs/blueprint-program";
import { call, PASSPHRASE, POLICY_PACK, STANDIN_ROOT, watchdog } from "./service";
import { ms } from "./stats";
import { startServiceProcess, type ServiceProcess } from "./targets/service-process";

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
async function throughService(service: Pick<ServiceProcess, "url">, name: string): Promise<ServiceRun> {
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

/** Where the bare call records its events, as the service's engine run does. */
interface EventRecording {
  store: SqliteStore;
  bus: EventBus;
}

/** An operation row for the bare call's events to belong to, written before the clock starts. */
async function bareOperation(recording: EventRecording, name: string): Promise<string> {
  const now = new Date().toISOString();
  const request = { ...example, region: REGION } as DeploymentRequest;
  const deployment: Deployment = { name, team: "default", blueprint: BLUEPRINT, region: REGION, request, blueprintVersion: "1.0.0", appliedOperation: null, status: "pending", outputs: {}, needsRecovery: false, runningOperation: null, statusBeforeDestroy: null, lastError: null, drift: null, driftScheduleFrom: now, expiry: null, createdAt: now, updatedAt: now };
  const id = newId();
  await recording.store.deployments.create(deployment, { id, deployment: name, kind: "create", request, requestedBy: { tokenId: "bench", tokenName: "bench", team: "default", role: "admin" } });
  return id;
}

/** The same create as AutomationEngine makes it, without the service around it. */
async function bare(dataDir: string, pulumiCommand: PulumiCommand, name: string, recording: EventRecording): Promise<BareRun> {
  const operationId = await bareOperation(recording, name);
  const events = new RunEvents(recording.store, recording.bus, operationId, () => new Date().toISOString(), pino({ level: "silent" }), () => false);
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
  let recorded = 0;
  // As AutomationEngine's onEvent: the event's one body key is its type.
  const onEvent = (event: EngineEvent) => {
    const { sequence: _sequence, timestamp: _timestamp, ...body } = event;
    const [type] = Object.keys(body);
    if (!type) return;
    recorded++;
    events.emit(type, body[type as keyof typeof body]);
  };
  const result = await stack.up({ onEvent, color: "never", policyPacks: [POLICY_PACK], signal: AbortSignal.timeout(120_000) });
  await events.drain();
  if (result.summary.result !== "succeeded") throw new Error(`the bare up of ${name} ${result.summary.result}`);
  if (recorded === 0) throw new Error("the bare up reported no engine events");
  const done = performance.now();
  return { total: done - started, workspace: ready - started, up: done - ready };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const cell = (value: number) => ms(value).padStart(11);

export interface Overhead {
  serviceMedian: number;
  bareMedian: number;
  ratio: number;
  events: number;
}

/** Alternating creates through the service and bare, after one warm-up of each; prints each run when `print`. */
export async function measureOverhead(repetitions: number, print: boolean): Promise<Overhead> {
  const service = await startServiceProcess({ SLIPSTREAM_SHUTDOWN_GRACE_MS: "0" });
  const bareDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-bench-bare-"));
  const recording: EventRecording = { store: new SqliteStore(path.join(bareDir, "events.db")), bus: new EventBus() };
  try {
    const pulumiCommand = await PulumiCommand.get({ root: STANDIN_ROOT });
    const log = print ? console.log : () => undefined;
    log(`one ${BLUEPRINT} create, service (own process) vs bare Automation API (this process, events recorded alike), on the Pulumi CLI stand-in (no delay; ${os.availableParallelism()} CPUs, load average ${os.loadavg()[0]!.toFixed(2)})`);
    log(
      ["run".padEnd(8), "service", "bare", "ratio", "│ ack", "queued", "engine", "notified", "│ workspace", "up"]
        .map((h, i) => (i === 0 ? h : h.padStart(11)))
        .join(" "),
    );
    const row = (label: string, s: ServiceRun, b: BareRun) =>
      log([label.padEnd(8), cell(s.total), cell(b.total), `${(s.total / b.total).toFixed(3)}×`.padStart(11), `│${cell(s.ack).slice(1)}`, cell(s.queued), cell(s.engine), cell(s.notified), `│${cell(b.workspace).slice(1)}`, cell(b.up)].join(" "));

    // The first of each loads the blueprint's modules and warms the plan threads: shown, not counted.
    row("warm-up", await throughService(service, "overhead-svc-0"), await bare(bareDir, pulumiCommand, "overhead-bare-0", recording));
    const services: ServiceRun[] = [];
    const bares: BareRun[] = [];
    for (let i = 1; i <= repetitions; i++) {
      // Alternate which goes first, so drift on the machine falls on both.
      let s: ServiceRun;
      let b: BareRun;
      if (i % 2) {
        s = await throughService(service, `overhead-svc-${i}`);
        b = await bare(bareDir, pulumiCommand, `overhead-bare-${i}`, recording);
      } else {
        b = await bare(bareDir, pulumiCommand, `overhead-bare-${i}`, recording);
        s = await throughService(service, `overhead-svc-${i}`);
      }
      services.push(s);
      bares.push(b);
      row(String(i), s, b);
    }
    const m = (key: keyof ServiceRun) => median(services.map((s) => s[key]));
    const mb = (key: keyof BareRun) => median(bares.map((b) => b[key]));
    row("median", { total: m("total"), ack: m("ack"), queued: m("queued"), engine: m("engine"), notified: m("notified"), events: m("events") }, { total: mb("total"), workspace: mb("workspace"), up: mb("up") });
    const overhead = { serviceMedian: m("total"), bareMedian: mb("total"), ratio: m("total") / mb("total"), events: m("events") };
    log(`\nservice / bare: ${overhead.ratio.toFixed(3)}× (medians ${ms(overhead.serviceMedian)} / ${ms(overhead.bareMedian)}), ${repetitions} runs each; the service recorded ${overhead.events} events per create, the bare call every engine event (load average ${os.loadavg()[0]!.toFixed(2)})`);
    return overhead;
  } finally {
    await service.stop();
    recording.store.close();
    fs.rmSync(bareDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  watchdog(170_000, "service-overhead");
  measureOverhead(Number(process.argv[2] ?? 7), true).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
