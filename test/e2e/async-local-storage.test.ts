import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Hono } from "hono";
import { contextStorage } from "hono/context-storage";
import { describe, expect, it } from "vitest";
import { AutomationEngine } from "../../api/engine/automation-engine";
import type { Operation } from "../../api/domain/model";
import { OPEN_ACTOR } from "../../api/domain/permissions";
import { REPOSITORY_ROOT, STANDIN_ROOT, TAGS } from "./support/service";

// pulumi/pulumi#20737: `stack.up` hung when called inside another library's
// AsyncLocalStorage scope, and hono's contextStorage() makes exactly such a scope. The
// service never runs operations inside a request (see OperationWorker.notify, tested in
// test/api/operation-worker.test.ts); this pins that the engine itself completes an up
// started from inside that scope, so a regression in the SDK shows up here.
describe("an up inside hono's contextStorage scope", () => {
  it("completes", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-als-"));
    try {
      const engine = new AutomationEngine({ dataDir, pulumiRoot: STANDIN_ROOT, stateUrl: `file://${path.join(dataDir, "state")}`, secretsProvider: "passphrase", passphrase: "als", policyPackDir: path.join(REPOSITORY_ROOT, "policies"), plugins: [] });
      const operation: Operation = { id: "op-als", deployment: "als-scope", kind: "create", status: "running", request: { params: {}, tags: TAGS }, blueprintVersion: null, cancelRequested: false, requestedBy: OPEN_ACTOR, runner: null, summary: null, error: null, createdAt: "", startedAt: "", finishedAt: null };
      const app = new Hono();
      app.use(contextStorage());
      app.post("/up", async (c) => {
        const result = await engine.run({ operation, deployment: { name: "als-scope", blueprint: "dynamodb-search", region: "us-east-1" }, signal: new AbortController().signal, emit: () => undefined, recover: false });
        return c.json(result);
      });
      const res = await app.request("/up", { method: "POST" });
      expect(res.status).toBe(200);
      // Completed, and created the blueprint's resources (their number is the blueprint's business).
      const { summary } = (await res.json()) as { summary: Record<string, number> };
      expect(Object.keys(summary)).toEqual(["create"]);
      expect(summary["create"]).toBeGreaterThan(10);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
