import { expect } from "vitest";
import type { Plan } from "../../programs/offline-plan/render-plan";
import { asArray, inputs, isTaggable, ofType, one, policyStatements } from "./plan-queries";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every taggable resource carries the request's tags and Slipstream's own, on its own `tags`. */
export function expectTagged(plan: Plan, requestTags: Record<string, string>): void {
  const expected = { ...requestTags, "managed-by": "slipstream", "slipstream:blueprint": plan.blueprint, "slipstream:deployment": plan.deployment };
  const taggable = plan.resources.filter((r) => !r.component && isTaggable(r.type));
  expect(taggable.length).toBeGreaterThan(10);
  for (const resource of taggable) {
    expect(inputs(resource).tags, `${resource.type} ${resource.name}`).toEqual(expected);
  }
}

// Actions AWS offers no resource-level permission for, which can therefore only name "*":
// X-Ray writes, EC2 describes, the network-interface calls Lambda, MSK pollers and
// QuickSight make in the VPC, and CloudWatch PutMetricData (narrowed by cloudwatch:namespace).
const RESOURCE_LESS = /^(xray:Put(TraceSegments|TelemetryRecords)|cloudwatch:PutMetricData|ec2:Describe[A-Za-z]+|ec2:(Create|Delete)NetworkInterface|ec2:ModifyNetworkInterfaceAttribute|ec2:(Assign|Unassign)PrivateIpAddresses)$/;

/**
 * Least privilege over every policy document of a plan: every statement names its actions;
 * no Allow statement uses a `*` action or a service-wide `service:*` action; `*` resources
 * only for actions that have no resource-level permissions. A KMS key policy's statements
 * are exempt from the last two: there `*` is the key itself and the account administers it.
 */
export function expectLeastPrivilege(plan: Plan): void {
  const statements = policyStatements(plan);
  expect(statements.length).toBeGreaterThan(10);
  for (const { resource, statement } of statements) {
    const where = `${resource.name}: ${JSON.stringify(statement)}`;
    const actions = asArray(statement.Action);
    expect(actions.length, where).toBeGreaterThan(0);
    if (statement.Effect !== "Allow") continue;
    expect(actions, where).not.toContain("*");
    if (resource.type === "aws:kms/key:Key") continue;
    expect(actions.filter((a) => a.endsWith(":*")), where).toEqual([]);
    if (asArray(statement.Resource).includes("*")) {
      expect(actions.filter((a) => !RESOURCE_LESS.test(a)), where).toEqual([]);
    }
  }
}

/**
 * The key every encrypted resource of a plan must use: the key the request brought (then the
 * plan creates none), or else the deployment's one key, as the offline plan names it.
 */
export function deploymentKeyArn(plan: Plan, requestKeyArn?: string): string {
  const keys = ofType(plan, "aws:kms/key:Key");
  if (requestKeyArn !== undefined) {
    expect(keys, "a request that brings its key gets no new one").toHaveLength(0);
    return requestKeyArn;
  }
  expect(keys).toHaveLength(1);
  return `arn:aws:kms:${plan.region}:000000000000:key/${keys[0]!.name}-key-id`;
}

/**
 * The defaults table of architectures.md, checked on every resource of a plan that it covers.
 * `requestKeyArn`: the customer-managed key the request brought instead of a new one.
 */
export function expectSecureDefaults(plan: Plan, requestKeyArn?: string): void {
  const keyArn = deploymentKeyArn(plan, requestKeyArn);
  if (requestKeyArn === undefined) expect(inputs(one(plan, "aws:kms/key:Key"))).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });

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

/** What every plan of the catalogue must satisfy: the secure defaults, the tags, least privilege. */
export function expectCatalogueDefaults(plan: Plan, requestTags: Record<string, string>, requestKeyArn?: string): void {
  expectSecureDefaults(plan, requestKeyArn);
  expectTagged(plan, requestTags);
  expectLeastPrivilege(plan);
}
