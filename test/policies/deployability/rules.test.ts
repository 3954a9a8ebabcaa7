import { describe, expect, it } from "vitest";
import { deployabilityRules } from "../../../policies/deployability";
import { splitFinding } from "../../../policies/lib/deployability";
import type { SlipstreamPolicy, SlipstreamResourcePolicy, SlipstreamStackPolicy } from "../../../policies/lib/slipstream-policy";
import { offlineUrn, type OfflineResource } from "../../../policies/offline/offline-resource";
import { runResourcePolicy, runStackPolicy } from "../../../policies/offline/run-policy";
import { resource, UNKNOWN, withValue } from "../policy-harness";
import { analyticsCases } from "./cases/analytics";
import { cognitoCases } from "./cases/cognito";
import { dataStoreCases } from "./cases/data-stores";
import { firehoseCases } from "./cases/firehose";
import { eventSourceCases } from "./cases/lambda-event-source";
import { lambdaCases } from "./cases/lambda";
import { logCases } from "./cases/logs";
import { messagingCases } from "./cases/messaging";
import { opensearchCases } from "./cases/opensearch";
import { securityCases } from "./cases/security";
import { stackCases } from "./cases/stack";
import { storageCases } from "./cases/storage";
import { tagCases } from "./cases/tags";
import type { ResourceRuleCase, StackRuleCase } from "./rule-cases";

const RESOURCE_CASES: ResourceRuleCase[] = [...tagCases, ...lambdaCases, ...eventSourceCases, ...messagingCases, ...firehoseCases, ...opensearchCases, ...logCases, ...dataStoreCases, ...securityCases, ...analyticsCases, ...storageCases, ...cognitoCases];

const isStack = (policy: SlipstreamPolicy): policy is SlipstreamStackPolicy => "validateStack" in policy;
const byName = new Map(deployabilityRules.map((p) => [p.name, p]));
// The rule's config defaults, as the pack config resolves them.
const defaults = (policy: SlipstreamPolicy) => Object.fromEntries(Object.entries(policy.configSchema?.properties ?? {}).map(([key, schema]) => [key, (schema as { default?: unknown }).default]));

/** Field and message of each violation the rule reports. */
const findings = (violations: { message: string }[]) => violations.map((v) => splitFinding(v.message));

it("has a violating and a compliant case for every deployability rule", () => {
  const covered = new Set([...RESOURCE_CASES.filter((c) => c.violations.length > 0).map((c) => c.rule), ...stackCases.filter((c) => c.violations.length > 0).map((c) => c.rule)]);
  expect([...byName.keys()].filter((name) => !covered.has(name))).toEqual([]);
  for (const c of [...RESOURCE_CASES, ...stackCases]) expect(byName.has(c.rule), c.rule).toBe(true);
});

describe.each(RESOURCE_CASES.map((c, i) => [`${c.rule} #${i} (${c.type.split(":").pop()})`, c] as const))("%s", (_, c) => {
  const policy = byName.get(c.rule) as SlipstreamResourcePolicy;
  const check = (props: Record<string, unknown>) => runResourcePolicy(policy, resource(c.type, props, c.name ?? "subject"), defaults(policy));

  it("passes the compliant resource", async () => {
    expect(await check(c.compliant)).toEqual({ violations: [], exemptions: [] });
  });

  it.each(c.alsoCompliant ?? [])("passes with another %s", async (path, value) => {
    expect((await check(withValue(c.compliant, path, value))).violations).toEqual([]);
  });

  it.each(c.violations)("fails when %s changes", async (path, value, field, message) => {
    const outcome = await check(withValue(c.compliant, path, value));
    expect(findings(outcome.violations)).toEqual([{ field, message: expect.stringContaining(message) }]);
  });

  it.each((c.unknown ?? [...new Set(c.violations.map(([path]) => path))]).map((path) => [path]))("does not fail while %s is unknown", async (path) => {
    const outcome = await check(withValue(c.compliant, path, UNKNOWN));
    expect(outcome.violations).toEqual([]);
    expect(outcome.unknown).toBeUndefined();
  });

  it("is not applicable to another type", async () => {
    const outcome = await runResourcePolicy(policy, resource("test:index/unrelated:Unrelated", { name: "x".repeat(300), tags: { "aws:x": "y" } }));
    expect(outcome.violations).toEqual([]);
    expect(outcome.notApplicable).toBeDefined();
  });
});

function stackOf(resources: StackRuleCase["compliant"]): OfflineResource[] {
  return resources.map((r) => ({ ...r, urn: offlineUrn(r.type, r.name), props: structuredClone(r.props) }));
}

function changed(resources: StackRuleCase["compliant"], name: string, path: string, value: unknown): StackRuleCase["compliant"] {
  expect(resources.some((r) => r.name === name), `the stack has ${name}`).toBe(true);
  return resources.map((r) => (r.name === name ? { ...r, props: withValue(r.props, path, value) } : r));
}

describe.each(stackCases.map((c) => [c.rule, c] as const))("%s", (_, c) => {
  const policy = byName.get(c.rule) as SlipstreamStackPolicy;
  expect(isStack(policy)).toBe(true);
  const run = async (resources: StackRuleCase["compliant"]) => {
    const stack = stackOf(resources);
    const outcome = await runStackPolicy(policy, stack, defaults(policy));
    return outcome.violations.map((v) => ({ resource: stack.find((r) => r.urn === v.urn)?.name, ...splitFinding(v.message) }));
  };

  it("passes the compliant stack", async () => {
    expect(await run(c.compliant)).toEqual([]);
  });

  it.each(c.violations)("fails when %s's %s changes", async (name, path, value, reported) => {
    expect(await run(changed(c.compliant, name, path, value))).toEqual(reported.map((r) => ({ resource: r.resource, field: r.field, message: expect.stringContaining(r.message) })));
  });

  it.each(c.unknown)("does not report violation %i while %s's %s is unknown", async (index, name, path) => {
    const [violating, violatingPath, value] = c.violations[index]!;
    expect(await run(changed(changed(c.compliant, violating, violatingPath, value), name, path, UNKNOWN))).toEqual([]);
  });

  it("has nothing to say about a stack without the resources it relates", async () => {
    expect(await run([{ type: "aws:sqs/queue:Queue", name: "lonely", props: { visibilityTimeoutSeconds: 0 } }])).toEqual([]);
  });
});
