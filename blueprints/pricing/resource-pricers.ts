import type { PlannedResource } from "../../programs/offline-plan/render-plan";
import { runsPerDay } from "../glue-schedule";
import { isPrice, type PriceEntry, type PriceKey, type RegionPrices } from "./price-table";
import type { UsageAssumptions } from "./usage-assumptions";

/** One billable quantity of a resource, before it meets a price. */
export interface Charge {
  item: string;
  /** The price to apply: a key of the Region's table, or an instance-hour table and instance type. */
  price: PriceKey | { table: "mskBrokerHour" | "opensearchInstanceHour"; instanceType: string };
  quantity: number;
  assumption: string;
}

/** Billable items a resource's type has but the table does not price; each becomes a `notPriced` entry. */
export interface Unpriced {
  reason: string;
}

/** What the whole plan tells a pricer beyond the resource itself (who triggers a function, what schedules a job). */
export interface PlanContext {
  resources: PlannedResource[];
  /** URNs referenced by `property` of resources of `type`. */
  referencedBy(type: string, property: string): PlannedResource[];
}

type Pricer = (r: PlannedResource, usage: UsageAssumptions, plan: PlanContext) => (Charge | Unpriced)[];

const DAYS_PER_MONTH = 730 / 24;
const num = (v: unknown, fallback: number): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);
const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

const kinesisStream: Pricer = (r, u) => {
  const mode = obj(r.inputs.streamModeDetails).streamMode ?? "PROVISIONED";
  if (mode === "ON_DEMAND") {
    return [
      { item: "on-demand stream", price: "kinesis.onDemandStreamHour", quantity: u.hoursPerMonth, assumption: `runs all month (${u.hoursPerMonth} hours)` },
      { item: "data ingested", price: "kinesis.onDemandIngestGb", quantity: u.ingestGbPerMonth, assumption: `${u.ingestGbPerMonth} GB written a month` },
    ];
  }
  const shards = num(r.inputs.shardCount, 1);
  const records = (u.ingestGbPerMonth * 1024 * 1024) / u.recordSizeKb;
  const unitsPerRecord = Math.ceil(u.recordSizeKb / 25);
  return [
    { item: "shards", price: "kinesis.shardHour", quantity: shards * u.hoursPerMonth, assumption: `${shards} shard(s) all month` },
    { item: "PUT payload units", price: "kinesis.putPayloadUnitsMillion", quantity: (records * unitsPerRecord) / 1e6, assumption: `${u.ingestGbPerMonth} GB a month in ${u.recordSizeKb} KB records (25 KB units)` },
  ];
};

const firehose: Pricer = (_r, u) => {
  const billedKb = Math.ceil(u.recordSizeKb / 5) * 5;
  return [{ item: "data ingested", price: "firehose.ingestGb", quantity: (u.ingestGbPerMonth * billedKb) / u.recordSizeKb, assumption: `${u.ingestGbPerMonth} GB a month in ${u.recordSizeKb} KB records, each billed as ${billedKb} KB` }];
};

const mskCluster: Pricer = (r, u) => {
  const brokers = num(r.inputs.numberOfBrokerNodes, 3);
  const info = obj(r.inputs.brokerNodeGroupInfo);
  const instanceType = String(info.instanceType ?? "unknown");
  const volume = num(obj(obj(info.storageInfo).ebsStorageInfo).volumeSize, 1000);
  return [
    { item: `${instanceType} brokers`, price: { table: "mskBrokerHour", instanceType }, quantity: brokers * u.hoursPerMonth, assumption: `${brokers} broker(s) all month` },
    { item: "broker storage", price: "msk.storageGbMonth", quantity: brokers * volume, assumption: `${volume} GB provisioned per broker` },
  ];
};

const flinkApplication: Pricer = (r, u) => {
  const parallelism = obj(obj(obj(r.inputs.applicationConfiguration).flinkApplicationConfiguration).parallelismConfiguration);
  const p = num(parallelism.parallelism, 1);
  const perKpu = num(parallelism.parallelismPerKpu, 1);
  // One more KPU per application for orchestration (Managed Service for Apache Flink developer guide).
  const kpus = Math.ceil(p / perKpu) + 1;
  // Each KPU comes with 50 GB of running application storage that is not billed (AWS's pricing calculator);
  // only state beyond it is, and the plan says nothing of state size, so no storage line is estimated.
  return [
    {
      item: "KPUs",
      price: "flink.kpuHour",
      quantity: kpus * u.hoursPerMonth,
      assumption: `parallelism ${p} at ${perKpu} per KPU, plus 1 orchestration KPU, all month; autoscaling above this is not estimated; state assumed within the 50 GB per KPU included`,
    },
  ];
};

const DPUS_PER_WORKER: Record<string, number> = { "G.025X": 0.25, "G.1X": 1, "G.2X": 2, "G.4X": 4, "G.8X": 8 };

