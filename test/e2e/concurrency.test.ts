import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, TAGS } from "./support/service";

// Three times the concurrency limit of operations on distinct deployments run in parallel up to
// the limit; as many on one deployment run one at a time in arrival order. None is lost and none
// runs twice. Every wait is on state, bounded generously (test/support/wait-for.ts).
const LIMIT = 4;
const COUNT = 3 * LIMIT;
describe("operations under concurrency", () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    service = await startTestService({ SLIPSTREAM_CONCURRENCY: String(LIMIT) });
  });
  afterAll(() => service?.stop());

  const body = (name: string) => ({ name, blueprint: "dynamodb-search", params: {}, tags: TAGS });

  it("runs creates on distinct deployments in parallel up to the limit, each exactly once", async () => {
    const { api } = service;
    const accepted = await Promise.all(Array.from({ length: COUNT }, (_, i) => api.call("POST", "/v1/deployments", body(`many-${i}`))));
    expect(accepted.map((r) => r.status)).toEqual(Array(COUNT).fill(202));
    const operations = await Promise.all(accepted.map((r) => api.settle(r.body.operation.id)));
    expect(operations.map((o) => o.status)).toEqual(Array(COUNT).fill("succeeded"));
    for (const op of operations) {
      const events = (await api.call("GET", `/v1/operations/${op.id}/events?limit=500`)).body.events.map((e: { type: string }) => e.type);
      expect(events.filter((t: string) => t === "slipstream.started")).toHaveLength(1);
      expect(events.filter((t: string) => t === "summaryEvent")).toHaveLength(1);
    }
    // Runs overlapped (parallelism) but never beyond the limit.
    const spans = operations.map((o) => [Date.parse(o.startedAt), Date.parse(o.finishedAt)] as const);
    const overlap = (t: number) => spans.filter(([s, f]) => s <= t && t < f).length;
    const peak = Math.max(...spans.map(([s]) => overlap(s)));
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(LIMIT);
    const listed = (await api.call("GET", "/v1/deployments?limit=200&status=active")).body.deployments.map((d: { name: string }) => d.name);
    expect(listed.filter((n: string) => n.startsWith("many-"))).toHaveLength(COUNT);
  });

  it("runs concurrent operations on one deployment one at a time, each exactly once", async () => {
    const { api } = service;
    const created = await api.call("POST", "/v1/deployments", body("single"));
    await api.settle(created.body.operation.id);
    const kinds = ["preview", "refresh"] as const;
    const accepted = await Promise.all(Array.from({ length: COUNT }, (_, i) => api.call("POST", `/v1/deployments/single/${kinds[i % 2]}`)));
    expect(accepted.map((r) => r.status)).toEqual(Array(COUNT).fill(202));
    const submitted = accepted.map((r) => r.body.operation.id as string);
    const operations = await Promise.all(submitted.map((id) => api.settle(id)));
    expect(operations.map((o) => o.status)).toEqual(Array(COUNT).fill("succeeded"));
    // The store's order (oldest first) is the order they ran in, one after another.
    const history = (await api.call("GET", "/v1/deployments/single/operations?limit=100")).body.operations.reverse().slice(1);
    expect([...history.map((o: { id: string }) => o.id)].sort()).toEqual([...submitted].sort());
    for (let i = 1; i < history.length; i++) {
      expect(Date.parse(history[i].startedAt)).toBeGreaterThanOrEqual(Date.parse(history[i - 1].finishedAt));
    }
  });
});
