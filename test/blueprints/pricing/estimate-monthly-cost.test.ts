import { describe, expect, it } from "vitest";
import { estimateMonthlyCost } from "../../../blueprints/pricing/estimate-monthly-cost";
import { isPrice, type PriceKey } from "../../../blueprints/pricing/price-table";
import { REGIONAL_PRICES } from "../../../blueprints/pricing/regional-prices";
import { PRICERS } from "../../../blueprints/pricing/resource-pricers";
import { DEFAULT_USAGE as U } from "../../../blueprints/pricing/usage-assumptions";
import type { Plan } from "../../../programs/offline-plan/render-plan";
import { BLUEPRINTS, examplePlan } from "../diagram/example-plans";

/** A us-east-1 unit price, read from the table (the test fails if the figure went missing). */
function usd(key: PriceKey): number {
  const entry = REGIONAL_PRICES["us-east-1"]!.prices[key];
  if (!isPrice(entry)) throw new Error(`${key} has no us-east-1 figure`);
  return entry.usd;
}

const byName = (plan: Plan, name: string) => plan.resources.find((r) => r.name === name && !r.component)!;
const memoryGb = (plan: Plan, name: string) => (byName(plan, name).inputs.memorySize as number) / 1024;
/** A Lambda function driven by its event source: requests plus Arm compute at the assumed rate and duration. */
const triggeredArmFunction = (gb: number) => (U.lambdaInvocationsPerMonth / 1e6) * usd("lambda.requestsMillion") + U.lambdaInvocationsPerMonth * gb * (U.lambdaAverageMs / 1000) * usd("lambda.gbSecondArm");
const DAYS = 730 / 24;

/** Each example's total worked out by hand from the stated assumptions and the table's figures. */
const EXPECTED: Record<(typeof BLUEPRINTS)[number], (plan: Plan) => number> = {
  "access-log-analytics": (p) => (1 + 2 * U.s3StoredGbPerBucket) * usd("s3.standardGbMonth") + triggeredArmFunction(memoryGb(p, "example-forwarder")),
  // The on-demand table: writes, reads and the assumed stored GB.
  "dynamodb-search": (p) =>
    (U.dynamodbWritesPerMonth / 1e6) * usd("dynamodb.writeRequestMillion") +
    (U.dynamodbReadsPerMonth / 1e6) * usd("dynamodb.readRequestMillion") +
    U.dynamodbStoredGb * usd("dynamodb.storageGbMonth") +
    triggeredArmFunction(memoryGb(p, "example-indexer")),
  "msk-data-lake": (p) =>
    U.hoursPerMonth * usd("nat.hour") +
    U.natProcessedGbPerMonth * usd("nat.processedGb") +
    (1 + 1 + 2 * U.s3StoredGbPerBucket) * usd("s3.standardGbMonth") +
    // Hourly curate job on 2 G.1X workers, hourly crawler at its 10-minute minimum and 1 DPU.
    2 * 24 * DAYS * (U.glueRunMinutes / 60) * usd("glue.dpuHour") +
    24 * DAYS * (Math.max(10, U.glueRunMinutes) / 60) * usd("glue.dpuHour") +
    // 3 dev brokers (1 per zone) with 100 GB each; their kafka.t3.small hours have no figure and stay out.
    3 * 100 * usd("msk.storageGbMonth") +
    // The warehouse workgroup at its 8 RPU base capacity for the assumed query hours.
    8 * U.redshiftQueryHoursPerMonth * usd("redshift.rpuHour") +
    triggeredArmFunction(memoryGb(p, "example-consumer")),
  // The streaming Glue job runs all month on 2 G.025X workers (0.5 DPU).
  // The stream and the serving table are on-demand.
  // The Flink application runs parallelism 2 at 1 per KPU: 2 KPUs plus 1 for orchestration, all month (its 50 GB per KPU of running storage is included).
  "serverless-streaming-pipeline": () =>
    U.hoursPerMonth * usd("kinesis.onDemandStreamHour") +
    (1 + 1 + U.s3StoredGbPerBucket) * usd("s3.standardGbMonth") +
    0.5 * U.hoursPerMonth * usd("glue.dpuHour") +
    (U.dynamodbWritesPerMonth / 1e6) * usd("dynamodb.writeRequestMillion") +
    (U.dynamodbReadsPerMonth / 1e6) * usd("dynamodb.readRequestMillion") +
    U.dynamodbStoredGb * usd("dynamodb.storageGbMonth") +
    3 * U.hoursPerMonth * usd("flink.kpuHour"),
};

