import fc from "fast-check";
import { expect } from "vitest";
import { exampleRequest, requestJsonSchema, validateRequest } from "../../blueprints/catalogue";
import { DEPLOYMENT_NAME_MAX } from "../../blueprints/deployment-name";
import { SUPPORTED_REGIONS } from "../../blueprints/region-capabilities";
import { requestInRegion } from "../../blueprints/request";
import { evaluatePolicies } from "../../policies/offline/evaluate";
import { resourcesFromPlan } from "../../policies/offline/from-plan";
import { renderPlan } from "../../programs/offline-plan/render-plan";
import { arbitraryFor, type JsonSchema } from "./schema-arbitrary";

/** Requests generated per blueprint: the floor. */
export const ACCEPTED_REQUESTS_PER_BLUEPRINT = 200;

/**
 * The bound on one blueprint's property test: a guard against a hang, not a speed check. Its
 * 200 renders are CPU-bound: 1–2 minutes on a quiet 2-core machine, and over 10 minutes when
 * the cores are shared with other suites (seen at a load average of 15–20), so the bound sits
 * well beyond that and far under CI's budget.
 */
export const PROPERTY_TEST_TIMEOUT_MS = 30 * 60_000;

// Tag keys as AWS's tagging rules allow them on most services, and keys of the narrower set some
// services take (Redshift); the blueprint's schema decides which it accepts.
const tagKey = fc
  .oneof(fc.stringMatching(/^[a-zA-Z0-9 _.:/=+\-@]{1,128}$/), fc.stringMatching(/^[a-zA-Z0-9_.:/=+-]{1,128}$/))
  .filter((key) => key.trim() === key && !key.toLowerCase().startsWith("aws:"));

/** The most tags the blueprint's schema accepts on its example (fewer where a service caps them: OpenSearch takes 10). */
function mostExtraTags(blueprint: string): number {
  const example = exampleRequest(blueprint) as { tags: Record<string, string> };
  for (let extra = 50; extra > 0; extra--) {
    const tags = { ...example.tags, ...Object.fromEntries(Array.from({ length: extra }, (_, i) => [`extra-${i}`, "x"])) };
    try {
      validateRequest(blueprint, { ...example, tags });
      return extra;
    } catch {
      // Too many for this blueprint's services: try one fewer.
    }
  }
  return 0;
}
const deploymentName = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/),
  // The longest name: physical names built from it are where AWS's length limits bite.
  fc.stringMatching(new RegExp(`^[a-z][a-z0-9]{${DEPLOYMENT_NAME_MAX - 2}}[a-z0-9]$`)),
).filter((name) => !name.includes("--"));

/**
 * A generated request placed in the candidate's Region: a Region it names becomes that one, and
 * so does the Region of every key, topic, stream and cluster ARN it names, which a deployment
 * can only use in its own Region. Otherwise nearly every request that names one would be
 * refused, and the requests that reach a plan would be those that name none.
 */
export function placeInRegion(request: unknown, region: string): unknown {
  if (typeof request !== "object" || request === null || Array.isArray(request)) return request;
  const { region: named, params, ...rest } = request as { region?: unknown; params?: unknown };
  return { ...rest, params: regionalArnsIn(params, region), ...(named === undefined ? {} : { region }) };
}

function regionalArnsIn(value: unknown, region: string): unknown {
  if (typeof value === "string") return value.replace(/^(arn:[^:]+:(?:kms|sns|dynamodb|kafka):)[^:]*:/, `$1${region}:`);
  if (Array.isArray(value)) return value.map((item) => regionalArnsIn(item, region));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, regionalArnsIn(item, region)]));
}

// Tags some services take (Redshift Serverless: letters, digits, spaces and + - = . _ : /, no "@").
const NARROW_TAG = /^[\p{L}\p{N}\p{Z}+\-=._:/]*$/u;

/**
 * The request's tags kept to the narrower set some services take, dropping other characters
 * from values and keys that hold them: half the requests get this, so a blueprint with such a
 * service sees accepted requests with many tags, and the others still see "@" and the rest.
 */
function narrowTags(request: unknown): unknown {
  const { tags, ...rest } = request as { tags?: Record<string, string> };
  if (tags === undefined) return request;
  const narrowed = Object.entries(tags)
    .filter(([key]) => NARROW_TAG.test(key))
    .map(([key, value]) => [key, [...value].filter((c) => NARROW_TAG.test(c)).join("")]);
  return { ...rest, tags: Object.fromEntries(narrowed) };
}

export interface Candidate {
  name: string;
  region: string;
  request: unknown;
}

/** Deployment names, Regions and requests generated for a blueprint, before its schema filters them. */
export function candidateRequests(blueprint: string): fc.Arbitrary<Candidate> {
  const schema = requestJsonSchema(blueprint) as JsonSchema;
  const requests = arbitraryFor(schema, { additionalKeys: { tags: tagKey }, maxAdditionalKeys: { tags: mostExtraTags(blueprint) } });
  return fc
    .record({ name: deploymentName, region: fc.constantFrom(...SUPPORTED_REGIONS), request: requests, narrow: fc.boolean() })
    .map(({ name, region, request, narrow }) => ({ name, region, request: placeInRegion(narrow ? narrowTags(request) : request, region) }));
}

/**
 * Property: every request a blueprint's schema accepts renders a plan with no deployability,
 * security or tagging violation. Requests come from the blueprint's published JSON Schema,
 * biased to the edges (longest names, most tags, every option and environment, every Region
 * Slipstream offers); those the schema's cross-field rules refuse (a Region without a service
 * the request needs, say) are skipped and counted.
 */
export async function expectEveryAcceptedRequestDeploys(blueprint: string, numRuns = ACCEPTED_REQUESTS_PER_BLUEPRINT): Promise<void> {
  const candidates = candidateRequests(blueprint);
  let accepted = 0;
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(candidates, async ({ name, region, request }) => {
      try {
        validateRequest(blueprint, requestInRegion(request, region));
      } catch {
        refused++;
        fc.pre(false);
      }
      accepted++;
      const plan = await renderPlan(blueprint, request, { name, region });
      const report = await evaluatePolicies(resourcesFromPlan(plan));
      expect(report.violations, JSON.stringify({ name, region, request })).toEqual([]);
    }),
    { numRuns, maxSkipsPerRun: 50, endOnFailure: true },
  );
  expect(accepted).toBeGreaterThanOrEqual(numRuns);
  // Most generated requests must be valid, or the property says little: a generator that the
  // schema mostly refuses tests the refusals, not the plans.
  expect(refused, `${refused} of ${accepted + refused} generated requests were refused by the schema`).toBeLessThan(accepted * 20);
}
