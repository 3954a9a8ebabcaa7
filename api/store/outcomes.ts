import type { SettleInput } from "../domain/lifecycle";
import type { Deployment, Operation } from "../domain/model";
import type { NewOperation, OperationOutcome } from "./store";

/**
 * What both backends derive from a finished operation inside their one write: the lifecycle's
 * input, and the `slipstream.drift` event a drift check appends before its last event.
 */

export function settleInput(operation: Pick<Operation, "id" | "kind" | "request" | "blueprintVersion">, outcome: OperationOutcome): SettleInput {
  return {
    operationId: operation.id,
    kind: operation.kind,
    request: operation.request,
    blueprintVersion: operation.blueprintVersion,
    status: outcome.status,
    error: outcome.error ?? null,
    ...(outcome.outputs ? { outputs: outcome.outputs } : {}),
    ...(outcome.drift ? { drift: outcome.drift } : {}),
  };
}

/** The drift event's data: what the deployment now records (null: the check found none). */
export function driftEventData(settled: Deployment): { drifted: boolean; drift: Deployment["drift"] } {
  return { drifted: settled.drift !== null, drift: settled.drift };
}

/** A new operation as both backends record it when queued: no runner, result or times yet. */
export function queuedOperation({ expectedUpdatedAt: _expected, expectedBlueprintVersion: _expectedVersion, blueprintVersion, ...operation }: NewOperation, now: string): Operation {
  return { ...operation, blueprintVersion: blueprintVersion ?? null, status: "queued", cancelRequested: false, runner: null, summary: null, error: null, createdAt: now, startedAt: null, finishedAt: null };
}
