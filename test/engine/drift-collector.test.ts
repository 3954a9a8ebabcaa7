import { describe, expect, it } from "vitest";
import { DriftCollector, topLevelName } from "../../api/engine/drift-collector";
import { driftFoundEvents, noDriftEvents, URNS } from "./fixtures/refresh-events";

function collect(events: typeof driftFoundEvents) {
  const collector = new DriftCollector();
  for (const e of events) collector.observe(e);
  return collector.changes;
}

describe("DriftCollector on a preview-only refresh's engine events", () => {
  it("reports updated resources with their top-level property names and deleted ones, sorted by URN", () => {
    expect(collect(driftFoundEvents)).toEqual([
      { urn: URNS.EXTERNAL, type: "aws:iam/role:Role", change: "update", properties: ["maxSessionDuration"] },
      { urn: URNS.BUCKET, type: "aws:s3/bucket:Bucket", change: "delete", properties: [] },
      { urn: URNS.TOPIC, type: "aws:sns/topic:Topic", change: "update", properties: ["tags"] },
      { urn: URNS.QUEUE, type: "aws:sqs/queue:Queue", change: "update", properties: ["tags", "tagsAll", "visibilityTimeoutSeconds"] },
    ]);
  });

  it("finds nothing when every read is `same`, and ignores the pre events' `refresh` op", () => {
    expect(collect(noDriftEvents)).toEqual([]);
    // The pre events alone (the read has not happened yet) say nothing about drift.
    expect(collect(driftFoundEvents.filter((e) => e.resourcePreEvent))).toEqual([]);
  });

  it("never reports the stack or a provider, whatever their step says", () => {
    const relabelled = driftFoundEvents.map((e) =>
      e.resOutputsEvent && (e.resOutputsEvent.metadata.type === "pulumi:pulumi:Stack" || e.resOutputsEvent.metadata.type.startsWith("pulumi:providers:"))
        ? { ...e, resOutputsEvent: { ...e.resOutputsEvent, metadata: { ...e.resOutputsEvent.metadata, op: "update" as const, diffs: ["version"] } } }
        : e,
    );
    expect(collect(relabelled).map((c) => c.urn)).toEqual(collect(driftFoundEvents).map((c) => c.urn));
  });

  it("cuts property paths to their first name, quoted or not", () => {
    expect(topLevelName("tags.team")).toBe("tags");
    expect(topLevelName("ports[1]")).toBe("ports");
    expect(topLevelName('["a-b"][0].c')).toBe("a-b");
    expect(topLevelName('tags["kubernetes.io/role"]')).toBe("tags");
    expect(topLevelName("visibilityTimeoutSeconds")).toBe("visibilityTimeoutSeconds");
  });
});
