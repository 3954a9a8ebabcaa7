import { expect } from "vitest";
import type { Plan, PlannedResource } from "../../programs/offline-plan/render-plan";
import { asArray, isTaggable, ofType, policyStatements } from "./plan-queries";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const inputs = (r: PlannedResource) => r.inputs as Inputs;

/** Every taggable resource carries the request's tags and Slipstream's own, on its own `tags`. */
export function expectTagged(plan: Plan, requestTags: Record<string, string>): void {
  const expected = { ...requestTags, "managed-by": "slipstream", "slipstream:blueprint": plan.blueprint, "slipstream:deployment": plan.deployment };
  const taggable = plan.resources.filter((r) => !r.component && isTaggable(r.type));
  expect(taggable.length).toBeGreaterThan(10);
  for (const resource of taggable) {
    expect(inputs(resource).tags, `${resource.type} ${resource.name}`).toEqual(expected);
  }
}

/** No statement allows every action on every resource; no Allow statement uses a bare `*` action. */
export function expectLeastPrivilege(plan: Plan): void {
  const statements = policyStatements(plan);
  expect(statements.length).toBeGreaterThan(5);
  for (const { resource, statement } of statements) {
    const actions = asArray(statement.Action);
    const where = `${resource.name}: ${JSON.stringify(statement)}`;
    expect(actions.length, where).toBeGreaterThan(0);
    if (statement.Effect === "Allow") {
      expect(actions, where).not.toContain("*");
      if (asArray(statement.Resource).includes("*")) {
        // Only actions AWS offers no resource-level permission for, and the key policy's own admin.
        expect(actions.every((a) => /^(xray:|ec2:.*NetworkInterface|ec2:(Assign|Unassign)PrivateIpAddresses|kms:)/.test(a)), where).toBe(true);
      }
    }
  }
  // Role policies never act on "*" except tracing and VPC networking.
  for (const { resource, statement } of statements.filter((s) => s.resource.type === "aws:iam/rolePolicy:RolePolicy")) {
    if (asArray(statement.Resource).includes("*")) {
      expect(asArray(statement.Action).every((a) => a.startsWith("xray:") || a.startsWith("ec2:")), `${resource.name}`).toBe(true);
    }
  }
}

