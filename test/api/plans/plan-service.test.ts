import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../api/domain/errors";
import type { PlanTaskResult } from "../../../api/plans/plan-task";
import { PlanService } from "../../../api/service/plan-service";

/** A planner that answers `result` whatever it is asked. */
const answering = (result: PlanTaskResult) => new PlanService({ run: async () => result });
const input = { blueprint: "kinesis-firehose-s3", request: {}, name: "demo" };

describe("PlanService: the one place a planner's answer becomes an error", () => {
  it("names `blueprint` when the catalogue has no such blueprint", async () => {
    const refused = answering({ ok: false, kind: "unknown-blueprint", message: 'blueprint "x" not found' }).plan(input);
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ message: 'blueprint "x" not found', fieldErrors: [{ field: "blueprint", message: 'blueprint "x" not found' }] });
  });

  it("passes the request's field errors on, under the blueprint's name", async () => {
    const fieldErrors = [{ field: "params.shardCount", message: "must be at least 1" }];
    await expect(answering({ ok: false, kind: "validation", message: "invalid", fieldErrors }).plan(input)).rejects.toMatchObject({ message: "invalid request for kinesis-firehose-s3", fieldErrors });
  });

  it("hands a rendered plan back as it came", async () => {
    const rendered = { ok: true, plan: { blueprint: "b", deployment: "demo", region: "us-east-1", resources: [] }, policy: { passed: true, violations: [], notApplicable: [] }, elapsedMs: 1 } as unknown as PlanTaskResult;
    await expect(answering(rendered).plan(input)).resolves.toBe(rendered);
  });
});
