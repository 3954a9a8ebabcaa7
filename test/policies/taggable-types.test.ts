import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { renderTaggableTypes, TAGGABLE_TYPES_FILE } from "../../policies/scripts/taggable-types";
import { isTaggable } from "../../policies/rules/tagging";
import { isTaggable as isTaggableByTypings } from "../support/plan-queries";

describe("policies/taggable-types.json", () => {
  it("matches the installed @pulumi/aws (regenerate: node --require tsx/cjs policies/scripts/taggable-types.ts)", () => {
    expect(fs.readFileSync(TAGGABLE_TYPES_FILE, "utf8")).toBe(renderTaggableTypes());
  });

  it("agrees with the provider's typings on the types the blueprints use", () => {
    const types = [
      "aws:s3/bucket:Bucket",
      "aws:s3/bucketPolicy:BucketPolicy",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "aws:kms/key:Key",
      "aws:kms/alias:Alias",
      "aws:iam/role:Role",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:lambda/function:Function",
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:cloudwatch/logStream:LogStream",
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "aws:sns/topicSubscription:TopicSubscription",
      "aws:msk/cluster:Cluster",
      "aws:msk/serverlessCluster:ServerlessCluster",
      "aws:glue/job:Job",
      "aws:glue/securityConfiguration:SecurityConfiguration",
    ];
    for (const type of types) expect(isTaggable(type), type).toBe(isTaggableByTypings(type));
    expect(types.filter(isTaggable).length).toBeGreaterThan(5);
    expect(isTaggable("slipstream:building-blocks:SecureBucket")).toBe(false);
  });
});
