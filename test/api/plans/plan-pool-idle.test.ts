import { afterAll, describe, expect, it } from "vitest";
import { loadSettings, SettingsError } from "../../../api/config/settings";
import { PlanPool } from "../../../api/plans/plan-pool";
import { exampleRequest } from "../../../blueprints/catalogue";
import { waitFor } from "../../support/wait-for";

const input = (name: string) => ({ blueprint: "dynamodb-search", request: exampleRequest("dynamodb-search"), name });

describe("an idle plan thread", () => {
  const pool = new PlanPool({ threads: 1, idleTimeoutMs: 1000 });
  afterAll(() => pool.close());

  it("exits once it has had nothing to plan for idleTimeoutMs, and a later plan starts one again", async () => {
    expect(pool.threads).toBe(0);
    expect((await pool.run(input("first"))).ok).toBe(true);
    expect(pool.threads).toBe(1);
    await waitFor("the idle plan thread to exit", () => pool.threads === 0);
    expect((await pool.run(input("after-idle"))).ok).toBe(true);
    expect(pool.threads).toBe(1);
  });
});

describe("SLIPSTREAM_PLAN_IDLE_MS", () => {
  it("defaults to a minute and refuses what is not a whole number of milliseconds ≥ 1000, naming the setting", () => {
    expect(loadSettings({}).SLIPSTREAM_PLAN_IDLE_MS).toBe(60_000);
    expect(loadSettings({ SLIPSTREAM_PLAN_IDLE_MS: "5000" }).SLIPSTREAM_PLAN_IDLE_MS).toBe(5000);
    for (const bad of ["10", "soon", "1.5e3x"]) {
      expect(() => loadSettings({ SLIPSTREAM_PLAN_IDLE_MS: bad })).toThrow(SettingsError);
      expect(() => loadSettings({ SLIPSTREAM_PLAN_IDLE_MS: bad })).toThrow(/SLIPSTREAM_PLAN_IDLE_MS/);
    }
  });
});
