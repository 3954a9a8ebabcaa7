import type { PulumiFn } from "@pulumi/pulumi/automation";
import { validateRequest } from "../blueprints/catalogue";
import { validateDeploymentName } from "./deployment-name";

/**
 * The one way a blueprint becomes a Pulumi program — used as the service's inline program
 * and by the `pulumi up` entry. The request is validated before any resource exists, so a
 * bad request fails with the fields named and nothing half-created.
 */
export function blueprintProgram(blueprintId: string, input: unknown, deploymentName: string): PulumiFn {
  const name = validateDeploymentName(deploymentName);
  const { blueprint, request } = validateRequest(blueprintId, input);
  return async () => blueprint.create(name, request).outputs();
}
