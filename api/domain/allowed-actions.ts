import type { Deployment, Operation } from "./model";

/**
 * What a caller may do now, in the spirit of HCP Terraform's `actions` flags: clients read
 * these instead of guessing the state machine. Changes queue behind a running operation;
 * nothing but a destroy is accepted once a destroy is accepted.
 */
export function deploymentActions(deployment: Deployment): Record<string, boolean> {
  const live = deployment.status !== "destroying" && deployment.status !== "destroyed";
  const deployed = live && deployment.status !== "pending";
  return { update: live, preview: live, refresh: deployed, driftCheck: deployed, setExpiry: live, destroy: live };
}

export function operationActions(operation: Operation): Record<string, boolean> {
  const cancelable = (operation.status === "queued" || operation.status === "running") && !operation.cancelRequested;
  return { cancel: cancelable };
}
