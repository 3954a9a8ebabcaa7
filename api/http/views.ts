import { deploymentActions, operationActions } from "../domain/allowed-actions";
import type { Deployment, Operation } from "../domain/model";

export function operationView(operation: Operation) {
  return {
    id: operation.id,
    deployment: operation.deployment,
    kind: operation.kind,
    status: operation.status,
    params: operation.request.params,
    tags: operation.request.tags,
    cancelRequested: operation.cancelRequested,
    runner: operation.runner,
    summary: operation.summary,
    error: operation.error,
    createdAt: operation.createdAt,
    startedAt: operation.startedAt,
    finishedAt: operation.finishedAt,
    actions: operationActions(operation),
    links: { self: `/v1/operations/${operation.id}`, events: `/v1/operations/${operation.id}/events`, deployment: `/v1/deployments/${operation.deployment}` },
  };
}

export function deploymentView(deployment: Deployment, recentOperations?: Operation[]) {
  return {
    name: deployment.name,
    blueprint: deployment.blueprint,
    region: deployment.region,
    status: deployment.status,
    params: deployment.request.params,
    tags: deployment.request.tags,
    outputs: deployment.outputs,
    createdAt: deployment.createdAt,
    updatedAt: deployment.updatedAt,
    actions: deploymentActions(deployment),
    ...(recentOperations ? { recentOperations: recentOperations.map(operationView) } : {}),
  };
}
