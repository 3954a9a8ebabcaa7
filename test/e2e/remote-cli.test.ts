import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../api/cli/exit-codes";
import { STATE_WAIT_MS } from "../support/wait-for";
import { REPOSITORY_ROOT, startTestService } from "./support/service";

// The service's command line as a user runs it: the installed bin, in its own process, against
// a running service (access control on, engine = the Pulumi CLI stand-in), with the server and
// a team token from the environment. A whole lifecycle, and the exit codes scripts branch on.
const BIN = path.join(REPOSITORY_ROOT, "bin", "slipstream.js");
const BOOTSTRAP = "cli-bootstrap-" + "x".repeat(40);
const execFileAsync = promisify(execFile);

type Service = Awaited<ReturnType<typeof startTestService>>;
let service: Service;
let deployerToken: string;
let requests: string;

/** Runs `slipstream …` with the token (unless given another) and the service's URL in the environment. */
async function slipstream(args: string[], token: string | null = deployerToken): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, SLIPSTREAM_SERVER: service.url };
  if (token === null) delete env["SLIPSTREAM_TOKEN"];
  else env["SLIPSTREAM_TOKEN"] = token;
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], { env, timeout: STATE_WAIT_MS });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout: string; stderr: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function request(name: string, params: Record<string, unknown>): string {
  const file = path.join(requests, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ params, tags: { owner: "catalog-team", "cost-center": "cc-1234", environment: "dev" } }));
  return file;
}

const PARAMS = { table: { partitionKey: { name: "productId", type: "S" } }, changeCapture: "dynamodb-streams", search: { indexName: "products" } };

beforeAll(async () => {
  // Every operation that creates an SNS email subscription fails (the stand-in reads its knobs
  // from the environment it inherits): an update adding one is the failed operation below.
  process.env["PULUMI_STANDIN_FAIL_TYPE"] = "aws:sns/topicSubscription:TopicSubscription";
  service = await startTestService({ SLIPSTREAM_BOOTSTRAP_TOKEN: BOOTSTRAP });
  const admin = { authorization: `Bearer ${BOOTSTRAP}` };
  expect((await service.api.call("POST", "/v1/teams", { name: "catalog" }, admin)).status).toBe(201);
  const token = await service.api.call("POST", "/v1/teams/catalog/tokens", { name: "catalog-cli", role: "deployer" }, admin);
  expect(token.status).toBe(201);
  deployerToken = token.body.token as string;
  requests = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-cli-requests-"));
});

afterAll(async () => {
  delete process.env["PULUMI_STANDIN_FAIL_TYPE"];
  await service?.stop();
  if (requests) fs.rmSync(requests, { recursive: true, force: true });
});

describe("slipstream against a running service", () => {
  it("lists and shows the catalogue", async () => {
    const list = await slipstream(["blueprints", "list"]);
    expect(list.code).toBe(EXIT.ok);
    expect(list.stdout).toMatch(/^ID\s+TITLE/);
    expect(list.stdout).toContain("dynamodb-search");
    const show = await slipstream(["blueprints", "show", "dynamodb-search"]);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: "dynamodb-search", requestSchema: expect.any(Object) as object });
  });

  it("creates, reads, updates, follows and destroys a deployment, exiting from each outcome", async () => {
    const created = await slipstream(["deployments", "create", "cli-search", "--blueprint", "dynamodb-search", "--request", request("create", PARAMS), "--wait"]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(EXIT.ok);
    expect(created.stdout).toContain("slipstream.started");
    expect(created.stdout).toMatch(/create aws:dynamodb\/table:Table/);
    expect(created.stdout.trim().split("\n").at(-1)).toBe("create succeeded");

    const got = JSON.parse((await slipstream(["deployments", "get", "cli-search", "--json"])).stdout) as { status: string; team: string };
    expect(got).toMatchObject({ status: "active", team: "catalog" });
    const listed = await slipstream(["deployments", "list"]);
    expect(listed.stdout).toMatch(/cli-search\s+dynamodb-search\s+active\s+us-east-1\s+catalog/);

    // Queued without --wait, then followed by id: the failing update exits 1 with its error.
    const queued = await slipstream(["deployments", "update", "cli-search", "--request", request("emails", { ...PARAMS, notifications: { emails: ["oncall@example.com"] } })]);
    expect(queued.code).toBe(EXIT.ok);
    const operationId = /operation (\S+)/.exec(queued.stdout)?.[1];
    expect(operationId).toBeDefined();
    const followed = await slipstream(["operations", "logs", operationId!, "--follow"]);
    expect(followed.code).toBe(EXIT.failed);
    expect(followed.stdout).toContain("slipstream.failed");
    expect(followed.stdout.trim().split("\n").at(-1)).toMatch(/^update failed: /);
    const operation = JSON.parse((await slipstream(["operations", "get", operationId!, "--json"])).stdout) as { status: string; kind: string };
    expect(operation).toMatchObject({ kind: "update", status: "failed" });
    // The recorded log, read again without --follow, exits from the same outcome.
    expect((await slipstream(["operations", "logs", operationId!])).code).toBe(EXIT.failed);

    const updated = await slipstream(["deployments", "update", "cli-search", "--request", request("update", { ...PARAMS, search: { indexName: "catalog" } }), "--wait"]);
    expect(updated.code).toBe(EXIT.ok);
    expect(updated.stdout.trim().split("\n").at(-1)).toBe("update succeeded");

    const destroyed = await slipstream(["deployments", "destroy", "cli-search", "--wait"]);
    expect(destroyed.code).toBe(EXIT.ok);
    expect(destroyed.stdout.trim().split("\n").at(-1)).toBe("destroy succeeded");
    expect((await slipstream(["deployments", "get", "cli-search"])).code).toBe(EXIT.notFound);
  });

  it("exits with the documented code for each kind of refusal, saying why", async () => {
    const invalid = await slipstream(["deployments", "create", "cli-bad", "--blueprint", "dynamodb-search", "--request", request("bad", { ...PARAMS, changeCapture: "carrier-pigeon" })]);
    expect(invalid.code).toBe(EXIT.usage);
    expect(invalid.stderr).toContain("params.changeCapture");

    const missing = await slipstream(["deployments", "get", "no-such-deployment"]);
    expect(missing.code).toBe(EXIT.notFound);
    expect(missing.stderr).toMatch(/^404 /);

    const unauthenticated = await slipstream(["deployments", "list"], null);
    expect(unauthenticated.code).toBe(EXIT.unauthorized);

    const unreachable = await slipstream(["deployments", "list", "--server", "http://127.0.0.1:9"]);
    expect(unreachable.code).toBe(EXIT.unavailable);
    expect(unreachable.stderr).toContain("cannot reach the service at http://127.0.0.1:9");

    const noRequestFile = await slipstream(["deployments", "create", "cli-x", "--blueprint", "dynamodb-search"]);
    expect(noRequestFile.code).toBe(EXIT.usage);
    expect(noRequestFile.stderr).toContain("--request <file>");
  });
});
