import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleOf } from "../support/blueprint-requests";
import { waitFor } from "../support/wait-for";
import { setCloudDrift } from "../pulumi-standin/cloud";
import { startTestService } from "./support/service";

// The scheduled drift check, end to end: the service (SQLite, file:// state) on the CLI
// stand-in with checks every few seconds. A resource changed behind the stand-in's back (the
// cloud's copy its provider reads on refresh) becomes the deployment's drift record, listed by
// `?drifted=true`; once the cloud matches the stack again, the next check clears it.
type Service = Awaited<ReturnType<typeof startTestService>>;
let service: Service;
const NAME = "drift-scheduled";

beforeAll(async () => {
  service = await startTestService({ SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS: "1500" });
});
afterAll(async () => {
  await service?.stop();
});

describe("scheduled drift detection", () => {
  it("reports a resource changed behind the engine's back, then clears it when the cloud matches again", async () => {
    const { example } = exampleOf("dynamodb-search");
    const created = await service.api.call("POST", "/v1/deployments", { name: NAME, blueprint: "dynamodb-search", ...example });
    expect(created.status).toBe(202);
    expect((await service.api.settle(created.body.operation.id)).status).toBe("succeeded");

    // A tagged resource from the stack's own state: its tags change in the cloud.
    const stateDir = path.join(service.dataDir, "state");
    const exported = await service.api.call("GET", `/v1/deployments/${NAME}`);
    expect(exported.body.drift).toBeNull();
    const checkpoint = JSON.parse(fs.readFileSync(path.join(stateDir, ".pulumi", "stacks", "slipstream", `${NAME}.json`), "utf8")) as { checkpoint: { latest: { resources: { urn: string; type: string; custom: boolean; inputs?: Record<string, unknown> }[] } } };
    const table = checkpoint.checkpoint.latest.resources.find((r) => r.custom && r.type === "aws:dynamodb/table:Table")!;
    const tags = table.inputs!["tags"] as Record<string, string>;
    setCloudDrift(stateDir, "slipstream", NAME, { changed: { [table.urn]: { tags: { ...tags, owner: "changed-by-hand" } } } });

    const drifted = await waitFor("the scheduled check to record drift", async () => {
      const { body } = await service.api.call("GET", `/v1/deployments/${NAME}`);
      return body.drift ? body : undefined;
    });
    expect(drifted.drift.changes).toEqual([{ urn: table.urn, type: "aws:dynamodb/table:Table", change: "update", properties: ["tags"] }]);
    expect(drifted.status).toBe("active");
    const check = await service.api.call("GET", `/v1/operations/${drifted.drift.operationId}`);
    expect(check.body).toMatchObject({ kind: "drift-check", status: "succeeded", requestedBy: { tokenId: "drift-schedule" } });
    const events = await service.api.call("GET", `/v1/operations/${drifted.drift.operationId}/events?limit=500`);
    expect(events.body.events.map((e: { type: string }) => e.type)).toContain("slipstream.drift");
    const listed = await service.api.call("GET", "/v1/deployments?drifted=true");
    expect(listed.body.deployments.map((d: { name: string }) => d.name)).toEqual([NAME]);

    // The cloud matches the stack again: a later scheduled check clears the record.
    setCloudDrift(stateDir, "slipstream", NAME, {});
    await waitFor("a scheduled check to clear the drift", async () => {
      const { body } = await service.api.call("GET", `/v1/deployments/${NAME}`);
      return body.drift === null;
    });
    expect((await service.api.call("GET", "/v1/deployments?drifted=true")).body.deployments).toEqual([]);
  });
});
