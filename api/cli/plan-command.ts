import { parseArgs } from "node:util";
import { buildArchitectureGraph } from "../../blueprints/diagram/architecture-graph";
import { renderMermaid } from "../../blueprints/diagram/render-mermaid";
import { renderSvg } from "../../blueprints/diagram/render-svg";
import { estimateMonthlyCost } from "../../blueprints/pricing/estimate-monthly-cost";
import { formatCostTable } from "../../blueprints/pricing/format-cost-table";
import { formatPlanTable } from "../../programs/offline-plan/plan-table";
import { renderPlan } from "../../programs/offline-plan/render-plan";
import { readJsonFile } from "./read-json-file";
import { PLAN_USAGE } from "./usage";
import { UsageError } from "./usage-error";

const FORMATS = ["json", "table", "mermaid", "svg", "cost"] as const;
type Format = (typeof FORMATS)[number];

/** `slipstream plan`: what a request would create, rendered offline. */
export async function planCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      request: { type: "string" },
      format: { type: "string", default: "table" },
      name: { type: "string", default: "example" },
      region: { type: "string" },
    },
  });
  const [blueprint, ...extra] = positionals;
  if (!blueprint || extra.length > 0) throw new UsageError(`usage: ${PLAN_USAGE}`);
  if (!values.request) throw new UsageError(`--request is required\nusage: ${PLAN_USAGE}`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got "${values.format}"`);

  const plan = await renderPlan(blueprint, readJsonFile(values.request, "--request"), { name: values.name, region: values.region });
  switch (format) {
    case "json":
      out(JSON.stringify({ blueprint: plan.blueprint, deployment: plan.deployment, region: plan.region, resources: plan.resources }, null, 2));
      break;
    case "table":
      out(formatPlanTable(plan));
      break;
    case "mermaid":
      out(renderMermaid(buildArchitectureGraph(plan)));
      break;
    case "svg":
      out(await renderSvg(buildArchitectureGraph(plan)));
      break;
    case "cost":
      out(formatCostTable(estimateMonthlyCost(plan)));
      break;
  }
  return 0;
}
