import type { Context } from "aws-lambda";
import { backoffDelay } from "../../lambda-runtime/backoff";
import { jsonLineLogger, type Logger } from "../../lambda-runtime/json-log";
import { sleep as timerSleep } from "../../lambda-runtime/sleep";
import { parseAccessEvent } from "./access-event";
import { applySearchAccess, type ApplyResult } from "./apply-access";
import type { SearchRequester } from "./security-api";

export interface AccessHandlerDependencies {
  /** Builds the requester for the event's endpoint; production signs with the execution role. */
  readonly requesterFor: (endpoint: string) => SearchRequester;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly log?: Logger;
  /** Upper bound of one call. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Time kept back to answer. Default 5 s: a timed-out invocation fails the deployment without saying why. */
  readonly reserveMs?: number;
}

export type AccessResult = { readonly status: "applied"; readonly result: ApplyResult } | { readonly status: "skipped"; readonly reason: string };

export type AccessHandler = (event: unknown, context?: Pick<Context, "getRemainingTimeInMillis">) => Promise<AccessResult>;

/**
 * The access function: applies the deployment's fine-grained access control plan when the
 * deployment creates or updates the domain. A thrown error fails the `aws.lambda.Invocation`,
 * and so the deployment, with the failing call named. On delete it does nothing: the domain
 * goes with the deployment, and failing there would block the destroy.
 */
export function createAccessHandler({ requesterFor, sleep = timerSleep, random = Math.random, log = jsonLineLogger, requestTimeoutMs = 30_000, reserveMs = 5_000 }: AccessHandlerDependencies): AccessHandler {
  return async function applyAccess(raw, context) {
    const event = parseAccessEvent(raw);
    if (event.action === "delete") {
      log("info", "nothing to undo: the domain goes with the deployment", { action: event.action });
      return { status: "skipped", reason: "delete" };
    }
    const result = await applySearchAccess(event.plan, event.previousPlan, {
      request: requesterFor(event.endpoint),
      // Equal jitter from 1 s, capped at 20 s: a new domain can take minutes to accept its master.
      backoff: (retry) => backoffDelay(retry, { baseDelayMs: 1_000, maxDelayMs: 20_000, jitter: "equal" }, random),
      sleep,
      remainingMs: () => (context === undefined ? Number.POSITIVE_INFINITY : context.getRemainingTimeInMillis() - reserveMs),
      requestTimeoutMs,
      log,
    });
    log("info", "applied fine-grained access control", { action: event.action, ...result });
    return { status: "applied", result };
  };
}
