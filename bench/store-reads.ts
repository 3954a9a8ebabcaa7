// Read latency of the service as its store grows: GET /v1/deployments (the first page, a deep
// cursor page, one team's page and one filtered list), GET /v1/deployments/{name} and
// GET /v1/operations/{id}, at 100, 10,000 and 100,000 deployments, on both store backends:
// SQLite, and DynamoDB on a local dynalite (test/support/dynalite.ts, in a process of its own).
// The records are written through the store interface by a second store object opened on the
// service's SQLite file or DynamoDB table, as another service instance sharing the store would
// write them. Figures only; no assertion on time.
//   npx tsx bench/store-reads.ts [max-records] [samples] [backends]   # defaults 100000, 300, sqlite,dynamodb
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import * as os from "node:os";
import * as path from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import pino from "pino";
import { exampleRequest } from "../blueprints/catalogue";
import type { Actor } from "../api/domain/access";
import type { Deployment, DeploymentRequest } from "../api/domain/model";
import { createDynamoStore } from "../api/store/dynamodb/dynamo-store";
import { newId } from "../api/store/ids";
import { SqliteStore } from "../api/store/sqlite/sqlite-store";
import type { NewOperation, Store } from "../api/store/store";
import { localDynamoClientConfig, localDynamoEnv, spawnDynalite } from "../test/support/dynalite";
import { call, startBenchService, watchdog, type BenchService } from "./service";
import { ms, summarise } from "./stats";

const DEFAULT_LEVELS = [100, 10_000, 100_000];
/** Store writes in flight while seeding (each one a `deployments.create`). */
const SEED_CONCURRENCY = 16;
/** Unmeasured requests before each measured series (connection, statement cache, JIT). */
const WARM_UP = 20;
/** A measured series stops early past this, so a very busy machine still finishes. */
const SERIES_BUDGET_MS = 60_000;
const PAGE = 50; // the list's default page size
const TABLE = "slipstream-bench";

// The fleet: four blueprints, 40 teams (each its deployments' owner tag too), environments
// 20 % prod / 30 % staging / 50 % dev.
const BLUEPRINTS = [
  { id: "dynamodb-search", short: "search" },
  { id: "access-log-analytics", short: "logs" },
  { id: "msk-data-lake", short: "lake" },
  { id: "serverless-streaming-pipeline", short: "stream" },
] as const;
const TEAMS = Array.from({ length: 40 }, (_, i) => `team-${String(i).padStart(2, "0")}`);
/** The team whose page is measured (one fortieth of the fleet). */
const MEASURED_TEAM = TEAMS[7]!;
const examples = new Map(BLUEPRINTS.map((b) => [b.id, exampleRequest(b.id) as DeploymentRequest]));

type Backend = "sqlite" | "dynamodb";

