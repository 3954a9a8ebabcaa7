import type { PolicyResource } from "@pulumi/policy";
import { stackRule, type DeployabilityDefinition } from "../lib/deployability";
import { admittedPrincipals, KEY, keyPolicyDocument } from "../lib/key-policy";
import { listAt, plainAt, stringAt, valueAt } from "../lib/property-values";
import { ofType, referencedAt } from "../lib/resource-relations";
import type { Props } from "../lib/slipstream-policy";

/** One resource that makes a service use a key: the resource, where it names the key, and why. */
interface KeyUse {
  user: PolicyResource;
  keyPath: string;
}

interface Principal {
  /** As the message names it. */
  label: string;
  matches: (service: string) => boolean;
}

const exactly = (service: string): Principal => ({ label: service, matches: (s) => s === service });

/**
 * A rule that each key of the stack a service uses admits that service's principals in its
 * key policy. Keys from outside the stack (brought by the request) are not visible and pass.
 */
function keyPrincipalRule(definition: DeployabilityDefinition & { principals: Principal[]; uses: (resources: readonly PolicyResource[]) => KeyUse[] }) {
  return stackRule({
    ...definition,
    validate: (resources, report) => {
      const keys = ofType(resources, KEY);
      if (keys.length === 0) return;
      const missingByKey = new Map<PolicyResource, { principal: Principal; users: string[] }[]>();
      for (const { user, keyPath } of definition.uses(resources)) {
        for (const key of referencedAt(user, keyPath, keys)) {
          const admitted = admittedPrincipals(keyPolicyDocument(key, resources));
          if (!admitted || admitted.anyone) continue;
          for (const principal of definition.principals) {
            if (admitted.services.some(principal.matches)) continue;
            const entries = missingByKey.get(key) ?? [];
            const entry = entries.find((e) => e.principal === principal);
            if (entry) entry.users.push(user.name);
            else entries.push({ principal, users: [user.name] });
            missingByKey.set(key, entries);
          }
        }
      }
      for (const [key, entries] of missingByKey) {
        for (const { principal, users } of entries) {
          report(key, "policy", `does not admit ${principal.label}, which ${users.join(", ")} need${users.length === 1 ? "s" : ""} to use this key.`);
        }
      }
    },
  });
}

const usesOf = (resources: readonly PolicyResource[], type: string, keyPath: string, when: (props: Props) => boolean = () => true): KeyUse[] =>
  ofType(resources, type)
    .filter((r) => when(r.props as Props))
    .map((user) => ({ user, keyPath }));

/**
 * Managed Service for Apache Flink refuses a customer-managed key whose policy lacks its two
 * service principals, which it uses for validation and resource access (deploy-review B1).
 */
export const kmsKeyAdmitsManagedFlink = keyPrincipalRule({
  name: "kms-key-admits-managed-flink",
  description: "A KMS key that encrypts a Managed Flink application must admit kinesisanalytics.amazonaws.com and infrastructure.kinesisanalytics.amazonaws.com.",
  document: "https://docs.aws.amazon.com/managed-flink/latest/java/manage-cmk-api.html",
  remediation: "Add key policy statements for kinesisanalytics.amazonaws.com and infrastructure.kinesisanalytics.amazonaws.com (conditioned on aws:SourceAccount and aws:SourceArn).",
  principals: [exactly("kinesisanalytics.amazonaws.com"), exactly("infrastructure.kinesisanalytics.amazonaws.com")],
  uses: (resources) =>
    usesOf(
      resources,
      "aws:kinesisanalyticsv2/application:Application",
      "applicationConfiguration.applicationEncryptionConfiguration.keyId",
      (props) => valueAt(props, "applicationConfiguration.applicationEncryptionConfiguration.keyType") === "CUSTOMER_MANAGED_KEY",
    ),
});

const REGIONAL_LOGS = /^logs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/**
 * CloudWatch Logs encrypts a log group (and Glue's job logs) with the key only when the key
 * policy admits the Region's logs principal, `logs.<region>.amazonaws.com`; otherwise creating
 * the log group, or the job's first run, fails.
 */
export const kmsKeyAdmitsCloudWatchLogs = keyPrincipalRule({
  name: "kms-key-admits-cloudwatch-logs",
  description: "A KMS key that encrypts CloudWatch log groups (or Glue's CloudWatch logs) must admit logs.<region>.amazonaws.com.",
  document: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
  remediation: "Add a key policy statement for logs.<region>.amazonaws.com, conditioned on kms:EncryptionContext:aws:logs:arn.",
  principals: [{ label: "logs.<region>.amazonaws.com", matches: (s) => REGIONAL_LOGS.test(s) }],
  uses: (resources) => [
    ...usesOf(resources, "aws:cloudwatch/logGroup:LogGroup", "kmsKeyId"),
    ...usesOf(
      resources,
      "aws:glue/securityConfiguration:SecurityConfiguration",
      "encryptionConfiguration.cloudwatchEncryption.kmsKeyArn",
      (props) => valueAt(props, "encryptionConfiguration.cloudwatchEncryption.cloudwatchEncryptionMode") === "SSE-KMS",
    ),
  ],
});

