import * as pulumi from "@pulumi/pulumi";

/**
 * Reads a blueprint request from stack configuration, for engineers running `pulumi up`:
 *
 *   slipstream:blueprint   the blueprint id
 *   slipstream:params      structured parameters (`pulumi config set --path slipstream:params.x y`)
 *   slipstream:tags        structured tags (owner, cost-center, environment, …)
 *   slipstream:name        deployment name; default the stack name
 */
export function requestFromStackConfig(): { blueprint: string; name: string; request: { params: unknown; tags: unknown } } {
  const config = new pulumi.Config("slipstream");
  return {
    blueprint: config.require("blueprint"),
    name: config.get("name") ?? pulumi.getStack(),
    request: { params: config.getObject<unknown>("params") ?? {}, tags: config.requireObject<unknown>("tags") },
  };
}
