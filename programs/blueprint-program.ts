import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { validateRequest } from "../blueprints/catalogue";
import { requestInRegion } from "../blueprints/request";
import { validateDeploymentName } from "./deployment-name";

/**
 * The one way a blueprint becomes a Pulumi program — used as the service's inline program
 * and by the `pulumi up` entry. The request is validated before any resource exists, so a
 * bad request fails with the fields named and nothing half-created.
 */
export function blueprintProgram(blueprintId: string, input: unknown, deploymentName: string): PulumiFn {
  const name = validateDeploymentName(deploymentName);
  validateRequest(blueprintId, input);
  return async () => {
    // The stack's Region (aws:region) is only readable inside the program: the request is
    // checked against it there, before the first resource registers.
    const region = new pulumi.Config("aws").get("region");
    const { blueprint, request } = validateRequest(blueprintId, region === undefined ? input : requestInRegion(input, region));
    return blueprint.create(name, request).outputs();
  };
}
