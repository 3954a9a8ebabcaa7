// The yardstick for a warm plan: a bare program under Pulumi's mock runtime that registers
// exactly the resources a plan found (same types, names, parents and inputs), with none of the
// blueprint's code building them. What a plan costs beyond this is the blueprint's own work
// (components, validation, Lambda bundles) and the plan path's (capture, policy check).
import * as pulumi from "@pulumi/pulumi";
import { renderUnderMocks, type Plan } from "../../programs/offline-plan/render-plan";

// The SDK's resource classes are abstract in their typings; a provider package's classes are
// subclasses that add nothing at registration, as these do.
class BareCustom extends pulumi.CustomResource {}
class BareProvider extends pulumi.ProviderResource {}

export async function registerBare(plan: Plan): Promise<number> {
  const resources = await renderUnderMocks(plan.deployment, plan.region, () => {
    const byUrn = new Map<string, pulumi.Resource>();
    for (const r of plan.resources) {
      const parent = r.parent ? byUrn.get(r.parent) : undefined;
      const opts = { parent };
      const resource = r.type.startsWith("pulumi:providers:")
        ? new BareProvider(r.type.slice("pulumi:providers:".length), r.name, r.inputs, opts)
        : r.component
          ? new pulumi.ComponentResource(r.type, r.name, {}, opts)
          : new BareCustom(r.type, r.name, r.inputs, opts);
      byUrn.set(r.urn, resource);
    }
  });
  return resources.length;
}
