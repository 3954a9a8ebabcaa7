import { execFile } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { run, tempJson } from "../support/cli";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "slipstream.js");


describe("slipstream plan", () => {
  it("prints a JSON plan of the example request", async () => {
    const { code, stdout } = await run(["plan", "dynamodb-search", "--request", path.join(ROOT, "blueprints/dynamodb-search/example.json"), "--format", "json"]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.blueprint).toBe("dynamodb-search");
    expect(plan.resources.length).toBeGreaterThan(20);
    for (const resource of plan.resources) expect(Object.keys(resource)).toEqual(expect.arrayContaining(["type", "name", "parent", "inputs", "dependencies"]));
    const fn = plan.resources.find((r: { type: string }) => r.type === "aws:lambda/function:Function");
    // The bundled code is summarised, not inlined.
    expect(fn.inputs.code).toEqual({ archive: { "index.js": { asset: { bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } } } });
  });

  it("prints a table with each resource under its parent", async () => {
    const { code, stdout } = await run(["plan", "access-log-analytics", "--request", path.join(ROOT, "blueprints/access-log-analytics/example.json"), "--name", "cdn"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME\s+TYPE$/m);
    expect(stdout).toMatch(/^cdn\s+slipstream:blueprints:AccessLogAnalytics$/m);
    expect(stdout).toMatch(/^ {4}cdn-forwarder\s+aws:lambda\/function:Function$/m);
    expect(stdout).toMatch(/access-log-analytics "cdn" in us-east-1: \d+ cloud resources in \d+ components/);
  });

  it("exits 2 naming the field of an invalid request", async () => {
    const file = tempJson({ params: { logFormat: "nginx" }, tags: { owner: "o", "cost-center": "c", environment: "dev" } });
    const { code, stderr } = await run(["plan", "access-log-analytics", "--request", file]);
    expect(code).toBe(2);
    expect(stderr).toContain("params.logFormat");
  });

  it("exits 2 on an unknown blueprint, a missing file, malformed JSON and a bad format", async () => {
    expect((await run(["plan", "no-such-blueprint", "--request", tempJson({})])).stderr).toContain('unknown blueprint "no-such-blueprint"');
    expect((await run(["plan", "dynamodb-search", "--request", "/nonexistent.json"])).code).toBe(2);
    const malformed = await run(["plan", "dynamodb-search", "--request", tempJson("{ not json")]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("is not valid JSON");
    expect((await run(["plan", "dynamodb-search", "--request", tempJson({}), "--format", "yaml"])).code).toBe(2);
    expect((await run(["plan", "dynamodb-search"])).stderr).toContain("--request is required");
    expect((await run(["plan", "dynamodb-search", "--bogus"])).code).toBe(2);
  });

  it("runs as the installed bin, with exit codes a CI job can read", async () => {
    const ok = await promisify(execFile)(process.execPath, [BIN, "plan", "dynamodb-search", "--request", path.join(ROOT, "blueprints/dynamodb-search/example.json"), "--format", "json"], { cwd: os.tmpdir() });
    expect(JSON.parse(ok.stdout).resources.length).toBeGreaterThan(20);
    const bad = await promisify(execFile)(process.execPath, [BIN, "plan", "dynamodb-search", "--request", tempJson({ params: {}, tags: {} })]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toContain("tags.owner");
  });
});
