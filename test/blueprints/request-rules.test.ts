import { describe, expect, it } from "vitest";
import { SEARCH_INSTANCE_TYPES } from "../../blueprints/building-blocks/search-instance-types";
import { searchSizingIssues } from "../../blueprints/building-blocks/search-sizing-rules";
import { sizingFor } from "../../blueprints/building-blocks/sizing";
import { catalogue, exampleRequest, validateRequest } from "../../blueprints/catalogue";
import { ENVIRONMENTS } from "../../blueprints/environment";
import { regionProblems, REGION_CAPABILITIES, SUPPORTED_REGIONS } from "../../blueprints/region-capabilities";
import { requestInRegion, RequestValidationError } from "../../blueprints/request";
import { serviceTagIssues } from "../../blueprints/tags";
import { renderPlan } from "../../programs/offline-plan/render-plan";
import type { ExampleRequest } from "../support/blueprint-requests";

// The rules every request schema reads through `requestSchema`: per-service tag rules (tags.ts),
// the Region capability table (region-capabilities.ts) and OpenSearch sizing (search-sizing-rules.ts).

const example = (id: string) => exampleRequest(id) as ExampleRequest;
const withTags = (id: string, tags: Record<string, string>) => ({ ...example(id), tags: { ...example(id).tags, ...tags } });
const withParams = (id: string, params: Record<string, unknown>, tags: Record<string, string> = {}) => ({ params: { ...example(id).params, ...params }, tags: { ...example(id).tags, ...tags } });
const extraTags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`team-${i}`, "x"]));

/** The issue paths a request is refused with, or [] when it is accepted. */
function refusedAt(id: string, request: unknown): string[] {
  try {
    validateRequest(id, request);
    return [];
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    return error.issues.map((issue) => issue.path.join("."));
  }
}
const REDSHIFT_ACCESS_LOGS = { redshift: { enabled: true, subnetIds: ["subnet-a", "subnet-b", "subnet-c"] } };

describe("per-service tag rules (deploy-review B5, m16)", () => {
  it.each(["dynamodb-search", "access-log-analytics"])("%s: an OpenSearch domain takes 10 tags, Slipstream sets 3, so 7 may be requested", (id) => {
    expect(refusedAt(id, withTags(id, extraTags(4)))).toEqual([]);
    expect(refusedAt(id, withTags(id, extraTags(5)))).toEqual(["tags"]);
  });

  it("says why, with the numbers and the document", () => {
    expect(serviceTagIssues({ ...extraTags(8) }, ["opensearch"])).toEqual([
      { message: "an OpenSearch domain takes at most 10 tags and Slipstream sets 3 (managed-by, slipstream:blueprint, slipstream:deployment): at most 7 tags may be requested, got 8 (OpenSearch Service API reference, AddTags)" },
    ]);
  });

  it("keeps AWS's 50 for blueprints without OpenSearch", () => {
    expect(refusedAt("msk-data-lake", withTags("msk-data-lake", extraTags(44)))).toEqual([]);
    expect(refusedAt("serverless-streaming-pipeline", withTags("serverless-streaming-pipeline", extraTags(44)))).toEqual([]);
  });

  it("refuses tag keys Redshift Serverless does not take, naming the tag, only where Redshift is created", () => {
    const at = { "team@site": "x" };
    expect(refusedAt("msk-data-lake", withTags("msk-data-lake", at))).toEqual(["tags.team@site"]);
    expect(refusedAt("access-log-analytics", withParams("access-log-analytics", REDSHIFT_ACCESS_LOGS, at))).toContain("tags.team@site");
    expect(refusedAt("access-log-analytics", withTags("access-log-analytics", at))).toEqual([]);
    expect(refusedAt("dynamodb-search", withTags("dynamodb-search", at))).toEqual([]);
    // Letters of any script, digits, spaces and + - = . _ : / are fine.
    expect(refusedAt("msk-data-lake", withTags("msk-data-lake", { "équipe produit/a+b=c.d_e:f-g": "x" }))).toEqual([]);
  });
});

