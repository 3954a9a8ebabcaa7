// List filters at scale: the first page of GET /v1/deployments for each filter the list
// offers, read from the SQLite store directly (no HTTP: this is about the query, which the
// route passes on as it is), with 100 deployments and with `records`. Every filtered value
// (a failed status, an owner, an environment, a blueprint, a team, drift) is held by the same
// 50 deployments among the first 100 and by no later one: each filter returns the same page
// at both sizes, so any growth is the query reading rows it does not return.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exampleRequest } from "../../blueprints/catalogue";
import type { Actor } from "../../api/domain/access";
import type { Deployment, DeploymentRequest } from "../../api/domain/model";
import { newId } from "../../api/store/ids";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";
import type { DeploymentFilter } from "../../api/store/store";
import { summarise, ms } from "../stats";
import { load, ratio, type Figure } from "./figure";

const BLUEPRINTS = ["dynamodb-search", "access-log-analytics", "serverless-streaming-pipeline"];
const TEAMS = Array.from({ length: 40 }, (_, i) => `team-${String(i).padStart(2, "0")}`);
const PAGE = 50;

const FILTERS: Record<string, Omit<DeploymentFilter, "limit">> = {
  "status=failed": { status: "failed" },
  owner: { owner: "rare-owner" },
  environment: { environment: "sandbox" },
  blueprint: { blueprint: "msk-data-lake" },
  team: { team: "team-rare" },
  drifted: { drifted: true },
  "team + status=failed": { team: "team-rare", status: "failed" },
  "team + drifted": { team: "team-rare", drifted: true },
  "owner + environment": { owner: "rare-owner", environment: "sandbox" },
};

function record(i: number): Deployment {
  const rare = i < 100 && i % 2 === 1;
  const blueprint = rare ? "msk-data-lake" : BLUEPRINTS[i % BLUEPRINTS.length]!;
  const team = rare ? "team-rare" : TEAMS[i % TEAMS.length]!;
  const example = exampleRequest(blueprint) as DeploymentRequest;
  const tags = { ...example.tags, owner: rare ? "rare-owner" : team, environment: rare ? "sandbox" : i % 2 ? "dev" : "prod" };
  const now = new Date().toISOString();
  return {
    name: `${team}-d${i}`,
    team,
    blueprint,
    region: "us-east-1",
    request: { params: example.params, tags },
    blueprintVersion: "1.0.0",
    appliedOperation: null,
    status: rare ? "failed" : "active",
    outputs: {},
    needsRecovery: false,
    runningOperation: null,
    statusBeforeDestroy: null,
    lastError: null,
    drift: rare ? { operationId: newId(), foundAt: now, changes: [] } : null,
    driftScheduleFrom: now,
    expiry: null,
    createdAt: now,
    updatedAt: now,
  };
}

async function seed(store: SqliteStore, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const d = record(i);
    const requestedBy: Actor = { tokenId: `${d.team}-ci`, tokenName: `${d.team} ci`, team: d.team, role: "deployer" };
    await store.deployments.create(d, { id: newId(), deployment: d.name, kind: "create", request: d.request, requestedBy });
  }
}

async function timeList(store: SqliteStore, filter: Omit<DeploymentFilter, "limit">): Promise<number> {
  const started = performance.now();
  await store.deployments.list({ ...filter, limit: PAGE });
  return performance.now() - started;
}

export async function listFigures(records: number, samples: number): Promise<Figure> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-bench-list-"));
  // Two stores, 100 and `records` deployments, read alternately: drift on a shared machine falls on both.
  const small = new SqliteStore(path.join(dir, "small.db"));
  const large = new SqliteStore(path.join(dir, "large.db"));
  try {
    await seed(small, 0, 100);
    const seeding = performance.now();
    await seed(large, 0, records);
    const seeded = performance.now() - seeding;
    let worst = 0;
    const rows: string[] = [];
    for (const [label, filter] of Object.entries(FILTERS)) {
      const times = { small: [] as number[], large: [] as number[] };
      for (let i = 0; i < 20; i++) await Promise.all([timeList(small, filter), timeList(large, filter)]);
      for (let i = 0; i < samples; i++) {
        times.small.push(await timeList(small, filter));
        times.large.push(await timeList(large, filter));
      }
      const [s, l] = [summarise(times.small), summarise(times.large)];
      const r = l.p99 / s.p99;
      worst = Math.max(worst, r);
      rows.push(`${label} p99 ${ms(s.p99)} → ${ms(l.p99)} (${ratio(r)}; p50 ${ratio(l.p50 / s.p50)})`);
    }
    return { figure: `any list filter at ${records.toLocaleString("en")} records vs 100 (p99 of the first page)`, measured: ratio(worst), target: "≤ 1.50×", met: worst <= 1.5, load: load(), detail: `${rows.join("; ")}; seeded in ${(seeded / 1000).toFixed(0)} s` };
  } finally {
    small.close();
    large.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
