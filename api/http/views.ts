import type { UpgradeAvailable, UpgradePlan } from "../domain/upgrades";
import type { Actor, ApiToken, AuditEntry, Team } from "../domain/access";
import { deploymentActions, operationActions } from "../domain/allowed-actions";
import type { Deployment, Operation } from "../domain/model";
import type { Delivery, Webhook } from "../domain/webhooks";
import type { JobState } from "../jobs/job-lifecycle";

/** Who, as responses show it: an actor holds no secret, but copy only its known fields. */
export function actorView(actor: Actor) {
  return { tokenId: actor.tokenId, tokenName: actor.tokenName, team: actor.team, role: actor.role };
}

export function operationView(operation: Operation) {
  return {
    id: operation.id,
    deployment: operation.deployment,
    kind: operation.kind,
    status: operation.status,
    blueprintVersion: operation.blueprintVersion,
    params: operation.request.params,
    tags: operation.request.tags,
    cancelRequested: operation.cancelRequested,
    requestedBy: actorView(operation.requestedBy),
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

/** `upgrade`: the upgrade a newer blueprint version offers (the service knows the versions this release runs). */
export function deploymentView(deployment: Deployment, upgrade: UpgradeAvailable | null, recentOperations?: Operation[], jobs?: JobState[]) {
  return {
    name: deployment.name,
    team: deployment.team,
    blueprint: deployment.blueprint,
    region: deployment.region,
    blueprintVersion: deployment.blueprintVersion,
    upgradeAvailable: upgrade && { from: upgrade.from, to: upgrade.to, changes: upgrade.changes.map((c) => ({ version: c.version, changes: [...c.changes] })) },
    status: deployment.status,
    params: deployment.request.params,
    tags: deployment.request.tags,
    outputs: deployment.outputs,
    lastError: deployment.lastError,
    drift: deployment.drift,
    expiry: deployment.expiry && {
      expiresAt: deployment.expiry.at,
      reminder: deployment.expiry.remindedAt === null ? null : { at: deployment.expiry.remindedAt },
      destroyQueuedAt: deployment.expiry.destroyQueuedAt,
    },
    createdAt: deployment.createdAt,
    updatedAt: deployment.updatedAt,
    actions: deploymentActions(deployment),
    ...(recentOperations ? { recentOperations: recentOperations.map(operationView) } : {}),
    ...(jobs ? { jobs: jobs.map(jobStateView) } : {}),
  };
}

export function jobStateView(job: JobState) {
  return { id: job.id, service: job.service, name: job.name, revision: job.revision, state: job.state, runId: job.runId, startedAt: job.startedAt, lastError: job.lastError };
}

export function teamView(team: Team) {
  return { name: team.name, createdAt: team.createdAt, createdBy: team.createdBy };
}

/** A token without its hash: field by field, so nothing added to `ApiToken` later leaks by default. */
export function tokenView(token: ApiToken, now: number) {
  const status = token.revokedAt !== null ? "revoked" : token.expiresAt !== null && Date.parse(token.expiresAt) <= now ? "expired" : "active";
  return {
    id: token.id,
    team: token.team,
    name: token.name,
    role: token.role,
    status: status as "active" | "expired" | "revoked",
    createdAt: token.createdAt,
    createdBy: token.createdBy,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
  };
}

export function auditView(entry: AuditEntry) {
  return {
    id: entry.id,
    time: entry.time,
    actor: entry.actor ? actorView(entry.actor) : null,
    method: entry.method,
    route: entry.route,
    path: entry.path,
    team: entry.team,
    deployment: entry.deployment,
    operation: entry.operation,
    status: entry.status,
    outcome: entry.outcome,
    requestId: entry.requestId,
  };
}

/** A webhook, field by field: a secret (or anything added later) never reaches a response by default. */
export function webhookView(webhook: Webhook) {
  return { id: webhook.id, team: webhook.team, url: webhook.url, kinds: [...webhook.kinds], createdAt: webhook.createdAt, createdBy: webhook.createdBy };
}

export function deliveryView(delivery: Delivery) {
  const { id, kind, time, team, deployment, data } = delivery.event;
  return {
    id: delivery.id,
    webhook: delivery.webhook,
    event: { id, kind, time, team, deployment, data },
    status: delivery.status,
    attempts: delivery.attempts.map((a) => ({ time: a.time, status: a.status, error: a.error, durationMs: a.durationMs })),
    nextAttemptAt: delivery.nextAttemptAt,
    createdAt: delivery.createdAt,
    finishedAt: delivery.finishedAt,
  };
}

export function upgradePlanView(plan: UpgradePlan) {
  return {
    id: plan.id,
    deployment: plan.deployment,
    blueprint: plan.blueprint,
    fromVersion: plan.fromVersion,
    toVersion: plan.toVersion,
    changes: plan.changes.map((c) => ({ version: c.version, changes: [...c.changes] })),
    deploymentUpdatedAt: plan.deploymentUpdatedAt,
    baseline: plan.baseline,
    params: plan.request.params,
    tags: plan.request.tags,
    diff: plan.diff,
    policy: plan.policy as unknown as Record<string, unknown>,
    createdAt: plan.createdAt,
    links: { upgrade: `/v1/deployments/${plan.deployment}/upgrade` },
  };
}
