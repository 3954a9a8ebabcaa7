import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, StackNotFoundError, type EngineEvent } from "@pulumi/pulumi/automation";
import { afterAll, describe, it } from "vitest";
import { cleanup, kinds, PROJECT, program, pulumiCommand, setup } from "./harness";

// Every test has its own backend and workDir, and these only wait on the stand-in: run them
// side by side. (Failure and crash tests stay sequential: the SDK's process-wide rejection
// handlers would let one program's stray error fail another.)
afterAll(cleanup);

describe.concurrent("pulumi CLI stand-in: the stack lifecycle", () => {
  it("reports the SDK's version, so the SDK streams events over gRPC", async ({ expect }) => {
    expect((await pulumiCommand()).version?.toString()).toBe("3.248.0");
  });

  it("creates, configures and deploys a stack: outputs, summary, events", async ({ expect }) => {
    const { stack } = await setup();
    expect(await stack.getConfig("team")).toEqual({ value: "data", secret: false });
    await stack.setConfig("dbPassword", { value: "hunter2", secret: true });
    expect(await stack.getConfig("dbPassword")).toEqual({ value: "hunter2", secret: true });

    const events: EngineEvent[] = [];
    let output = "";
    const up = await stack.up({ onEvent: (e) => events.push(e), onOutput: (s) => (output += s) });

    expect(up.summary).toMatchObject({ kind: "update", result: "succeeded", resourceChanges: { create: 3 } });
    expect(up.summary.startTime).toBeInstanceOf(Date);
    expect(up.outputs["bucketName"]).toEqual({ value: "raw", secret: false });
    expect(up.outputs["queueUrl"]).toEqual({ value: "https://sqs.eu-west-1.amazonaws.com/000000000000/jobs", secret: false });
    expect(up.outputs["apiToken"]).toEqual({ value: "token-raw", secret: true });
    expect(output).toContain("Resources:");
    expect(output).not.toContain("token-raw");

    const seen = kinds(events);
    expect(seen[0]).toBe("preludeEvent");
    expect(seen.slice(-2)).toEqual(["summaryEvent", "cancelEvent"]);
    const done = events.filter((e) => e.resOutputsEvent).map((e) => e.resOutputsEvent!.metadata);
    expect(done.map((m) => `${m.op} ${m.type}`)).toEqual(expect.arrayContaining(["create pulumi:pulumi:Stack", "create aws:s3/bucket:Bucket", "create aws:sqs/queue:Queue"]));
    const bucket = done.find((m) => m.type === "aws:s3/bucket:Bucket")!;
    expect(bucket.new?.outputs["arn"]).toBe("arn:aws:s3:::raw");
    expect(bucket.provider).toMatch(/^urn:pulumi:dev::standin-test::pulumi:providers:aws::default_7_\d+_\d+::/);
    expect(events.find((e) => e.preludeEvent)!.preludeEvent!.config[`${PROJECT}:dbPassword`]).toBe("[secret]");
    // Secrets never leave the engine in clear: not in events, not in the saved state.
    expect(JSON.stringify(events)).not.toContain("token-raw");
    const checkpoint = fs.readFileSync(path.join(stack.workspace.workDir, "..", "backend", ".pulumi", "stacks", PROJECT, "dev.json"), "utf8");
    expect(checkpoint).not.toContain("token-raw");
    expect(await stack.history()).toHaveLength(1);
  });

  it("reports only `same` on a second up with no change, and `update` for a changed input", async ({ expect }) => {
    const { stack } = await setup();
    await stack.up();
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 3 });

    await stack.setConfig("visibility", { value: "90" });
    const events: EngineEvent[] = [];
    const changed = await stack.up({ onEvent: (e) => events.push(e) });
    expect(changed.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    const update = events.find((e) => e.resourcePreEvent?.metadata.op === "update")!.resourcePreEvent!.metadata;
    expect(update.type).toBe("aws:sqs/queue:Queue");
    expect(update.diffs).toEqual(["visibilityTimeoutSeconds"]);
    expect(update.new?.id).toBe(update.old?.id);
  });

  it("deletes a resource the program no longer registers", async ({ expect }) => {
    const { stack } = await setup();
    await stack.up();
    await stack.setConfig("withQueue", { value: "false" });
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 2, delete: 1 });
    expect(up.outputs["queueUrl"]).toBeUndefined();
    const types = (await stack.exportStack()).deployment.resources.map((r: { type: string }) => r.type);
    expect(types).not.toContain("aws:sqs/queue:Queue");
  });

  it("previews the change summary without touching the state", async ({ expect }) => {
    const { stack } = await setup();
    expect((await stack.preview()).changeSummary).toEqual({ create: 3 });
    expect((await stack.exportStack()).deployment.resources).toEqual([]);
    await stack.up();
    await stack.setConfig("team", { value: "platform" });
    expect((await stack.preview()).changeSummary).toEqual({ same: 2, update: 1 });
  });

  it("refreshes, destroys and removes the stack", async ({ expect }) => {
    const { stack } = await setup();
    await stack.up();
    expect((await stack.refresh()).summary).toMatchObject({ kind: "refresh", result: "succeeded", resourceChanges: { same: 3 } });
    expect((await stack.destroy()).summary).toMatchObject({ kind: "destroy", result: "succeeded", resourceChanges: { delete: 3 } });
    expect(await stack.outputs()).toEqual({});
    expect((await stack.exportStack()).deployment.resources).toEqual([]);
    await stack.workspace.removeStack("dev");
    await expect(stack.workspace.selectStack("dev")).rejects.toBeInstanceOf(StackNotFoundError);
  });

  it("raises StackNotFoundError when selecting a stack that does not exist", async ({ expect }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-test-"));
    try {
      fs.mkdirSync(path.join(dir, "work"));
      const select = LocalWorkspace.selectStack(
        { projectName: PROJECT, stackName: "nope", program },
        {
          workDir: path.join(dir, "work"),
          pulumiCommand: await pulumiCommand(),
          pulumiHome: path.join(dir, "home"),
          projectSettings: { name: PROJECT, runtime: "nodejs", backend: { url: `file://${dir}/backend` } },
          envVars: { PULUMI_CONFIG_PASSPHRASE: "correct horse" },
        },
      );
      await expect(select).rejects.toBeInstanceOf(StackNotFoundError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses what it does not model instead of pretending, and records plugin installs", async ({ expect }) => {
    const { stack } = await setup();
    await expect(stack.up({ target: ["urn:pulumi:dev::standin-test::aws:s3/bucket:Bucket::raw"] })).rejects.toThrow(/stand-in does not support --target/);
    await expect((stack.workspace as LocalWorkspace).install()).rejects.toThrow(/not supported by the Pulumi CLI stand-in/);
    await stack.workspace.installPlugin("aws", "v7.48.0");
    expect((await stack.workspace.listPlugins()).map((p) => `${p.name}@${p.version}`)).toEqual(["aws@7.48.0"]);
  });
});
