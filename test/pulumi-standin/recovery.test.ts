import { CommandError, ConcurrentUpdateError } from "@pulumi/pulumi/automation";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, firstAwsStep, lockFiles, lockHolder, settle, setup } from "./harness";

afterEach(cleanup);

/** An up killed with SIGKILL while its first AWS resource is being created. */
async function crashedUp(env: Record<string, string> = {}) {
  const s = await setup({ env: { PULUMI_STANDIN_DELAY_MS: "5000", ...env } });
  const { onEvent, started } = firstAwsStep();
  const outcome = settle(s.stack.up({ onEvent }));
  await started;
  process.kill(lockHolder(s.backend), "SIGKILL");
  expect(await outcome).toBeInstanceOf(CommandError);
  return s;
}

describe("pulumi CLI stand-in: recovering from a crashed engine", () => {
  it("leaves the lock and pending operations after SIGKILL; cancel plus export/import repair the stack", async () => {
    const { stack, backend } = await crashedUp();
    expect(lockFiles(backend)).toHaveLength(1);
    await expect(stack.up()).rejects.toBeInstanceOf(ConcurrentUpdateError);
    await stack.cancel();
    expect(lockFiles(backend)).toHaveLength(0);

    const state = await stack.exportStack();
    expect(state.deployment.pending_operations.map((p: { type: string }) => p.type)).toContain("creating");
    await expect(stack.up()).rejects.toThrow(/pending operations/);
    expect(lockFiles(backend)).toHaveLength(0);

    state.deployment.pending_operations = [];
    await stack.importStack(state);
    const repaired = await stack.up();
    expect(repaired.summary.result).toBe("succeeded");
    expect(repaired.outputs["apiToken"]).toEqual({ value: "token-raw", secret: true });
  });

  it("clears pending creates with refresh({ clearPendingCreates: true })", async () => {
    const { stack } = await crashedUp();
    await stack.cancel();
    await stack.refresh({ clearPendingCreates: true });
    expect((await stack.exportStack()).deployment.pending_operations ?? []).toEqual([]);
    expect((await stack.up()).summary.result).toBe("succeeded");
  });
});
