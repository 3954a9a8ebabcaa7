import { describe, expect, it } from "vitest";
import { LOG_FORWARDER_DEFAULTS } from "../../../blueprints/access-log-analytics/forwarder-defaults";
import { accessLogAnalyticsParams } from "../../../blueprints/access-log-analytics/schema";
import { SQS_EVENT_SOURCE_DEFAULTS } from "../../../blueprints/building-blocks/event-source";
import { consumerVisibilityTimeout } from "../../../blueprints/building-blocks/queue";
import { renderPlan } from "../../../programs/offline-plan/render-plan";
import { exampleOf } from "../../support/blueprint-requests";
import { inputs, one } from "../../support/plan-queries";

// Each default lives in one place that the schema and the building block both read (issue
// item 4): the request schema's defaults are the constants, and the plan carries them.

const { withParams } = exampleOf("access-log-analytics");

describe("access-log-analytics defaults", () => {
  it("fills the forwarder's settings from LOG_FORWARDER_DEFAULTS and SQS_EVENT_SOURCE_DEFAULTS", () => {
    const params = accessLogAnalyticsParams.parse({});
    expect(params.forwarder).toEqual({
      batchSize: SQS_EVENT_SOURCE_DEFAULTS.batchSize,
      maximumBatchingWindowSeconds: SQS_EVENT_SOURCE_DEFAULTS.maximumBatchingWindowSeconds,
      memoryMiB: LOG_FORWARDER_DEFAULTS.memoryMiB,
      timeoutSeconds: LOG_FORWARDER_DEFAULTS.timeoutSeconds,
    });
    expect(params.source.cloudFrontLogging).toBe("v2");
  });

  it("renders those values into the function, its event source and the queue", async () => {
    const plan = await renderPlan("access-log-analytics", withParams({}), { name: "defaults" });
    expect(inputs(one(plan, "aws:lambda/function:Function", "forwarder"))).toMatchObject({ timeout: LOG_FORWARDER_DEFAULTS.timeoutSeconds, memorySize: LOG_FORWARDER_DEFAULTS.memoryMiB });
    expect(inputs(one(plan, "aws:lambda/eventSourceMapping:EventSourceMapping"))).toMatchObject({
      batchSize: SQS_EVENT_SOURCE_DEFAULTS.batchSize,
      maximumBatchingWindowInSeconds: SQS_EVENT_SOURCE_DEFAULTS.maximumBatchingWindowSeconds,
    });
    expect(inputs(one(plan, "aws:sqs/queue:Queue", "object-events")).visibilityTimeoutSeconds).toBe(
      consumerVisibilityTimeout({ timeoutSeconds: LOG_FORWARDER_DEFAULTS.timeoutSeconds, maximumBatchingWindowSeconds: SQS_EVENT_SOURCE_DEFAULTS.maximumBatchingWindowSeconds }),
    );
  });

  it("sizes the queue from a requested timeout and window (6 x 300 + 20)", async () => {
    const plan = await renderPlan("access-log-analytics", withParams({ forwarder: { timeoutSeconds: 300, maximumBatchingWindowSeconds: 20 } }), { name: "custom" });
    expect(inputs(one(plan, "aws:sqs/queue:Queue", "object-events")).visibilityTimeoutSeconds).toBe(1820);
  });
});
