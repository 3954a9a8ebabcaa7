/**
 * The CLI's exit codes, one meaning each, so scripts can branch on them (README "Command
 * line"). An HTTP answer maps to the code of what went wrong, not to the status itself.
 */
export const EXIT = {
  ok: 0,
  /** The operation ended failed, cancelled or interrupted; a check found a mandatory violation; an unexpected error. */
  failed: 1,
  /** Bad input: usage, an unreadable file, a request the service refused as invalid (400, 413, 422). */
  usage: 2,
  /** The deployment, operation or blueprint does not exist, or is not the caller's (404). */
  notFound: 3,
  /** The deployment's state does not allow it now, the name is taken, or a mandatory policy refused the change (409). */
  conflict: 4,
  /** The service cannot be reached, or cannot do it now (5xx, including 503 with no Pulumi CLI). */
  unavailable: 5,
  /** No token, or one that may not do this (401, 403). */
  unauthorized: 6,
} as const;

export function exitCodeForStatus(status: number): number {
  if (status === 401 || status === 403) return EXIT.unauthorized;
  if (status === 404) return EXIT.notFound;
  if (status === 409) return EXIT.conflict;
  if (status >= 500) return EXIT.unavailable;
  return EXIT.usage;
}