const QUEUE = "aws:sqs/queue:Queue";
const TOPIC = "aws:sns/topic:Topic";

/** Queues and topics an S3 bucket notification publishes to. */
function notificationTargets(resources: readonly PolicyResource[]): KeyUse[] {
  const uses: KeyUse[] = [];
  for (const notification of ofType(resources, "aws:s3/bucketNotification:BucketNotification")) {
    for (const [block, arnField, type] of [
      ["queues", "queueArn", QUEUE],
      ["topics", "topicArn", TOPIC],
    ] as const) {
      const targets = listAt(notification.props as Props, block);
      if (!Array.isArray(targets)) continue;
      targets.forEach((_, i) => {
        for (const target of referencedAt(notification, `${block}.${i}.${arnField}`, ofType(resources, type))) uses.push({ user: target, keyPath: "kmsMasterKeyId" });
      });
    }
  }
  return uses;
}

/**
 * S3 validates an event notification by publishing a test message: to an encrypted queue or
 * topic it must use the key, so the key policy must admit s3.amazonaws.com or the notification
 * configuration is refused.
 */
export const kmsKeyAdmitsS3Notifications = keyPrincipalRule({
  name: "kms-key-admits-s3-notifications",
  description: "A KMS key that encrypts a queue or topic receiving S3 event notifications must admit s3.amazonaws.com.",
  document: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html",
  remediation: "Add a key policy statement letting s3.amazonaws.com use kms:GenerateDataKey and kms:Decrypt.",
  principals: [exactly("s3.amazonaws.com")],
  uses: notificationTargets,
});

/** Topics that CloudWatch alarms notify. */
function alarmTopics(resources: readonly PolicyResource[]): KeyUse[] {
  const topics = ofType(resources, TOPIC);
  const uses = new Set<PolicyResource>();
  for (const alarm of ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm")) {
    for (const path of ["alarmActions", "okActions", "insufficientDataActions"]) {
      const actions = listAt(alarm.props as Props, path);
      if (!Array.isArray(actions)) continue;
      actions.forEach((_, i) => referencedAt(alarm, `${path}.${i}`, topics).forEach((t) => uses.add(t)));
    }
  }
  return [...uses].map((user) => ({ user, keyPath: "kmsMasterKeyId" }));
}

/** CloudWatch publishes alarm notifications to an encrypted topic only when the key admits cloudwatch.amazonaws.com; otherwise they are dropped. */
export const kmsKeyAdmitsCloudWatchAlarms = keyPrincipalRule({
  name: "kms-key-admits-cloudwatch-alarms",
  description: "A KMS key that encrypts an SNS topic CloudWatch alarms notify must admit cloudwatch.amazonaws.com.",
  document: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html",
  remediation: "Add a key policy statement letting cloudwatch.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt.",
  principals: [exactly("cloudwatch.amazonaws.com")],
  uses: alarmTopics,
});

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

/** Buckets whose policy grants delivery.logs.amazonaws.com (vended logs: VPC flow logs, CloudFront v2, MSK, ...), as SSE configurations naming a key. */
function vendedLogBuckets(resources: readonly PolicyResource[]): KeyUse[] {
  const uses: KeyUse[] = [];
  const buckets = ofType(resources, "aws:s3/bucket:Bucket");
  for (const policy of ofType(resources, BUCKET_POLICY)) {
    const admitted = admittedPrincipals(plainAt(policy.props as Props, "policy"));
    if (!admitted?.services.includes("delivery.logs.amazonaws.com")) continue;
    for (const bucket of referencedAt(policy, "bucket", buckets)) {
      for (const sse of ofType(resources, SSE).filter((c) => referencedAt(c, "bucket", buckets).includes(bucket))) {
        const rules = listAt(sse.props as Props, "rules");
        if (!Array.isArray(rules)) continue;
        rules.forEach((_, i) => {
          if (stringAt(sse.props as Props, `rules.${i}.applyServerSideEncryptionByDefault.sseAlgorithm`) === "aws:kms") uses.push({ user: sse, keyPath: `rules.${i}.applyServerSideEncryptionByDefault.kmsMasterKeyId` });
        });
      }
    }
  }
  return uses;
}

/**
 * Vended logs (VPC flow logs, CloudFront standard logs v2, MSK broker logs, ...) written to an
 * SSE-KMS bucket are encrypted by delivery.logs.amazonaws.com: the key must admit it, or no log
 * arrives (deploy-review B6).
 */
export const kmsKeyAdmitsLogDelivery = keyPrincipalRule({
  name: "kms-key-admits-log-delivery",
  description: "A KMS key that encrypts a bucket receiving vended logs (its policy grants delivery.logs.amazonaws.com) must admit delivery.logs.amazonaws.com.",
  document: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html",
  remediation: "Add a key policy statement letting delivery.logs.amazonaws.com use kms:GenerateDataKey*, conditioned on aws:SourceAccount.",
  principals: [exactly("delivery.logs.amazonaws.com")],
  uses: vendedLogBuckets,
});
