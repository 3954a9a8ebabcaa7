import * as fs from "node:fs";
import * as path from "node:path";
import { CommandError, ConcurrentUpdateError, type EngineEvent } from "@pulumi/pulumi/automation";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, firstAwsStep, lockFiles, REPO, settle, setup } from "./harness";

afterEach(cleanup);

describe("pulumi CLI stand-in: locks, cancellation, failures, policy", () => {
  it("raises ConcurrentUpdateError for a second up while the first holds the lock", async () => {
    const first = await setup({ env: { PULUMI_STANDIN_DELAY_MS: "1000" } });
    const second = await setup({ backend: first.backend, select: true });
    const { onEvent, started } = firstAwsStep();
    const running = first.stack.up({ onEvent });
    const outcome = settle(running);
    await started;
    expect(lockFiles(first.backend)).toHaveLength(1);
    await expect(second.stack.up()).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await outcome).toBeUndefined();
    expect((await running).summary.result).toBe("succeeded");
    expect(lockFiles(first.backend)).toHaveLength(0);
  });

  it("stops cleanly on an AbortSignal: state saved, lock released, the run marked failed", async () => {
    const { stack, backend } = await setup({ env: { PULUMI_STANDIN_DELAY_MS: "500" } });
    const controller = new AbortController();
    const { onEvent, started } = firstAwsStep();
    const outcome = settle(stack.up({ onEvent, signal: controller.signal, parallel: 1 }));
    await started;
    controller.abort();
    const err = await outcome;
    expect(err).toBeInstanceOf(CommandError);
    expect(String(err)).toContain("update canceled");
    expect(lockFiles(backend)).toHaveLength(0);
    expect((await stack.exportStack()).deployment.pending_operations ?? []).toEqual([]);
    expect((await stack.history())[0]!.result).toBe("failed");
    // The step in flight finished and was saved; the next up completes the rest.
    const resume = await stack.up();
    expect(resume.summary.result).toBe("succeeded");
    expect(resume.summary.resourceChanges?.same).toBeGreaterThanOrEqual(2);
  });

  it("fails a resource with a provider-style error when told to", async () => {
    const { stack, backend } = await setup({ env: { PULUMI_STANDIN_FAIL_TYPE: "aws:sqs/queue:Queue" } });
    const events: EngineEvent[] = [];
    const err = await settle(stack.up({ onEvent: (e) => events.push(e) }));
    expect(err).toBeInstanceOf(CommandError);
    expect(String(err)).toContain("api error InvalidParameterValue: injected failure");
    expect(events.find((e) => e.resOpFailedEvent)?.resOpFailedEvent?.metadata.type).toBe("aws:sqs/queue:Queue");
    expect(events.find((e) => e.diagnosticEvent?.severity === "error")?.diagnosticEvent?.message).toContain("operation error SQS");
    expect(lockFiles(backend)).toHaveLength(0);
    const types = (await stack.exportStack()).deployment.resources.map((r: { type: string }) => r.type);
    expect(types).not.toContain("aws:sqs/queue:Queue");
  });

  it("fails up on a mandatory policy violation and reports advisory ones", async () => {
    const { stack, dir } = await setup();
    await stack.setConfig("encrypt", { value: "false" });
    const config = path.join(dir, "pack-config.json");
    const pack = path.join(REPO, "policies");
    fs.writeFileSync(config, JSON.stringify({ all: "disabled", "sqs-queue-encrypted": "mandatory" }));
    const events: EngineEvent[] = [];
    const err = await settle(stack.up({ onEvent: (e) => events.push(e), policyPacks: [pack], policyPackConfigs: [config] }));
    expect(err).toBeInstanceOf(CommandError);
    const policy = events.find((e) => e.policyEvent)?.policyEvent;
    expect(policy).toMatchObject({ policyName: "sqs-queue-encrypted", policyPackName: "slipstream-aws", enforcementLevel: "mandatory" });
    expect(policy?.resourceUrn).toContain("aws:sqs/queue:Queue::jobs");
    const types = (await stack.exportStack()).deployment.resources.map((r: { type: string }) => r.type);
    expect(types).not.toContain("aws:sqs/queue:Queue");

    fs.writeFileSync(config, JSON.stringify({ all: "disabled", "sqs-queue-encrypted": "advisory" }));
    const advisory: EngineEvent[] = [];
    const up = await stack.up({ onEvent: (e) => advisory.push(e), policyPacks: [pack], policyPackConfigs: [config] });
    expect(up.summary.result).toBe("succeeded");
    expect(advisory.find((e) => e.policyEvent)?.policyEvent?.enforcementLevel).toBe("warning");
  });
});
