import { parseArgs } from "node:util";
import { formatPlanTable } from "../../programs/offline-plan/plan-table";
import { renderPlan } from "../../programs/offline-plan/render-plan";
import { readJsonFile } from "./read-json-file";
import { PLAN_USAGE } from "./usage";
import { UsageError } from "./usage-error";


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
  if (values.format !== "json" && values.format !== "table") throw new UsageError(`--format must be json or table, got "${values.format}"`);

  const plan = await renderPlan(blueprint, readJsonFile(values.request, "--request"), { name: values.name, region: values.region });
  if (values.format === "json") {
    out(JSON.stringify({ blueprint: plan.blueprint, deployment: plan.deployment, region: plan.region, resources: plan.resources }, null, 2));
  } else {
    out(formatPlanTable(plan));
  }
  return 0;
}
