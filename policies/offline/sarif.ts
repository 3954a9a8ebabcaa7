import packageJson from "../package.json";
import { controlIds, type SlipstreamPolicy } from "../lib/slipstream-policy";
import type { CheckReport } from "./evaluate";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export interface SarifOptions {
  /** The file the resources came from (request, resources file), relative to the repository: results point at it. */
  artifactUri: string;
  policies: readonly SlipstreamPolicy[];
}

/**
 * A check report as SARIF 2.1.0, for CI code-scanning tools: one rule per policy (its category
 * and controls as tags, its remediation as help, its AWS document as helpUri), one result per
 * violation (`error` for mandatory, `warning` for advisory) and one `notApplicable` result per
 * exemption.
 * Resources have no source line: results point at the input file and name the resource as
 * a logical location.
 */
export function toSarif(report: CheckReport, options: SarifOptions): Record<string, unknown> {
  const ruleIndex = new Map(options.policies.map((p, i) => [p.name, i]));
  const location = (resource: { type: string; name: string } | null) => ({
    physicalLocation: { artifactLocation: { uri: options.artifactUri }, region: { startLine: 1 } },
    ...(resource ? { logicalLocations: [{ name: resource.name, fullyQualifiedName: `${resource.type}::${resource.name}`, kind: "resource" }] } : {}),
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "slipstream-policies",
            version: packageJson.version,
            informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
            rules: options.policies.map((p) => ({
              id: p.name,
              shortDescription: { text: p.description },
              fullDescription: { text: p.description },
              help: { text: p.remediationSteps, markdown: p.remediationSteps },
              ...(p.url ? { helpUri: p.url } : {}),
              defaultConfiguration: { level: "error" },
              properties: { category: p.category, tags: [p.category, ...controlIds(p.controls)], enforcementLevel: p.enforcementLevel ?? "mandatory" },
            })),
          },
        },
        results: [
          ...report.violations.map((v) => ({
            ruleId: v.policy,
            ruleIndex: ruleIndex.get(v.policy),
            kind: "fail",
            level: v.enforcementLevel === "mandatory" ? "error" : "warning",
            message: { text: v.field !== undefined ? `${v.field}: ${v.message}` : v.message },
            locations: [location(v.resource)],
            partialFingerprints: { resource: `${v.resource ? `${v.resource.type}::${v.resource.name}` : "stack"}${v.field !== undefined ? `::${v.field}` : ""}` },
            properties: {
              category: v.category,
              controls: v.controls,
              enforcementLevel: v.enforcementLevel,
              ...(v.field !== undefined ? { field: v.field } : {}),
              ...(v.document !== undefined ? { document: v.document } : {}),
            },
          })),
          ...report.notApplicable.map((n) => ({
            ruleId: n.policy,
            ruleIndex: ruleIndex.get(n.policy),
            kind: "notApplicable",
            level: "none",
            message: { text: `Not applicable: ${n.reason}` },
            locations: [location(n.resource)],
          })),
        ],
        invocations: [{ executionSuccessful: true }],
        properties: { passed: report.passed, evaluated: report.evaluated },
      },
    ],
  };
}