/** Deterministic 32-bit mixing, so every run seeds the same fleet. */
function mix(i: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A small seeded generator (mulberry32) for the random names and ids read. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The i-th deployment of the fleet and its first operation, as DeploymentService.create writes them. */
function fleetRecord(i: number): { deployment: Deployment; operation: NewOperation } {
  const h = mix(i);
  const blueprint = BLUEPRINTS[h % BLUEPRINTS.length]!;
  const team = TEAMS[(h >>> 4) % TEAMS.length]!;
  const tenth = (h >>> 12) % 10;
  const environment = tenth < 2 ? "prod" : tenth < 5 ? "staging" : "dev";
  const example = examples.get(blueprint.id)!;
  const request: DeploymentRequest = { params: example.params, tags: { ...example.tags, owner: team, environment } };
  // Names start with the team: new deployments land at forty places in the name order, not at its end.
  const name = `${team}-${blueprint.short}-${i}`;
  const now = new Date().toISOString();
  const deployment: Deployment = { name, team, blueprint: blueprint.id, region: "us-east-1", request, blueprintVersion: "1.0.0", appliedOperation: null, status: "pending", outputs: {}, needsRecovery: false, runningOperation: null, statusBeforeDestroy: null, lastError: null, drift: null, driftScheduleFrom: now, expiry: null, createdAt: now, updatedAt: now };
  const requestedBy: Actor = { tokenId: `${team}-ci`, tokenName: `${team} ci`, team, role: "deployer" };
  return { deployment, operation: { id: newId(), deployment: name, kind: "create", request, requestedBy } };
}

interface Fleet {
  names: string[];
  operationIds: string[];
  /** How many are tagged environment=prod. */
  prod: number;
  /** How many belong to MEASURED_TEAM. */
  team: number;
}

/** Creates deployments `from`…`to - 1` through `store`, `SEED_CONCURRENCY` at a time; returns the seconds taken. */
async function seed(store: Store, fleet: Fleet, from: number, to: number): Promise<number> {
  const started = performance.now();
  let next = from;
  let lastReport = started;
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      while (next < to) {
        const { deployment, operation } = fleetRecord(next++);
        await store.deployments.create(deployment, operation);
        // SQLite's writes are synchronous: let the event loop run between them, as it would
        // were the writer another process (else the service's idle keep-alive sockets time
        // out unserved and the first request after seeding meets a reset connection).
        await new Promise((resolve) => setImmediate(resolve));
        fleet.names.push(deployment.name);
        fleet.operationIds.push(operation.id);
        if (deployment.request.tags.environment === "prod") fleet.prod++;
        if (deployment.team === MEASURED_TEAM) fleet.team++;
        if (performance.now() - lastReport > 30_000) {
          lastReport = performance.now();
          const done = fleet.names.length - from;
          const rate = done / ((lastReport - started) / 1000);
          console.log(`  … ${fleet.names.length} records, ${rate.toFixed(0)}/s, ~${((to - fleet.names.length) / rate / 60).toFixed(1)} min to ${to} (load average ${load()})`);
        }
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

interface Series {
  label: string;
  records: number;
  samples: number[];
  /** Garbage collection in this process (the service's, and the benchmark client's) during the series. */
  gcMs: number;
}

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ["gc"] });

/** `samples` sequential requests from one client, after a warm-up; a reply that is not 200, or a short page, stops the benchmark. */
async function series(service: BenchService, label: string, records: number, samples: number, route: () => string, check: (body: unknown) => string | undefined): Promise<Series> {
  const timed: number[] = [];
  const deadline = performance.now() + SERIES_BUDGET_MS;
  let gcBefore = gcMs;
  for (let i = 0; i < WARM_UP + samples && performance.now() < deadline; i++) {
    if (i === WARM_UP) gcBefore = gcMs;
    const target = route();
    const sent = performance.now();
    const reply = await call(service.url, "GET", target);
    const elapsed = performance.now() - sent;
    const problem = reply.status !== 200 ? `answered ${reply.status}: ${JSON.stringify(reply.body)}` : check(reply.body);
    if (problem) throw new Error(`GET ${target} ${problem}`);
    if (i >= WARM_UP) timed.push(elapsed);
  }
  return { label, records, samples: timed, gcMs: gcMs - gcBefore };
}

const load = () => os.loadavg()[0]!.toFixed(2);

/** A page of exactly `expected` deployments. */
const page = (expected: number) => (body: unknown) => {
  const reply = body as { deployments: unknown[]; next: string | null };
  return reply.deployments.length === expected ? undefined : `gave ${reply.deployments.length} deployments (next ${reply.next}), expected ${expected}`;
};

interface Request {
  label: string;
  route: () => string;
  check: (body: unknown) => string | undefined;
}

const only = (what: string, field: (d: { team: string; tags: Record<string, string> }) => string, value: string, expected: number) => (body: unknown) =>
  page(expected)(body) ?? ((body as { deployments: { team: string; tags: Record<string, string> }[] }).deployments.every((d) => field(d) === value) ? undefined : `listed a deployment outside ${what}`);

async function measure(service: BenchService, fleet: Fleet, samples: number): Promise<Series[]> {
  const records = fleet.names.length;
  const sorted = [...fleet.names].sort();
  // Near the end of the name order, with more than a page after it.
  const deep = sorted[Math.max(0, sorted.length - PAGE - 10)]!;
  const pick = random(records);
  const any = <T>(list: T[]) => list[Math.floor(pick() * list.length)]!;
  const none = () => undefined;
  const requests: Request[] = [
    // No store read: HTTP, routing and this machine's load, for comparing the rows below across levels.
    { label: "GET /healthz (no store read)", route: () => "/healthz", check: none },
    { label: "GET /v1/deployments (first page)", route: () => "/v1/deployments", check: page(Math.min(PAGE, records)) },
    { label: "GET /v1/deployments?cursor=<deep>", route: () => `/v1/deployments?cursor=${deep}`, check: page(Math.min(PAGE, sorted.length - 1 - sorted.indexOf(deep))) },
    { label: `GET /v1/deployments?team=${MEASURED_TEAM}`, route: () => `/v1/deployments?team=${MEASURED_TEAM}`, check: only(MEASURED_TEAM, (d) => d.team, MEASURED_TEAM, Math.min(PAGE, fleet.team)) },
    { label: "GET /v1/deployments?environment=prod", route: () => "/v1/deployments?environment=prod", check: only("prod", (d) => d.tags.environment ?? "", "prod", Math.min(PAGE, fleet.prod)) },
    { label: "GET /v1/deployments/{random name}", route: () => `/v1/deployments/${any(fleet.names)}`, check: none },
    { label: "GET /v1/operations/{random id}", route: () => `/v1/operations/${any(fleet.operationIds)}`, check: none },
  ];
  // Settling, not measured: every request a few times, so that what seeding left behind (garbage
  // to collect in this process and in dynalite's, a SQLite checkpoint) is not charged to the first series.
  for (let round = 0; round < 10; round++) for (const r of requests) await call(service.url, "GET", r.route());
  const rows: Series[] = [];
  console.log(`  ${"request".padEnd(40)} ${"n".padStart(6)} ${["p50", "p95", "p99", "max", "gc"].map((h) => h.padStart(10)).join(" ")}`);
  for (const r of requests) {
    const row = await series(service, r.label, records, samples, r.route, r.check);
    rows.push(row);
    const s = summarise(row.samples);
    console.log(`  ${r.label.padEnd(40)} ${String(s.n).padStart(6)} ${[s.p50, s.p95, s.p99, s.max, row.gcMs].map((v) => ms(v).padStart(10)).join(" ")}`);
  }
  return rows;
}

interface Opened {
  service: BenchService;
  seeder: Store;
  /** Closes the seeder, stops the service (removing its data) and, for DynamoDB, dynalite. */
  close(): Promise<void>;
}

/** The service on the backend, and a second store object on the same SQLite file or DynamoDB table. */
async function open(backend: Backend): Promise<Opened> {
  if (backend === "sqlite") {
    const service = await startBenchService();
    const seeder = new SqliteStore(path.join(service.dataDir, "slipstream.db"));
    return {
      service,
      seeder,
      async close() {
        await seeder.close();
        await service.stop();
      },
    };
  }
  // dynalite in a process of its own, as DynamoDB is another machine: the emulator's heap (the
  // whole table, in memory) and its garbage collection stay out of the service's process.
  const dynamo = await spawnDynalite();
  let service: BenchService | undefined;
  const client = new DynamoDBClient(localDynamoClientConfig(dynamo.endpoint));
  try {
    // The service's store client finds its endpoint, region and credentials the standard way.
    Object.assign(process.env, localDynamoEnv(dynamo.endpoint));
    service = await startBenchService({ SLIPSTREAM_STORE: `dynamodb://${TABLE}` });
    const seeder = await createDynamoStore({ table: TABLE, log: pino({ level: "silent" }), client });
    const running = service;
    return {
      service: running,
      seeder,
      async close() {
        await seeder.close();
        client.destroy();
        await running.stop();
        await dynamo.close();
      },
    };
  } catch (error) {
    client.destroy();
    await service?.stop();
    await dynamo.close();
    throw error;
  }
}

async function bench(backend: Backend, levels: number[], samples: number): Promise<Series[]> {
  console.log(`\n${backend}${backend === "dynamodb" ? ` (table ${TABLE} on dynalite behind the transaction front, in a child process)` : " (one file, WAL, in this process)"}; load average ${load()}`);
  const { service, seeder, close } = await open(backend);
  const rows: Series[] = [];
  const fleet: Fleet = { names: [], operationIds: [], prod: 0, team: 0 };
  try {
    // Reads only: the seeded create operations stay queued, and no engine runs beside the measurement.
    await service.worker.stop();
    for (const [i, level] of levels.entries()) {
      const from = fleet.names.length;
      const seconds = await seed(seeder, fleet, from, level);
      const heap = (process.memoryUsage().heapUsed / 1e6).toFixed(0);
      console.log(`${level} records: seeded ${level - from} in ${seconds.toFixed(1)} s (${((level - from) / seconds).toFixed(0)} creates/s, ${SEED_CONCURRENCY} in flight; heap ${heap} MB; load average ${load()})`);
      rows.push(...(await measure(service, fleet, samples)));
      const following = levels[i + 1];
      if (following !== undefined) {
        const minutes = (following - level) / ((level - from) / seconds) / 60;
        console.log(`  (at that rate, seeding to ${following} takes ~${minutes.toFixed(1)} min)`);
      }
    }
  } finally {
    await close();
  }
  return rows;
}

function summary(backend: Backend, rows: Series[], levels: number[]): void {
  console.log(`\n${backend}: p50 / p95 / p99 by deployment records`);
  console.log(["request".padEnd(40), ...levels.map((l) => String(l).padStart(26))].join(" "));
  for (const label of [...new Set(rows.map((r) => r.label))]) {
    const cells = levels.map((level) => {
      const row = rows.find((r) => r.label === label && r.records === level);
      if (!row) return "-".padStart(26);
      const s = summarise(row.samples);
      return [s.p50, s.p95, s.p99].map((v) => v.toFixed(1)).join(" / ").concat(" ms").padStart(26);
    });
    console.log([label.padEnd(40), ...cells].join(" "));
  }
}

async function main(): Promise<void> {
  const maxRecords = Number(process.argv[2] ?? 100_000);
  const samples = Number(process.argv[3] ?? 300);
  const backends = (process.argv[4] ?? "sqlite,dynamodb").split(",") as Backend[];
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || !Number.isInteger(samples) || samples < 1 || backends.some((b) => b !== "sqlite" && b !== "dynamodb")) {
    throw new Error("usage: npx tsx bench/store-reads.ts [max-records] [samples] [sqlite,dynamodb]");
  }
  const levels = DEFAULT_LEVELS.filter((l) => l < maxRecords).concat(maxRecords);
  // Seeding dominates: dynalite took 10–50 ms a create on 2 busy vCPUs. Past this the process ends itself.
  const budgetMs = 10 * 60_000 + maxRecords * backends.length * 50;
  watchdog(budgetMs, "store-reads");
  console.log(
    `store read latency over HTTP on 127.0.0.1, one client, ${samples} samples per request after ${WARM_UP} unmeasured; levels ${levels.join(", ")} deployments (${os.availableParallelism()} CPUs, load average ${load()}; watchdog ${Math.round(budgetMs / 60_000)} min)`,
  );
  const results: [Backend, Series[]][] = [];
  for (const backend of backends) results.push([backend, await bench(backend, levels, samples)]);
  for (const [backend, rows] of results) summary(backend, rows, levels);
  console.log(`\n(load average ${load()})`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
