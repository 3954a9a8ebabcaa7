import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_WAIT_MS, waitFor } from "../support/wait-for";
import { REPOSITORY_ROOT, startTestService } from "./support/service";

const run = promisify(execFile);

/** The shell block of the README's walk-through. */
function walkthrough(): string {
  const readme = fs.readFileSync(path.join(REPOSITORY_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Walk-through"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("README has no walk-through block");
  return block;
}

// The README's walk-through, run as written by bash against a real service on the CLI
// stand-in; only the port differs.
describe("the README walk-through", () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service?.stop());

  it("works as written", async () => {
    const script = walkthrough().replaceAll("localhost:8080", new URL(service.url).host);
    const { stdout } = await run("bash", ["-c", `set -euo pipefail\n${script}`], { timeout: STATE_WAIT_MS, maxBuffer: 256 * 1024 * 1024 });
    expect(stdout).not.toContain("problems/");
    expect(stdout).toContain('"type":"slipstream.succeeded"');
    expect(stdout).toContain('event: end\ndata: {"operation":');
    expect(stdout).toMatch(/"status": "active"/);
    expect(stdout).toContain('"slipstream.started"');
    expect(stdout).toContain('"preview"');
    expect(stdout).toContain('"refresh"');
    expect(stdout.trim().split("\n").pop()).toBe('"destroying"');
    await waitFor("the destroyed deployment to disappear", async () => (await service.api.call("GET", "/v1/deployments/orders-search")).status === 404);
  });
});