describe.each(BLUEPRINTS)("the %s example's estimate", (id) => {
  it("totals what the stated assumptions give at the table's prices", async () => {
    const plan = await examplePlan(id);
    const estimate = estimateMonthlyCost(plan);
    expect(estimate).toMatchObject({ currency: "USD", region: "us-east-1" });
    // Lines are rounded to cents; a handful of them may drift a few cents from the exact sum.
    expect(Math.abs(estimate.monthlyTotal - EXPECTED[id](plan))).toBeLessThan(0.05);
    expect(estimate.monthlyTotal).toBeCloseTo(estimate.lines.reduce((s, l) => s + l.monthly, 0), 2);
  }, 120_000);

  it("accounts for every billable resource: priced, or listed as not priced with a reason", async () => {
    const plan = await examplePlan(id);
    const estimate = estimateMonthlyCost(plan);
    const accounted = new Set([...estimate.lines.map((l) => l.urn), ...estimate.notPriced.map((n) => n.urn)]);
    for (const r of plan.resources.filter((r) => PRICERS[r.type])) expect(accounted, r.name).toContain(r.urn);
    for (const line of estimate.lines) {
      expect(line.assumption.length).toBeGreaterThan(5);
      expect(line.source).toMatch(/^https:\/\/aws\.amazon\.com\/\S+ \(read \d{4}-\d{2}-\d{2}/);
      expect(line.monthly).toBeCloseTo(line.quantity * line.unitPrice, 1);
    }
    for (const n of estimate.notPriced) expect(n.reason.length).toBeGreaterThan(10);
  }, 120_000);
});

describe("estimateMonthlyCost outside the table", () => {
  it("prices nothing in a Region the table does not cover, and says so for each billable resource", async () => {
    const plan = { ...(await examplePlan("dynamodb-search")), region: "ap-south-1" };
    const estimate = estimateMonthlyCost(plan);
    expect(estimate.lines).toEqual([]);
    expect(estimate.monthlyTotal).toBe(0);
    expect(estimate.notPriced.length).toBe(plan.resources.filter((r) => PRICERS[r.type]).length);
    for (const n of estimate.notPriced) expect(n.reason).toBe("no prices for Region ap-south-1: the offline table covers us-east-1, eu-west-1");
  }, 120_000);

  it("lists a figure the table lacks for a covered Region as not priced, naming the Region", async () => {
    const plan = { ...(await examplePlan("dynamodb-search")), region: "eu-west-1" };
    const estimate = estimateMonthlyCost(plan);
    const table = estimate.notPriced.filter((n) => n.type === "aws:dynamodb/table:Table");
    expect(table.map((n) => n.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/^write request units: no published eu-west-1 figure/)]));
    expect(estimate.lines.filter((l) => l.type === "aws:dynamodb/table:Table")).toEqual([]);
  }, 120_000);

  it("takes the caller's usage assumptions", async () => {
    const plan = await examplePlan("dynamodb-search");
    const usage = { ...U, dynamodbWritesPerMonth: 2 * U.dynamodbWritesPerMonth };
    const writes = (e: ReturnType<typeof estimateMonthlyCost>) => e.lines.find((l) => l.item === "write request units")!;
    expect(writes(estimateMonthlyCost(plan, usage)).monthly).toBeCloseTo(2 * writes(estimateMonthlyCost(plan)).monthly, 2);
    expect(writes(estimateMonthlyCost(plan, usage)).assumption).toContain("20,000,000 writes");
  }, 120_000);
});
