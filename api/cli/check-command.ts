import * as path from "node:path";
import { parseArgs } from "node:util";
import { renderPlan } from "../../programs/offline-plan/render-plan";
import { slipstreamPolicies } from "../../policies/all-policies";
import { evaluatePolicies, type CheckReport } from "../../policies/offline/evaluate";
import { resourcesFromPlan } from "../../policies/offline/from-plan";
import { ResourcesFileError, parseResources } from "../../policies/offline/load-resources";
import type { OfflineResource } from "../../policies/offline/offline-resource";
import { PackConfigError, type PackConfig } from "../../policies/offline/pack-config";
import { formatReportTable } from "../../policies/offline/report-table";
import { toSarif } from "../../policies/offline/sarif";
import { readJsonFile } from "./read-json-file";
import { CHECK_USAGE } from "./usage";
import { UsageError } from "./usage-error";

const FORMATS = ["json", "table", "sarif"] as const;

/**
 * `slipstream check`: runs the policy pack offline on a blueprint request (through its
 * offline plan) or on a resources file. Exit 0 without mandatory violations, 1 with one,
 * 2 on bad input.
 */
export async function checkCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      request: { type: "string" },
      resources: { type: "string" },
      config: { type: "string" },
      format: { type: "string", default: "table" },
      name: { type: "string", default: "example" },
      region: { type: "string" },
    },
  });
  const usage = `usage: ${CHECK_USAGE}`;
  const [blueprint, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(usage);
  if (!(FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got "${values.format}"`);
  if (blueprint !== undefined && values.resources !== undefined) throw new UsageError(`check either a blueprint request or a resources file, not both\n${usage}`);
  if (blueprint === undefined && values.request !== undefined) throw new UsageError(`--request needs a blueprint\n${usage}`);
  if (blueprint === undefined && values.resources === undefined) throw new UsageError(usage);
  if (blueprint !== undefined && values.request === undefined) throw new UsageError(`--request is required with a blueprint\n${usage}`);

  const config = values.config === undefined ? undefined : (readJsonFile(values.config, "--config") as PackConfig);
  const source = (blueprint === undefined ? values.resources : values.request)!;
  let resources: OfflineResource[];
  if (blueprint !== undefined) {
    resources = resourcesFromPlan(await renderPlan(blueprint, readJsonFile(source, "--request"), { name: values.name, region: values.region }));
  } else {
    try {
      resources = parseResources(readJsonFile(source, "--resources"));
    } catch (err) {
      if (err instanceof ResourcesFileError) throw new UsageError(`--resources: ${source}: ${err.message}`);
      throw err;
    }
  }

  let report: CheckReport;
  try {
    report = await evaluatePolicies(resources, { config });
  } catch (err) {
    if (err instanceof PackConfigError) throw new UsageError(`--config: ${err.message}`);
    throw err;
  }

  if (values.format === "json") out(JSON.stringify(report, null, 2));
  else if (values.format === "sarif") out(JSON.stringify(toSarif(report, { artifactUri: toUri(source), policies: slipstreamPolicies }), null, 2));
  else out(formatReportTable(report));
  return report.passed ? 0 : 1;
}

// SARIF artifact locations are URIs relative to the repository root; the CLI runs from it.
function toUri(file: string): string {
  return path.relative(process.cwd(), path.resolve(file)).split(path.sep).join("/");
}