const glueJob: Pricer = (r, u, plan) => {
  const workerType = String(r.inputs.workerType ?? "G.1X");
  const dpus = (DPUS_PER_WORKER[workerType] ?? 1) * num(r.inputs.numberOfWorkers, 2);
  const kind = obj(r.inputs.command).name;
  if (kind === "gluestreaming") {
    return [{ item: `${workerType} streaming job`, price: "glue.dpuHour", quantity: dpus * u.hoursPerMonth, assumption: `${dpus} DPU running all month (a streaming job runs continuously)` }];
  }
  const triggers = plan.referencedBy("aws:glue/trigger:Trigger", "actions").length > 0 ? plan.resources.filter((t) => t.type === "aws:glue/trigger:Trigger" && (t.propertyDependencies.actions ?? []).includes(r.urn)) : [];
  const schedule = triggers.map((t) => t.inputs.schedule).find((s): s is string => typeof s === "string");
  const perDay = schedule ? runsPerDay(schedule) : undefined;
  if (perDay === undefined) return [{ reason: schedule ? `schedule ${schedule} runs on some days only; its runs a month are not estimated` : "no schedule in the plan: runs a month unknown" }];
  const runs = perDay * DAYS_PER_MONTH;
  return [{ item: `${workerType} job runs`, price: "glue.dpuHour", quantity: (dpus * runs * u.glueRunMinutes) / 60, assumption: `${dpus} DPU, ${Math.round(runs)} runs a month (${schedule}), ${u.glueRunMinutes} minutes each` }];
};

const glueCrawler: Pricer = (r, u) => {
  const schedule = typeof r.inputs.schedule === "string" ? r.inputs.schedule : undefined;
  const perDay = schedule ? runsPerDay(schedule) : undefined;
  if (perDay === undefined) return [{ reason: schedule ? `schedule ${schedule} runs on some days only; its runs a month are not estimated` : "crawler runs on demand only" }];
  const runs = perDay * DAYS_PER_MONTH;
  const minutes = Math.max(u.glueRunMinutes, 10);
  return [{ item: "crawler runs", price: "glue.dpuHour", quantity: (runs * minutes) / 60, assumption: `1 DPU, ${Math.round(runs)} runs a month (${schedule}), ${minutes} minutes each (10-minute minimum per crawl)` }];
};

const lambdaFunction: Pricer = (r, u, plan) => {
  const memoryGb = num(r.inputs.memorySize, 128) / 1024;
  const arm = Array.isArray(r.inputs.architectures) && r.inputs.architectures.includes("arm64");
  const triggered = plan.referencedBy("aws:lambda/eventSourceMapping:EventSourceMapping", "functionName").some((f) => f.urn === r.urn);
  // A function only invoked while deploying (a lambda Invocation) runs a handful of times.
  const invocations = triggered ? u.lambdaInvocationsPerMonth : plan.referencedBy("aws:lambda/invocation:Invocation", "functionName").filter((f) => f.urn === r.urn).length;
  const why = triggered ? `${invocations.toLocaleString("en-US")} invocations a month from its event source` : `${invocations} invocation(s) at deploy time`;
  return [
    { item: "requests", price: "lambda.requestsMillion", quantity: invocations / 1e6, assumption: why },
    { item: `${arm ? "Arm" : "x86"} compute`, price: arm ? "lambda.gbSecondArm" : "lambda.gbSecondX86", quantity: invocations * memoryGb * (u.lambdaAverageMs / 1000), assumption: `${why}, ${u.lambdaAverageMs} ms each at ${num(r.inputs.memorySize, 128)} MB` },
  ];
};

const opensearchDomain: Pricer = (r, u) => {
  const cluster = obj(r.inputs.clusterConfig);
  const count = num(cluster.instanceCount, 1);
  const instanceType = String(cluster.instanceType ?? "unknown");
  const charges: (Charge | Unpriced)[] = [{ item: `${instanceType} data nodes`, price: { table: "opensearchInstanceHour", instanceType }, quantity: count * u.hoursPerMonth, assumption: `${count} node(s) all month` }];
  if (cluster.dedicatedMasterEnabled === true) {
    const masterType = String(cluster.dedicatedMasterType ?? "unknown");
    const masters = num(cluster.dedicatedMasterCount, 3);
    charges.push({ item: `${masterType} dedicated masters`, price: { table: "opensearchInstanceHour", instanceType: masterType }, quantity: masters * u.hoursPerMonth, assumption: `${masters} master node(s) all month` });
  }
  const ebs = obj(r.inputs.ebsOptions);
  if (ebs.ebsEnabled === true) {
    const volume = num(ebs.volumeSize, 10);
    if (ebs.volumeType === "gp3") charges.push({ item: "gp3 storage", price: "opensearch.gp3GbMonth", quantity: count * volume, assumption: `${volume} GB per data node` });
    else charges.push({ reason: `EBS volume type ${String(ebs.volumeType)} is not in the table (gp3 only)` });
  }
  return charges;
};

