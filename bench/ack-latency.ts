// Acknowledgement latency of the real service under concurrent clients, over real HTTP on
// 127.0.0.1: POST /v1/deployments (validation + offline plan + policy check in the plan
// worker pool, then queued → 202) against POST /v1/deployments/{name}/preview (no plan gate:
// queued → 202). The service runs in this process on the Pulumi CLI stand-in.
//   npx tsx bench/ack-latency.ts [creates-per-level] [previews-per-level]
import * as os from "node:os";
import { exampleRequest } from "../blueprints/catalogue";
import { call, sleep, startBenchService, watchdog, type BenchService } from "./service";
import { ms, summarise } from "./stats";

// Every create and delete of the stand-in takes this long, so the operations the benchmark
// queues stay queued or sleep while it measures: the worker does no engine work meanwhile.
// (Read by the stand-in from the environment the Automation API passes on; set in `main`
// only, so a benchmark that imports from this file keeps a stand-in without delay.)
const STANDIN_DELAY_MS = 15_000;

const BLUEPRINT = "dynamodb-search";
const LEVELS = [1, 4, 16];
const LEVEL_BUDGET_MS = 40_000;
const example = exampleRequest(BLUEPRINT) as { params: Record<string, unknown>; tags: Record<string, string> };

interface LevelResult {
  clients: number;
  samples: number[];
  failures: Map<string, number>;
  elapsedMs: number;
}

/**
 * `clients` concurrent clients, each sending its share of `total` requests one after the
 * other; a request's latency runs from sending it to having read the whole reply. Stops
 * sending when the level's time budget is spent.
 */
async function level(clients: number, total: number, send: (client: number, index: number) => Promise<number>): Promise<LevelResult> {
  const perClient = Math.max(1, Math.round(total / clients));
  const deadline = performance.now() + LEVEL_BUDGET_MS;
  const samples: number[] = [];
  const failures = new Map<string, number>();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient && performance.now() < deadline; i++) {
        const sent = performance.now();
        let outcome: string;
        try {
          const status = await send(client, i);
          outcome = String(status);
        } catch (err) {
          outcome = (err as Error).name;
        }
        if (outcome === "202") samples.push(performance.now() - sent);
        else failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
      }
    }),
  );
  return { clients, samples, failures, elapsedMs: performance.now() - started };
}

function table(title: string, rows: LevelResult[]): void {
  console.log(`\n${title}`);
  console.log(["clients", "requests", "p50", "p95", "p99", "max", "req/s", "not 202"].map((h, i) => (i === 0 ? h.padEnd(8) : h.padStart(10))).join(" "));
  for (const row of rows) {
    const s = summarise(row.samples);
    const failed = [...row.failures].map(([k, v]) => `${v}×${k}`).join(",") || "0";
    const rate = (row.samples.length / (row.elapsedMs / 1000)).toFixed(1);
    console.log([String(row.clients).padEnd(8), String(s.n).padStart(10), ...[s.p50, s.p95, s.p99, s.max].map((v) => ms(v).padStart(10)), rate.padStart(10), failed.padStart(10)].join(" "));
  }
}

/** Waits until every filler operation is running and its engine has gone quiet (sleeping in the stand-in's delay). */
export async function settleFillers(service: Pick<BenchService, "url">, operationIds: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  let lastCount = -1;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    let count = 0;
    let started = 0;
    for (const id of operationIds) {
      const op = (await call(service.url, "GET", `/v1/operations/${id}`)).body as { status: string };
      if (op.status !== "running") continue;
      const events = (await call(service.url, "GET", `/v1/operations/${id}/events?limit=500`)).body.events as { type: string }[];
      count += events.length;
      if (events.some((e) => e.type === "resourcePreEvent")) started++;
    }
    if (count !== lastCount) {
      lastCount = count;
      quietSince = Date.now();
    } else if (started === operationIds.length && Date.now() - quietSince >= 1500) {
      return;
    }
    await sleep(250);
  }
  console.log("(the filler operations did not settle within 60 s; measuring anyway)");
}

async function main(): Promise<void> {
  watchdog(170_000, "ack-latency");
  process.env.PULUMI_STANDIN_DELAY_MS = String(STANDIN_DELAY_MS);
  const creates = Number(process.argv[2] ?? 64);
  const previews = Number(process.argv[3] ?? 400);
  const warmStarted = performance.now();
  const service = await startBenchService();
  const { SLIPSTREAM_CONCURRENCY: concurrency, SLIPSTREAM_PLAN_THREADS: threads } = service.settings;
  try {
    console.log(`acknowledgement latency over HTTP on 127.0.0.1 (${os.availableParallelism()} CPUs, ${threads} plan threads, ${concurrency} operations at once, ${BLUEPRINT}; load average ${os.loadavg()[0]!.toFixed(2)})`);

    // Warm-up, not measured: fill every operation slot with a create that then sleeps in
    // the stand-in (so later creates only queue), and warm each plan thread.
    const fillers = await Promise.all(
      Array.from({ length: concurrency }, async (_, i) => {
        const reply = await call(service.url, "POST", "/v1/deployments", { name: `filler-${i}`, blueprint: BLUEPRINT, ...example });
        if (reply.status !== 202) throw new Error(`warm-up create answered ${reply.status}: ${JSON.stringify(reply.body)}`);
        return reply.body.operation.id as string;
      }),
    );
    const plans = await Promise.all(Array.from({ length: threads * 4 }, () => call(service.url, "POST", "/v1/plans", { blueprint: BLUEPRINT, name: "warm-up", ...example })));
    if (plans.some((p) => p.status !== 200)) throw new Error(`warm-up plan answered ${plans.map((p) => p.status).join(",")}`);
    for (let i = 0; i < 20; i++) await call(service.url, "POST", `/v1/deployments/filler-${i % concurrency}/preview`);
    await settleFillers(service, fillers);
    console.log(`warm-up: ${concurrency} creates running (stand-in delay ${STANDIN_DELAY_MS / 1000} s per resource), plan pool warm with ${service.settings.SLIPSTREAM_PLAN_THREADS} threads, ${ms(performance.now() - warmStarted)}`);

    const createRows: LevelResult[] = [];
    const names: string[] = [];
    for (const clients of LEVELS) {
      createRows.push(
        await level(clients, creates, async (client, i) => {
          const name = `ack-c${clients}-${client}-${i}`;
          const reply = await call(service.url, "POST", "/v1/deployments", { name, blueprint: BLUEPRINT, ...example });
          if (reply.status === 202) names.push(name);
          return reply.status;
        }),
      );
    }
    table(`POST /v1/deployments → 202 (validate + offline plan + policy check + queue), ${creates} requests per level`, createRows);

    const previewRows: LevelResult[] = [];
    let turn = 0;
    for (const clients of LEVELS) {
      previewRows.push(
        await level(clients, previews, async () => (await call(service.url, "POST", `/v1/deployments/${names[turn++ % names.length]}/preview`)).status),
      );
    }
    table(`POST /v1/deployments/{name}/preview → 202 (no plan gate: queue only), ${previews} requests per level`, previewRows);
  } finally {
    const stopping = performance.now();
    await service.stop();
    console.log(`\n(service stopped in ${ms(performance.now() - stopping)}, running operations interrupted; load average ${os.loadavg()[0]!.toFixed(2)})`);
  }
}

// Run as a script; bench/targets.ts imports settleFillers only.
if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
