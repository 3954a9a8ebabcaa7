import { deploymentNameSchema } from "../blueprints/deployment-name";
import { RequestValidationError } from "../blueprints/request";

/** Checks a deployment name before it becomes a stack or resource name. */
export function validateDeploymentName(name: string): string {
  const result = deploymentNameSchema.safeParse(name);
  if (!result.success) {
    throw new RequestValidationError("deployment", result.error.issues.map((issue) => ({ ...issue, path: ["name", ...issue.path] })));
  }
  return result.data;
}