const redshiftWorkgroup: Pricer = (r, u) => {
  const base = num(r.inputs.baseCapacity, 128);
  return [{ item: "base RPUs", price: "redshift.rpuHour", quantity: base * u.redshiftQueryHoursPerMonth, assumption: `${base} RPU for ${u.redshiftQueryHoursPerMonth} query hours a month (idle hours are not billed)` }];
};

const dynamodbTable: Pricer = (r, u) => {
  if (r.inputs.billingMode !== "PAY_PER_REQUEST") return [{ reason: "provisioned-capacity tables are not in the table (on-demand only)" }];
  return [
    { item: "write request units", price: "dynamodb.writeRequestMillion", quantity: u.dynamodbWritesPerMonth / 1e6, assumption: `${u.dynamodbWritesPerMonth.toLocaleString("en-US")} writes of up to 1 KB a month` },
    { item: "read request units", price: "dynamodb.readRequestMillion", quantity: u.dynamodbReadsPerMonth / 1e6, assumption: `${u.dynamodbReadsPerMonth.toLocaleString("en-US")} strongly consistent reads of up to 4 KB a month` },
    { item: "storage", price: "dynamodb.storageGbMonth", quantity: u.dynamodbStoredGb, assumption: `${u.dynamodbStoredGb} GB stored` },
  ];
};

const s3Bucket: Pricer = (r, u, plan) => {
  // Buckets that only hold deployment code or access logs stay small; data buckets hold the assumed volume.
  const holdsCode = plan.referencedBy("aws:s3/bucketObjectv2:BucketObjectv2", "bucket").some((b) => b.urn === r.urn);
  const holdsLogs = plan.referencedBy("aws:s3/bucketLogging:BucketLogging", "targetBucket").some((b) => b.urn === r.urn);
  const gb = holdsCode || holdsLogs ? 1 : u.s3StoredGbPerBucket;
  const why = holdsCode ? "holds deployment code: 1 GB" : holdsLogs ? "holds access logs: 1 GB" : `${gb} GB stored on average`;
  return [{ item: "Standard storage", price: "s3.standardGbMonth", quantity: gb, assumption: why }];
};

const awsxVpc: Pricer = (r, u) => {
  const strategy = obj(r.inputs.natGateways).strategy ?? "Single";
  const zones = num(r.inputs.numberOfAvailabilityZones, num(r.inputs.availabilityZoneNames && (r.inputs.availabilityZoneNames as unknown[]).length, 3));
  const gateways = strategy === "None" ? 0 : strategy === "OnePerAz" ? zones : 1;
  if (gateways === 0) return [];
  return [
    { item: "NAT gateways", price: "nat.hour", quantity: gateways * u.hoursPerMonth, assumption: `${gateways} NAT gateway(s) (${String(strategy)}) all month` },
    { item: "NAT data processed", price: "nat.processedGb", quantity: gateways * u.natProcessedGbPerMonth, assumption: `${u.natProcessedGbPerMonth} GB through each gateway a month` },
  ];
};

const notInTable = (what: string): Pricer => () => [{ reason: `${what} is billable but not in the price table` }];

/** How each billable type is priced; a type absent here costs nothing by itself (IAM, policies, bucket settings). */
export const PRICERS: Record<string, Pricer> = {
  "aws:kinesis/stream:Stream": kinesisStream,
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": firehose,
  "aws:msk/cluster:Cluster": mskCluster,
  "aws:msk/serverlessCluster:ServerlessCluster": notInTable("MSK Serverless (cluster-hours, partition-hours, data in and out)"),
  "aws:kinesisanalyticsv2/application:Application": flinkApplication,
  "aws:glue/job:Job": glueJob,
  "aws:glue/crawler:Crawler": glueCrawler,
  "aws:lambda/function:Function": lambdaFunction,
  "aws:opensearch/domain:Domain": opensearchDomain,
  "aws:redshiftserverless/workgroup:Workgroup": redshiftWorkgroup,
  "aws:dynamodb/table:Table": dynamodbTable,
  "aws:s3/bucket:Bucket": s3Bucket,
  "awsx:ec2:Vpc": awsxVpc,
  "aws:kms/key:Key": notInTable("A KMS key (a monthly key charge and requests)"),
  "aws:cloudwatch/metricAlarm:MetricAlarm": notInTable("A CloudWatch alarm (per alarm-month)"),
  "aws:cloudwatch/logGroup:LogGroup": notInTable("CloudWatch Logs ingestion and storage"),
  "aws:sqs/queue:Queue": notInTable("SQS requests"),
  "aws:sns/topic:Topic": notInTable("SNS publishes and deliveries"),
};

export function priceFor(prices: RegionPrices, price: Charge["price"]): PriceEntry | undefined {
  return typeof price === "string" ? prices.prices[price] : prices[price.table][price.instanceType];
}

export { isPrice };
