import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AutomationEngine } from "../../api/engine/automation-engine";
import type { EngineResult } from "../../api/engine/engine";
import type { Operation, OperationKind } from "../../api/domain/model";
import { OPEN_ACTOR } from "../../api/domain/permissions";
import { exampleOf } from "../support/blueprint-requests";
import { setCloudDrift } from "../pulumi-standin/cloud";
import { REPOSITORY_ROOT, STANDIN_ROOT } from "./support/service";

// A drift-check through the real Automation API and the CLI stand-in: resources changed
// "behind its back" (the cloud's copy the stand-in's provider reads on refresh, see
// test/pulumi-standin/README.md) come back as the operation's DriftChanges, and the stack's
// state is left as it was, so the next check finds the same drift.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-drift-"));
const stateDir = path.join(dataDir, "state");
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const DEPLOYMENT = { name: "drift-watch", blueprint: "dynamodb-search", region: "eu-west-1" };
const { example } = exampleOf(DEPLOYMENT.blueprint);
const engine = new AutomationEngine({ dataDir, pulumiRoot: STANDIN_ROOT, stateUrl: `file://${stateDir}`, secretsProvider: "passphrase", passphrase: "drift", policyPackDir: path.join(REPOSITORY_ROOT, "policies"), plugins: [] });

let sequence = 0;
function run(kind: OperationKind): Promise<EngineResult> {
  const id = `op-${++sequence}-${kind}`;
  const operation: Operation = { id, deployment: DEPLOYMENT.name, kind, status: "running", request: example, blueprintVersion: null, cancelRequested: false, requestedBy: OPEN_ACTOR, runner: null, summary: null, error: null, createdAt: "", startedAt: "", finishedAt: null };
  return engine.run({ operation, deployment: DEPLOYMENT, signal: new AbortController().signal, emit: () => undefined, recover: false });
}

const checkpointFile = path.join(stateDir, ".pulumi", "stacks", "slipstream", `${DEPLOYMENT.name}.json`);
type SavedResource = { urn: string; type: string; custom: boolean; inputs?: Record<string, unknown> };
const savedResources = () => (JSON.parse(fs.readFileSync(checkpointFile, "utf8")) as { checkpoint: { latest: { resources: SavedResource[] } } }).checkpoint.latest.resources;

describe("a drift-check of a deployment whose resources changed behind the engine's back", () => {
  it("reports the changed resource, not the unchanged one, leaves the state alone, then reports a deleted one", async () => {
    await run("create");
    const managed = savedResources().filter((r) => r.custom && r.type.startsWith("aws:"));
    const tagged = managed.filter((r) => typeof r.inputs?.["tags"] === "object");
    const [changed, other] = [tagged[0]!, tagged[1]!];
    expect(changed && other).toBeTruthy();

    // Nothing changed yet: nothing to report.
    expect((await run("drift-check")).drift).toEqual([]);

    const tags = changed.inputs!["tags"] as Record<string, string>;
    setCloudDrift(stateDir, "slipstream", DEPLOYMENT.name, { changed: { [changed.urn]: { tags: { ...tags, owner: "someone-else" } } } });
    const before = fs.readFileSync(checkpointFile, "utf8");
    const first = await run("drift-check");
    expect(first.drift).toEqual([{ urn: changed.urn, type: changed.type, change: "update", properties: ["tags"] }]);
    expect(first.summary).toMatchObject({ update: 1 });
    expect(first.summary?.["delete"]).toBeUndefined();
    // A preview-only refresh: the state is byte for byte what it was, so the drift is still there.
    expect(fs.readFileSync(checkpointFile, "utf8")).toBe(before);
    expect((await run("drift-check")).drift).toEqual(first.drift);

    setCloudDrift(stateDir, "slipstream", DEPLOYMENT.name, { changed: { [changed.urn]: { tags: { ...tags, owner: "someone-else" } } }, deleted: [other.urn] });
    const third = await run("drift-check");
    expect(third.drift).toEqual(
      [
        { urn: changed.urn, type: changed.type, change: "update", properties: ["tags"] },
        { urn: other.urn, type: other.type, change: "delete", properties: [] },
      ].sort((a, b) => a.urn.localeCompare(b.urn)),
    );
    expect(third.summary).toMatchObject({ update: 1, delete: 1 });
    expect(fs.readFileSync(checkpointFile, "utf8")).toBe(before);
  });
});
