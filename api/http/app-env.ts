import type { Actor } from "../domain/access";

/** What an Idempotency-Key replays instead of the response, when the response must not be kept (it holds a secret). */
export interface Replacement {
  status: number;
  contentType: string;
  text: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The caller, once authenticated (every route but health and docs). */
    actor?: Actor;
    /** Set by a route whose response must not be stored for Idempotency-Key replays. */
    replayInstead?: Replacement;
  };
}
