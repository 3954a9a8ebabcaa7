import type { OperationKind } from "../domain/model";
import type { DeploymentEffect } from "../store/store";

/**
 * What an operation's end does to its deployment. Params and tags become the deployment's
 * only through a create or update that succeeded: a failed one leaves the last applied
 * request in place (the stack may hold part of the change; the operation shows what was
 * tried), so later previews, refreshes and destroys never work from a request that was
 * never applied. A destroy that succeeded marks the deployment destroyed.
 */
export function deploymentEffect(kind: OperationKind, result: { succeeded: true; outputs?: Record<string, unknown> } | { succeeded: false }): DeploymentEffect {
  if (!result.succeeded) {
    // A failed destroy leaves the record (and the cloud resources it names) in place.
    return kind === "create" || kind === "update" || kind === "destroy" ? { status: "failed", needsRecovery: false } : { needsRecovery: false };
  }
  switch (kind) {
    case "create":
    case "update":
      return { status: "active", outputs: result.outputs ?? {}, needsRecovery: false, applyRequest: true };
    case "refresh":
      return { ...(result.outputs ? { outputs: result.outputs } : {}), needsRecovery: false };
    case "preview":
      return { needsRecovery: false };
    case "destroy":
      return { status: "destroyed", outputs: {}, needsRecovery: false };
  }
}
