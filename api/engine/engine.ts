import type { ChangeSummary, Deployment, DriftChange, Operation } from "../domain/model";

export interface EngineRun {
  operation: Operation;
  deployment: Pick<Deployment, "name" | "blueprint" | "region">;
  /** Aborted when the operation is cancelled or the service shuts down (graceful: SIGINT to the engine). */
  signal: AbortSignal;
  /** Records an event on the operation (sequence numbers are the store's). */
  emit(type: string, data: unknown): void;
  /** A previous operation was interrupted: clear a stale lock and pending operations first. */
  recover: boolean;
}

export interface EngineResult {
  summary: ChangeSummary | null;
  /** Stack outputs after the operation, secrets masked; absent when it does not change them. */
  outputs?: Record<string, unknown>;
  /** A drift-check's findings: the resources whose cloud state differs from the stack's (empty when none). */
  drift?: DriftChange[];
}

export type Availability = { ok: true; version: string } | { ok: false; reason: string };

/** Runs operations against a deployment's stack. The service talks to nothing else. */
export interface DeploymentEngine {
  availability(): Promise<Availability>;
  run(run: EngineRun): Promise<EngineResult>;
}

/** Raised by an engine for a failed operation, with what the caller may be shown. */
export class EngineFailure extends Error {
  constructor(
    readonly title: string,
    readonly detail: string,
    readonly cancelled = false,
    options?: { cause?: unknown },
  ) {
    super(`${title}: ${detail}`, options);
    this.name = "EngineFailure";
  }
}