describe("Region capabilities (deploy-review m11)", () => {
  it.each([...catalogue.keys()])("%s: its example is accepted in every Region Slipstream offers with three zones", async (id) => {
    for (const region of SUPPORTED_REGIONS.filter((r) => REGION_CAPABILITIES[r]!.zones === 3)) {
      expect(refusedAt(id, { ...example(id), region }), region).toEqual([]);
    }
  });

  it("refuses a Region Slipstream has not checked, naming region", () => {
    for (const id of catalogue.keys()) expect(refusedAt(id, { ...example(id), region: "mx-central-1" })).toEqual(["region"]);
    expect(regionProblems("mx-central-1", { services: [], zones: 1 })[0]).toMatch(/^mx-central-1 is not a Region Slipstream offers .*; choose one of us-east-1, /);
  });

  it("refuses three-zone deployments in a Region with two zones for new accounts", () => {
    expect(refusedAt("dynamodb-search", { ...withTags("dynamodb-search", { environment: "prod" }), region: "us-west-1" })).toEqual(["region"]);
    expect(refusedAt("dynamodb-search", { ...withTags("dynamodb-search", { environment: "staging" }), region: "us-west-1" })).toEqual([]);
    expect(refusedAt("msk-data-lake", { ...example("msk-data-lake"), region: "us-west-1" })).toEqual(["region"]);
    expect(regionProblems("us-west-1", { services: [], zones: 3 })).toEqual([
      "this deployment spreads over 3 Availability Zones and us-west-1 offers new accounts 2; choose a Region with 3 (us-east-1, us-east-2, us-west-2, ca-central-1, eu-west-1, eu-west-2, eu-west-3, eu-central-1, eu-north-1, ap-south-1, ap-southeast-1, ap-southeast-2, ap-northeast-1, ap-northeast-2, sa-east-1)",
    ]);
  });

  it("refuses a service the Region lacks, naming where it is", () => {
    const serverless = withParams("msk-data-lake", { kafka: { ...example("msk-data-lake").params["kafka"], mode: "serverless" } });
    expect(refusedAt("msk-data-lake", { ...serverless, region: "sa-east-1" })).toEqual(["region"]);
    expect(refusedAt("msk-data-lake", { ...serverless, region: "eu-west-1" })).toEqual([]);
    expect(regionProblems("sa-east-1", { services: ["msk-serverless"], zones: 1 })[0]).toMatch(/^MSK Serverless is not available in sa-east-1; it is in us-east-1, us-east-2, us-west-2, /);
  });

  it("takes the deployment's Region into the request, and refuses a request naming another", async () => {
    expect(requestInRegion({ params: {}, tags: {} }, "eu-west-1")).toEqual({ params: {}, tags: {}, region: "eu-west-1" });
    expect(() => requestInRegion({ params: {}, tags: {}, region: "us-east-1" }, "eu-west-1")).toThrow('the request names Region "us-east-1" but the deployment goes to eu-west-1');
    const prod = withTags("dynamodb-search", { environment: "prod" });
    const error = await renderPlan("dynamodb-search", prod, { name: "orders", region: "us-west-1" }).catch((e: unknown) => e);
    expect((error as RequestValidationError).issues.map((i) => i.path.join("."))).toEqual(["region"]);
    const plan = await renderPlan("dynamodb-search", { ...prod, region: "eu-west-1" }, { name: "orders" });
    expect(plan.region).toBe("eu-west-1");
  });

  it("lists every zone count and service for every Region", () => {
    for (const [region, capabilities] of Object.entries(REGION_CAPABILITIES)) {
      expect([2, 3], region).toContain(capabilities.zones);
      expect(capabilities.services.has("opensearch"), region).toBe(true);
    }
  });
});

describe("OpenSearch sizing (deploy-review M8)", () => {
  it("accepts every environment's own sizing", () => {
    for (const environment of ENVIRONMENTS) expect(searchSizingIssues(sizingFor(environment).opensearch), environment).toEqual([]);
  });

  it.each(["dynamodb-search", "access-log-analytics"])("%s: refuses what CreateDomain refuses, naming the field", (id) => {
    const search = (overrides: Record<string, unknown>, environment = "dev") => refusedAt(id, withParams(id, { search: { ...example(id).params["search"], ...overrides } }, { environment }));
    expect(search({ instanceCount: 3 }, "staging")).toEqual(["params.search.instanceCount"]);
    expect(search({ instanceCount: 4 }, "staging")).toEqual([]);
    expect(search({ instanceCount: 2 }, "prod")).toEqual(["params.search.instanceCount"]);
    expect(search({ instanceCount: 4 }, "prod")).toEqual([]);
    expect(search({ volumeGiB: 101 })).toEqual(["params.search.volumeGiB"]);
    expect(search({ instanceType: "r6g.large.search", volumeGiB: 2048 })).toEqual([]);
    expect(search({ instanceType: "r6g.large.search", volumeGiB: 2049 })).toEqual(["params.search.volumeGiB"]);
    expect(search({ instanceType: "i3.large.search" })).toEqual(["params.search.instanceType"]);
    expect(new Set(search({ instanceCount: 81 }))).toEqual(new Set(["params.search.instanceCount"]));
  });

  it("bounds every listed type's volume within gp3's and the quotas page's", () => {
    for (const [type, { maxVolumeGiB }] of Object.entries(SEARCH_INSTANCE_TYPES)) {
      expect(maxVolumeGiB, type).toBeGreaterThanOrEqual(100);
      expect(maxVolumeGiB, type).toBeLessThanOrEqual(24 * 1024);
    }
  });

  it("refuses dedicated masters other than 3 or 5, and T3 masters over more than 10 data nodes", () => {
    const prod = sizingFor("prod").opensearch;
    expect(searchSizingIssues({ ...prod, dedicatedMaster: { instanceType: "m6g.large.search", count: 4 } }).map((i) => i.field)).toEqual(["dedicatedMaster"]);
    expect(searchSizingIssues({ ...prod, dedicatedMaster: { instanceType: "m6g.large.search", count: 5 } })).toEqual([]);
    expect(searchSizingIssues({ ...prod, instanceCount: 12, dedicatedMaster: { instanceType: "t3.medium.search", count: 3 } }).map((i) => i.field)).toEqual(["dedicatedMaster"]);
  });
});
