import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_WAIT_MS, waitFor } from "../support/wait-for";
import { REPOSITORY_ROOT, startTestService } from "./support/service";

const run = promisify(execFile);
const BOOTSTRAP = "e2e-bootstrap-" + "x".repeat(40);

/** The shell blocks of the README's access-control section: starting the service, then the flow. */
function accessBlocks(): string[] {
  const readme = fs.readFileSync(path.join(REPOSITORY_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## Access control");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

// The README's bootstrap flow, run as written by bash against a real service with access
// control on, driving the CLI stand-in; only the port differs. The stand-in's run log then
// shows the deployer token's name in the engine's update message.
describe("the README's access-control flow", () => {
  const runLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-access-runs-")), "runs.jsonl");
  const saved = process.env["PULUMI_STANDIN_RUN_LOG"];
  let service: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    process.env["PULUMI_STANDIN_RUN_LOG"] = runLog;
    service = await startTestService({ SLIPSTREAM_BOOTSTRAP_TOKEN: BOOTSTRAP });
  });
  afterAll(async () => {
    await service?.stop();
    if (saved === undefined) delete process.env["PULUMI_STANDIN_RUN_LOG"];
    else process.env["PULUMI_STANDIN_RUN_LOG"] = saved;
    fs.rmSync(path.dirname(runLog), { recursive: true, force: true });
  });

  it("starts the service with a generated bootstrap token beyond loopback", () => {
    const [startBlock] = accessBlocks();
    expect(startBlock).toContain("export SLIPSTREAM_BOOTSTRAP_TOKEN=$(npx slipstream token)");
    expect(startBlock).toContain("HOST=0.0.0.0 npm start");
  });

  it("creates a team and a deployer token, deploys with it and reads the audit, as written", async () => {
    const flow = accessBlocks()[1]!.replaceAll("localhost:8080", new URL(service.url).host);
    const { stdout } = await run("bash", ["-c", `set -euo pipefail\n${flow}`], { timeout: STATE_WAIT_MS, env: { ...process.env, SLIPSTREAM_BOOTSTRAP_TOKEN: BOOTSTRAP } });
    expect(stdout).not.toContain("problems/");
    expect(stdout).toContain('"team": "orders"');
    expect(stdout).toContain('"requestedBy": "orders-ci"');
    const audit = stdout
      .trim()
      .split("\n")
      .filter((l) => l.startsWith('{"actor"'))
      .map((l) => JSON.parse(l) as { actor: string; method: string; route: string; team: string; status: number });
    expect(audit).toEqual([
      { actor: "orders-ci", method: "POST", route: "/v1/deployments", team: "orders", status: 202 },
      { actor: "service admin", method: "POST", route: "/v1/teams/:team/tokens", team: "orders", status: 201 },
      { actor: "service admin", method: "POST", route: "/v1/teams", team: "orders", status: 201 },
    ]);
    // Nothing of it works without a token, and the deployment runs under the token's name.
    expect((await service.api.call("GET", "/v1/deployments/orders-search")).status).toBe(401);
    const auth = { authorization: `Bearer ${BOOTSTRAP}` };
    const deployment = await waitFor("the create to succeed", async () => {
      const { body } = await service.api.call("GET", "/v1/deployments/orders-search", undefined, auth);
      return body.status === "active" ? body : undefined;
    });
    const create = deployment.recentOperations[0];
    expect(create.requestedBy).toMatchObject({ tokenName: "orders-ci", team: "orders", role: "deployer" });
    const runs = fs.readFileSync(runLog, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { command: string; message: string });
    expect(runs).toContainEqual(expect.objectContaining({ command: "up", message: `slipstream operation ${create.id} requested by orders-ci` }));
  });
});
