import type { Actor } from "./access";

/** A problem with one field of a request, reported back to the caller. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Errors the domain raises. The HTTP layer maps each kind to a status and a problem
 * document in one place (http/problem.ts); nothing else decides what callers see.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: "validation" | "unauthenticated" | "forbidden" | "not-found" | "conflict" | "policy-violation" | "engine-unavailable" | "idempotency-mismatch" | "payload-too-large" | "upstream-failure" | "overloaded";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly kind = "validation";
  constructor(
    message: string,
    readonly fieldErrors: FieldError[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * No credentials, or credentials that do not hold: a missing, malformed, unknown, expired or
 * revoked token. One message for all of them, so a caller cannot tell a revoked token from
 * one that never existed.
 */
export class UnauthenticatedError extends DomainError {
  readonly kind = "unauthenticated";
  constructor(
    /** Why, for the log and the audit entry only; never shown to the caller. */
    readonly reason: "missing" | "malformed" | "unknown" | "expired" | "revoked",
    /** The token's holder when the token is known (expired or revoked): the audit names it. */
    readonly actor?: Actor,
  ) {
    super("a valid token is required: send Authorization: Bearer <token>");
  }
}

/** The caller is known but its role does not allow the action (wherever the target lives). */
export class ForbiddenError extends DomainError {
  readonly kind = "forbidden";
}

export class NotFoundError extends DomainError {
  readonly kind = "not-found";
}

/** The action is not allowed in the resource's current state (e.g. update while destroying). */
export class ConflictError extends DomainError {
  readonly kind = "conflict";
}

/** The change's offline plan has a mandatory policy violation; nothing was queued. */
export class PolicyViolationError extends DomainError {
  readonly kind = "policy-violation";
  constructor(
    message: string,
    readonly report: unknown,
  ) {
    super(message);
  }
}

/**
 * A cloud service the request acts on (Glue, Managed Flink) refused it, or could not be
 * reached after retries: the caller may retry; the detail says what AWS answered.
 */
export class UpstreamError extends DomainError {
  readonly kind = "upstream-failure";
}

/** The deployment engine (the Pulumi CLI) is not installed or not usable. */
export class EngineUnavailableError extends DomainError {
  readonly kind = "engine-unavailable";
}

/** An Idempotency-Key reused with a different request. */
export class IdempotencyMismatchError extends DomainError {
  readonly kind = "idempotency-mismatch";
}

export class PayloadTooLargeError extends DomainError {
  readonly kind = "payload-too-large";
}

/**
 * The service has more of this work waiting than it takes on (the plan queue is full): the
 * request changed nothing and may be sent again after `retryAfterSeconds`.
 */
export class OverloadedError extends DomainError {
  readonly kind = "overloaded";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
