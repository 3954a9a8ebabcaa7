import { UnknownValueError } from "./policy-proxy";

/** A value the engine only learns while deploying (during preview, or an output not yet created). */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/**
 * Runs `get` over proxied props; `UNKNOWN` when it touches a value that is not known yet.
 * An unknown value is never a violation: the policy runs again at update time with it known.
 */
export function read<T>(get: () => T): T | Unknown {
  try {
    return get();
  } catch (err) {
    if (err instanceof UnknownValueError) return UNKNOWN;
    throw err;
  }
}

/** Reports `message` when `violated` is certainly true; unknown values never report. */
export function reportWhen(violated: () => boolean, report: () => void): void {
  if (read(violated) === true) report();
}

/** A value is set: present and not an empty string. Unknown values count as set. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** A policy document, given as JSON text or as an object. */
export interface PolicyDocument {
  Statement?: PolicyDocumentStatement | PolicyDocumentStatement[];
}
export interface PolicyDocumentStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export function statementsOf(document: unknown): PolicyDocumentStatement[] {
  const parsed = typeof document === "string" ? (JSON.parse(document) as PolicyDocument) : (document as PolicyDocument | undefined);
  const statements = parsed?.Statement;
  return statements === undefined ? [] : Array.isArray(statements) ? statements : [statements];
}

export const asArray = <T>(value: T | T[] | undefined | null): T[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