/** The defaults table of architectures.md, checked on every resource of a plan that it covers. */
export function expectSecureDefaults(plan: Plan): void {
  const keys = ofType(plan, "aws:kms/key:Key");
  expect(keys).toHaveLength(1);
  expect(inputs(keys[0]!)).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
  const keyArn = `arn:aws:kms:${plan.region}:000000000000:key/${keys[0]!.name}-key-id`;

  const encryption = ofType(plan, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
  for (const bucket of ofType(plan, "aws:s3/bucket:Bucket")) {
    const of = (type: string) => ofType(plan, type).filter((r) => r.propertyDependencies["bucket"]?.includes(bucket.urn));
    const sse = encryption.filter((r) => r.propertyDependencies["bucket"]?.includes(bucket.urn));
    expect(sse, bucket.name).toHaveLength(1);
    const rule = inputs(sse[0]!).rules[0];
    const isAccessLogTarget = ofType(plan, "aws:s3/bucketLogging:BucketLogging").some((l) => l.propertyDependencies["targetBucket"]?.includes(bucket.urn));
    if (isAccessLogTarget) {
      // S3 server access logging only delivers into SSE-S3 buckets.
      expect(rule.applyServerSideEncryptionByDefault.sseAlgorithm).toBe("AES256");
    } else {
      expect(rule).toMatchObject({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true });
      expect(of("aws:s3/bucketLogging:BucketLogging"), `${bucket.name} logs its access`).toHaveLength(1);
    }
    expect(inputs(of("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0]!)).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(inputs(of("aws:s3/bucketVersioning:BucketVersioning")[0]!).versioningConfiguration.status).toBe("Enabled");
    const policy = JSON.parse(inputs(of("aws:s3/bucketPolicy:BucketPolicy")[0]!).policy);
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": false } } }));
    const rules = inputs(of("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")[0]!).rules;
    expect(rules).toContainEqual(expect.objectContaining({ abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }));
    expect(rules).toContainEqual(expect.objectContaining({ noncurrentVersionExpiration: expect.objectContaining({ noncurrentDays: expect.any(Number) }) }));
  }
  for (const queue of ofType(plan, "aws:sqs/queue:Queue")) expect(inputs(queue).kmsMasterKeyId, queue.name).toBe(keyArn);
  for (const topic of ofType(plan, "aws:sns/topic:Topic")) expect(inputs(topic).kmsMasterKeyId, topic.name).toBe(keyArn);
  for (const group of ofType(plan, "aws:cloudwatch/logGroup:LogGroup")) {
    expect(inputs(group).kmsKeyId, group.name).toBe(keyArn);
    expect(inputs(group).retentionInDays, group.name).toBeGreaterThanOrEqual(365);
  }
  for (const fn of ofType(plan, "aws:lambda/function:Function")) {
    expect(inputs(fn), fn.name).toMatchObject({ runtime: "nodejs24.x", kmsKeyArn: keyArn, tracingConfig: { mode: "Active" } });
    expect(ofType(plan, "aws:cloudwatch/logGroup:LogGroup").some((g) => fn.propertyDependencies["loggingConfig"]?.includes(g.urn)), `${fn.name} logs to its own group`).toBe(true);
  }
  for (const mapping of ofType(plan, "aws:lambda/eventSourceMapping:EventSourceMapping")) {
    expect(inputs(mapping).functionResponseTypes, mapping.name).toEqual(["ReportBatchItemFailures"]);
    if (inputs(mapping).startingPosition !== undefined) {
      // Stream sources: the catalogue's failure handling.
      expect(inputs(mapping), mapping.name).toMatchObject({ bisectBatchOnFunctionError: true, destinationConfig: { onFailure: { destinationArn: expect.any(String) } } });
      expect(inputs(mapping).maximumRetryAttempts).toBeGreaterThanOrEqual(0);
      expect(inputs(mapping).maximumRetryAttempts).toBeLessThanOrEqual(10);
      expect(inputs(mapping).maximumRecordAgeInSeconds).toBeLessThanOrEqual(604800);
    }
  }
  for (const stream of ofType(plan, "aws:kinesis/stream:Stream")) {
    expect(inputs(stream), stream.name).toMatchObject({ encryptionType: "KMS", kmsKeyId: keyArn });
    expect(inputs(stream).retentionPeriod).toBeGreaterThanOrEqual(168);
  }
  for (const firehose of ofType(plan, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream")) {
    const i = inputs(firehose);
    if (i.kinesisSourceConfiguration) expect(i.serverSideEncryption, firehose.name).toBeUndefined();
    else expect(i.serverSideEncryption, firehose.name).toEqual({ enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn });
    const s3 = i.extendedS3Configuration ?? i.opensearchConfiguration?.s3Configuration ?? i.redshiftConfiguration?.s3Configuration;
    expect(s3.kmsKeyArn, firehose.name).toBe(keyArn);
    const logging = i.extendedS3Configuration?.cloudwatchLoggingOptions ?? i.opensearchConfiguration?.cloudwatchLoggingOptions ?? i.redshiftConfiguration?.cloudwatchLoggingOptions;
    expect(logging.enabled, firehose.name).toBe(true);
  }
  for (const table of ofType(plan, "aws:dynamodb/table:Table")) {
    expect(inputs(table), table.name).toMatchObject({ serverSideEncryption: { enabled: true, kmsKeyArn: keyArn }, pointInTimeRecovery: { enabled: true } });
    expect(inputs(table).deletionProtectionEnabled).toBe(plan.resources.some((r) => r.inputs["tags"] && (r.inputs["tags"] as Inputs).environment === "prod"));
  }
  for (const domain of ofType(plan, "aws:opensearch/domain:Domain")) {
    expect(inputs(domain), domain.name).toMatchObject({
      encryptAtRest: { enabled: true, kmsKeyId: keyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
      advancedSecurityOptions: { enabled: true },
    });
    expect(inputs(domain).logPublishingOptions).toContainEqual(expect.objectContaining({ logType: "ES_APPLICATION_LOGS", enabled: true }));
    const access = JSON.parse(inputs(domain).accessPolicies);
    for (const statement of access.Statement) expect(statement.Principal, "access policy names exact principals").not.toBe("*");
  }
  for (const ns of ofType(plan, "aws:redshiftserverless/namespace:Namespace")) expect(inputs(ns).kmsKeyId, ns.name).toBe(keyArn);
  for (const wg of ofType(plan, "aws:redshiftserverless/workgroup:Workgroup")) {
    expect(inputs(wg), wg.name).toMatchObject({ publiclyAccessible: false, enhancedVpcRouting: true });
    expect(inputs(wg).configParameters).toContainEqual({ parameterKey: "require_ssl", parameterValue: "true" });
  }
  for (const app of ofType(plan, "aws:kinesisanalyticsv2/application:Application")) {
    const config = inputs(app).applicationConfiguration;
    expect(config.applicationEncryptionConfiguration, app.name).toEqual({ keyType: "CUSTOMER_MANAGED_KEY", keyId: keyArn });
    expect(config.applicationSnapshotConfiguration.snapshotsEnabled).toBe(true);
    expect(inputs(app).cloudwatchLoggingOptions.logStreamArn).toEqual(expect.any(String));
  }
}
