import type { Deployment } from "./model";

/**
 * Whether an operation expecting the deployment at blueprint version `expected` may queue:
 * the deployment's applied version must be `expected`, and so must every version an update
 * or create queued or running on it will carry. An ordinary update is checked against this
 * release's version before it is planned, but an upgrade may be queued by another instance
 * in between: queued behind it, the update would run at a version nobody reviewed it for.
 * The stores apply this inside the write that queues, so the race is refused, not lost.
 * Returns the refusal's reason, or null when the operation may queue.
 */
export function versionRefusal(deployment: Deployment, pending: readonly (string | null | undefined)[], expected: string): string | null {
  if (deployment.blueprintVersion !== expected) {
    return `deployment "${deployment.name}" is now at ${deployment.blueprint} ${deployment.blueprintVersion}, not ${expected} as checked: make the request again`;
  }
  const moving = pending.find((version): version is string => typeof version === "string" && version !== expected);
  if (moving === undefined) return null;
  return `deployment "${deployment.name}" has an operation queued or running that moves it to ${deployment.blueprint} ${moving}; this change was checked at ${expected}: wait for it to end and make the request again`;
}
