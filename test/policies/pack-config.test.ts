import { describe, expect, it } from "vitest";
import { slipstreamPolicies } from "../../policies/all-policies";
import { PackConfigError, resolvePackConfig } from "../../policies/offline/pack-config";
import { DEFAULT_ALLOWED_ENVIRONMENTS, DEFAULT_REQUIRED_TAG_KEYS } from "../../policies/rules/tagging";

describe("resolvePackConfig", () => {
  it("defaults to each policy's level and its schema's defaults", () => {
    const resolved = resolvePackConfig(slipstreamPolicies);
    expect(resolved.get("required-tags")).toEqual({ enforcementLevel: "mandatory", properties: { requiredKeys: DEFAULT_REQUIRED_TAG_KEYS, allowedEnvironments: DEFAULT_ALLOWED_ENVIRONMENTS } });
    expect(resolved.get("kms-key-rotation")).toEqual({ enforcementLevel: "mandatory", properties: {} });
  });

  it("applies `all`, then each policy's own level, and merges properties over defaults", () => {
    const resolved = resolvePackConfig(slipstreamPolicies, {
      all: "advisory",
      "kms-key-rotation": "disabled",
      "required-tags": { enforcementLevel: "mandatory", requiredKeys: ["owner", "data-classification"] },
    });
    expect(resolved.get("sqs-queue-encrypted")!.enforcementLevel).toBe("advisory");
    expect(resolved.get("kms-key-rotation")!.enforcementLevel).toBe("disabled");
    expect(resolved.get("required-tags")).toEqual({ enforcementLevel: "mandatory", properties: { requiredKeys: ["owner", "data-classification"], allowedEnvironments: DEFAULT_ALLOWED_ENVIRONMENTS } });
    expect(resolvePackConfig(slipstreamPolicies, { all: { enforcementLevel: "disabled" } }).get("sns-topic-encrypted")!.enforcementLevel).toBe("disabled");
  });

  it.each([
    [{ "no-such-policy": "mandatory" }, 'unknown policy "no-such-policy"'],
    [{ all: "strict" }, "all: enforcement level must be one of advisory, mandatory, remediate, disabled"],
    [{ "required-tags": { requiredKeys: "owner" } }, "required-tags.requiredKeys: expected array, got string"],
    [{ "required-tags": { requiredKeys: [] } }, "required-tags.requiredKeys: needs at least 1 items"],
    [{ "required-tags": { requiredKeys: ["a", "b", "c", "d", "e", "f", "g"] } }, "takes at most 6 items"],
    [{ "required-tags": { owners: ["x"] } }, 'required-tags: unknown property "owners"; it takes requiredKeys, allowedEnvironments'],
    [{ "glue-job-version": { minimumVersion: "four" } }, "glue-job-version.minimumVersion: must match"],
    [{ "log-group-retention": { minimumDays: 0 } }, "log-group-retention.minimumDays: must be at least 1"],
    [[], "expected a JSON object"],
  ])("refuses %j", (config, message) => {
    expect(() => resolvePackConfig(slipstreamPolicies, config as Record<string, unknown>)).toThrow(PackConfigError);
    expect(() => resolvePackConfig(slipstreamPolicies, config as Record<string, unknown>)).toThrow(message);
  });
});
