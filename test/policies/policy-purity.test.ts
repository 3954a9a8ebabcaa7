import { describe, expect, it } from "vitest";
import { catalogue, exampleRequest } from "../../blueprints/catalogue";
import { slipstreamPolicies } from "../../policies/all-policies";
import { resourcesFromPlan } from "../../policies/offline/from-plan";
import { resolvePackConfig } from "../../policies/offline/pack-config";
import { copiedProps, runResourcePolicy, runStackPolicy } from "../../policies/offline/run-policy";
import { renderPlan } from "../../programs/offline-plan/render-plan";

// The offline check hands every policy the same copy of a resource's props (run-policy.ts,
// `copiedProps`): that is only sound while no policy writes to what it validates. Each policy
// here runs over every example's resources, and the shared copies must read the same after.
describe("policies read, never write, the props they validate", () => {
  const configs = resolvePackConfig(slipstreamPolicies);

  it.each([...catalogue.keys()])("%s: every policy leaves the shared props as they were", async (id) => {
    const resources = resourcesFromPlan(await renderPlan(id, exampleRequest(id)));
    const props = copiedProps(resources);
    const before = JSON.stringify(props);
    let runs = 0;
    for (const policy of slipstreamPolicies) {
      const config = configs.get(policy.name)!.properties;
      if (!("appliesTo" in policy)) {
        await runStackPolicy(policy, resources, config, props);
        runs++;
      } else {
        for (const [i, resource] of resources.entries()) {
          if (!policy.appliesTo(resource.type)) continue;
          await runResourcePolicy(policy, resource, config, props[i]);
          runs++;
        }
      }
      expect(JSON.stringify(props), `${policy.name} changed the props it validated`).toBe(before);
    }
    expect(runs).toBeGreaterThan(slipstreamPolicies.length);
  });

  it("would catch a policy that writes to a resource's props", async () => {
    const resources = resourcesFromPlan(await renderPlan("dynamodb-search", exampleRequest("dynamodb-search")));
    const props = copiedProps(resources);
    const before = JSON.stringify(props);
    const writer = {
      name: "writer",
      description: "writes a tag",
      validateResource: (args: { props: Record<string, unknown> }) => {
        args.props["tags"] = { written: "yes" };
      },
    };
    await runResourcePolicy(writer, resources[1]!, {}, props[1]);
    expect(JSON.stringify(props)).not.toBe(before);
  });
});
