import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation";
import { afterAll, describe, it } from "vitest";
import { readCloudDrift, setCloudDrift } from "./cloud";
import { cleanup, PROJECT, setup } from "./harness";

afterAll(cleanup);

const BUCKET = `urn:pulumi:dev::${PROJECT}::aws:s3/bucket:Bucket::raw`;
const QUEUE = `urn:pulumi:dev::${PROJECT}::aws:sqs/queue:Queue::jobs`;

interface Steps {
  pre: StepEventMetadata[];
  done: Map<string, StepEventMetadata>;
  planning: boolean[];
}

function collect(): { onEvent: (e: EngineEvent) => void; steps: Steps } {
  const steps: Steps = { pre: [], done: new Map(), planning: [] };
  const onEvent = (e: EngineEvent) => {
    if (e.resourcePreEvent) {
      steps.pre.push(e.resourcePreEvent.metadata);
      steps.planning.push(e.resourcePreEvent.planning === true);
    }
    if (e.resOutputsEvent) steps.done.set(e.resOutputsEvent.metadata.urn, e.resOutputsEvent.metadata);
  };
  return { onEvent, steps };
}

type ExportedResource = { urn: string; inputs: Record<string, unknown>; outputs: Record<string, unknown>; modified?: string };

describe.concurrent("pulumi CLI stand-in: refresh reads drift from the cloud's copy", () => {
  it("reports changed inputs as `update`, computed outputs as `same`, and leaves the state alone in a preview", async ({ expect }) => {
    const { stack, backend } = await setup();
    await stack.up();
    const before = await stack.exportStack();
    setCloudDrift(backend, PROJECT, "dev", {
      changed: { [BUCKET]: { tags: { team: "ops", owner: "alice" } }, [QUEUE]: { arn: "arn:aws:sqs:eu-west-1:000000000000:moved" } },
    });

    const { onEvent, steps } = collect();
    const preview = await stack.previewRefresh({ onEvent });
    expect(preview.changeSummary).toEqual({ same: 2, update: 1 });
    // Every step starts as `refresh` and ends as what the read found (pkg/engine/update.go).
    expect(new Set(steps.pre.map((m) => m.op))).toEqual(new Set(["refresh"]));
    expect(steps.planning.every(Boolean)).toBe(true);
    const bucket = steps.done.get(BUCKET)!;
    expect(bucket).toMatchObject({ op: "update", diffs: ["tags"], detailedDiff: { "tags.team": { diffKind: "update", inputDiff: true }, "tags.owner": { diffKind: "add", inputDiff: true } } });
    expect(bucket.old?.inputs["tags"]).toEqual({ team: "data" });
    expect(bucket.new?.inputs["tags"]).toEqual({ team: "ops", owner: "alice" });
    const queue = steps.done.get(QUEUE)!;
    expect(queue).toMatchObject({ op: "same", detailedDiff: null });
    expect(queue.diffs).toBeUndefined();
    expect(queue.new?.outputs["arn"]).toBe("arn:aws:sqs:eu-west-1:000000000000:moved");
    expect((await stack.exportStack()).deployment).toEqual(before.deployment);

    // A real refresh saves what it read: the next one finds nothing.
    expect((await stack.refresh()).summary.resourceChanges).toEqual({ same: 2, update: 1 });
    const resources = (await stack.exportStack()).deployment.resources as ExportedResource[];
    const saved = resources.find((r) => r.urn === BUCKET)!;
    expect(saved.inputs["tags"]).toEqual({ team: "ops", owner: "alice" });
    expect(saved.outputs["tags"]).toEqual({ team: "ops", owner: "alice" });
    expect(resources.find((r) => r.urn === QUEUE)!.outputs["arn"]).toBe("arn:aws:sqs:eu-west-1:000000000000:moved");
    expect((await stack.refresh()).summary.resourceChanges).toEqual({ same: 3 });

    // `up` puts the program's tags back; the provider's write ends that drift.
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 2, update: 1 });
    expect(readCloudDrift(backend, PROJECT, "dev")?.changed?.[BUCKET]).toBeUndefined();
    expect((await stack.previewRefresh()).changeSummary).toEqual({ same: 3 });
  });

  it("reports a resource gone from the cloud as `delete`; a real refresh drops it and `up` creates it again", async ({ expect }) => {
    const { stack, backend } = await setup();
    await stack.up();
    setCloudDrift(backend, PROJECT, "dev", { deleted: [QUEUE] });

    const { onEvent, steps } = collect();
    expect((await stack.previewRefresh({ onEvent })).changeSummary).toEqual({ same: 2, delete: 1 });
    expect(steps.done.get(QUEUE)).toMatchObject({ op: "delete", new: null, detailedDiff: null });
    const urns = async () => ((await stack.exportStack()).deployment.resources as ExportedResource[]).map((r) => r.urn);
    expect(await urns()).toContain(QUEUE);

    expect((await stack.refresh()).summary.resourceChanges).toEqual({ same: 2, delete: 1 });
    expect(await urns()).not.toContain(QUEUE);
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 2, create: 1 });
    expect(readCloudDrift(backend, PROJECT, "dev")?.deleted).toEqual([]);
    expect((await stack.previewRefresh()).changeSummary).toEqual({ same: 3 });
  });
});
