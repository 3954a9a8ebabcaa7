import { execFile } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { run } from "../support/cli";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "slipstream.js");

describe("slipstream token", () => {
  it("prints a new secret of the service's shape each time", async () => {
    const first = await run(["token"]);
    const second = await run(["token"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^sst_[A-Za-z0-9_-]{43}$/);
    expect(second.stdout).not.toBe(first.stdout);
    expect((await run(["token", "extra"])).code).toBe(2);
  });
});

describe("slipstream serve without SLIPSTREAM_BOOTSTRAP_TOKEN", () => {
  // Settings are read before anything starts: a refused start opens no port and no store.
  async function serveIn(env: Record<string, string>) {
    const saved = { ...process.env };
    Object.assign(process.env, { SLIPSTREAM_DATA_DIR: path.join(os.tmpdir(), "slipstream-never-started"), ...env });
    try {
      return await run(["serve"]);
    } finally {
      process.env = saved;
    }
  }

  it("refuses to listen beyond loopback, naming the setting, and exits 2", async () => {
    for (const host of ["0.0.0.0", "::", "10.1.2.3", "slipstream.internal"]) {
      const refused = await serveIn({ HOST: host });
      expect(refused.code, host).toBe(2);
      expect(refused.stderr, host).toMatch(/SLIPSTREAM_BOOTSTRAP_TOKEN: required when HOST \(.+\) is not a loopback address/);
    }
  });

  it("names a bootstrap token that is too short, without printing it", async () => {
    const refused = await serveIn({ HOST: "0.0.0.0", SLIPSTREAM_BOOTSTRAP_TOKEN: "short-secret-value" });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("SLIPSTREAM_BOOTSTRAP_TOKEN: at least 32 characters");
    expect(refused.stderr).not.toContain("short-secret-value");
  });

  it("exits 2 as the installed bin, before opening anything", { timeout: 180_000 }, async () => {
    const refused = await promisify(execFile)(process.execPath, [BIN, "serve"], { cwd: os.tmpdir(), env: { PATH: process.env["PATH"] ?? "", HOST: "0.0.0.0", SLIPSTREAM_DATA_DIR: path.join(os.tmpdir(), "slipstream-never-started") }, timeout: 170_000 }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("SLIPSTREAM_BOOTSTRAP_TOKEN: required");
  });
});
