// The service figures of the target table, from one `slipstream serve` process driven over
// HTTP from this one: its memory idle, with a warm plan pool, and once the pool has idled out;
// POST /v1/deployments acknowledged under 16 concurrent distinct creates; a preview
// acknowledged under 100 concurrent clients.
import { exampleRequest } from "../../blueprints/catalogue";
import { waitFor } from "../../test/support/wait-for";
import { settleFillers } from "../ack-latency";
import { call } from "../service";
import { ms, summarise } from "../stats";
import { load, type Figure } from "./figure";
import { startServiceProcess, type ServiceProcess } from "./service-process";

const BLUEPRINT = "dynamodb-search";
const example = exampleRequest(BLUEPRINT) as { params: Record<string, unknown>; tags: Record<string, string> };
/** Plan threads idle out after this here (the default is a minute), so the bench sees the pool give its memory back. */
const IDLE_MS = 8000;
const CONCURRENCY = 4;
const THREADS = 2;
const mib = (value: number) => `${value.toFixed(0)} MiB`;

/** `clients` at once, each sending `perClient` requests one after the other; latencies of the 202s, and the others counted. */
async function concurrent(clients: number, perClient: number, send: (client: number, i: number) => Promise<number>): Promise<{ samples: number[]; failed: number }> {
  const samples: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient; i++) {
        const sent = performance.now();
        const status = await send(client, i).catch(() => 0);
        if (status === 202) samples.push(performance.now() - sent);
        else failed++;
      }
    }),
  );
  return { samples, failed };
}

const create = (service: ServiceProcess, name: string) => call(service.url, "POST", "/v1/deployments", { name, blueprint: BLUEPRINT, ...example });

export async function serviceFigures(createsPerClient: number, previewsPerClient: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  // Every resource step of the stand-in sleeps 15 s: the operations queued here stay queued
  // or asleep, so the worker does no engine work while acknowledgements are measured.
  const service = await startServiceProcess({ PULUMI_STANDIN_DELAY_MS: "15000", SLIPSTREAM_PLAN_IDLE_MS: String(IDLE_MS), SLIPSTREAM_PLAN_THREADS: String(THREADS), SLIPSTREAM_CONCURRENCY: String(CONCURRENCY), SLIPSTREAM_SHUTDOWN_GRACE_MS: "0" });
  try {
    const idle = service.rss();
    // Warm every plan thread: distinct requests, so none is answered from memory.
    const warm = await Promise.all(Array.from({ length: THREADS * 4 }, (_, i) => call(service.url, "POST", "/v1/plans", { blueprint: BLUEPRINT, name: `warm-${i}`, ...example })));
    if (warm.some((r) => r.status !== 200)) throw new Error(`warm-up plans answered ${warm.map((r) => r.status).join(",")}`);
    const warmPool = service.rss();
    const busyThreads = service.threads();
    await waitFor("the idle plan threads to exit", () => service.threads() <= busyThreads - THREADS, { timeoutMs: IDLE_MS * 4, intervalMs: 250 });
    const idledOut = service.rss();
    figures.push({
      figure: "RSS idle (service process + children)",
      measured: mib(idle.withChildren),
      target: "≤ 200 MiB",
      met: idle.withChildren <= 200,
      load: load(),
      detail: `after the plan threads idled out again: ${mib(idledOut.own)} (+ children ${mib(idledOut.withChildren - idledOut.own)})`,
    });
    figures.push({
      figure: `RSS with a warm plan pool (${THREADS} threads, + children)`,
      measured: mib(warmPool.withChildren),
      target: "≤ 350 MiB",
      met: warmPool.withChildren <= 350,
      load: load(),
      detail: `process ${mib(warmPool.own)}, children (esbuild) ${mib(warmPool.withChildren - warmPool.own)}`,
    });

    // Take every operation slot with a create asleep in the stand-in; warm the pool again.
    const fillers = await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, i) => {
        const reply = await create(service, `filler-${i}`);
        if (reply.status !== 202) throw new Error(`filler create answered ${reply.status}: ${JSON.stringify(reply.body)}`);
        return reply.body.operation.id as string;
      }),
    );
    await Promise.all(Array.from({ length: THREADS * 4 }, (_, i) => call(service.url, "POST", "/v1/plans", { blueprint: BLUEPRINT, name: `rewarm-${i}`, ...example })));
    await settleFillers(service, fillers);

    const names: string[] = [];
    const creates = await concurrent(16, createsPerClient, async (client, i) => {
      const name = `ack-${client}-${i}`;
      const reply = await create(service, name);
      if (reply.status === 202) names.push(name);
      return reply.status;
    });
    const c = summarise(creates.samples);
    figures.push({ figure: "POST /v1/deployments ack p99, 16 concurrent distinct creates", measured: ms(c.p99), target: "≤ 1000 ms", met: c.p99 <= 1000 && creates.failed === 0, load: load(), detail: `p50 ${ms(c.p50)}, ${c.n} acknowledged, ${creates.failed} not 202` });

    let turn = 0;
    const previews = await concurrent(100, previewsPerClient, async () => (await call(service.url, "POST", `/v1/deployments/${names[turn++ % names.length]}/preview`)).status);
    const p = summarise(previews.samples);
    figures.push({ figure: "POST …/preview ack p99, 100 concurrent clients", measured: ms(p.p99), target: "≤ 50 ms", met: p.p99 <= 50 && previews.failed === 0, load: load(), detail: `p50 ${ms(p.p50)}, ${p.n} acknowledged, ${previews.failed} not 202` });
  } finally {
    await service.stop();
  }
  return figures;
}
