import type { Plan } from "../types";
import { ArchitectureDiagram } from "./architecture-diagram";
import { CostTable } from "./cost-table";
import { PolicyReport } from "./policy-report";
import { ResourceTable } from "./resource-table";

/**
 * What a request would deploy, before anything is queued: the architecture, the monthly cost,
 * the policy pack's report and the resources, from one offline plan (POST /v1/plans).
 */
export function PlanView({ plan }: { plan: Plan }) {
  const cloud = plan.resources.filter((r) => !r.component).length;
  return (
    <div class="plan" data-testid="plan-view">
      <p class="lead">
        <strong>{plan.deployment}</strong> of <code>{plan.blueprint}</code> in {plan.region}: {cloud} resources in {plan.resources.length - cloud} components.
      </p>
      <ArchitectureDiagram graph={plan.diagram} />
      <CostTable cost={plan.cost} />
      <PolicyReport report={plan.policy} />
      <ResourceTable resources={plan.resources} />
    </div>
  );
}
