import type { Logger } from "pino";

/** What one pass over one kind of due work did. */
export interface PassResult {
  /** Deployments acted on by this instance. */
  acted: string[];
}

/**
 * Acts on each deployment a due list names, one conditional write each. A deployment that is
 * no longer due when written (another instance acted first) is skipped; a failure on one is
 * logged and does not stop the others — the next poll finds it due again.
 */
export async function actOnEach(names: readonly string[], act: (name: string) => Promise<boolean>, log: Logger, what: string): Promise<PassResult> {
  const acted: string[] = [];
  for (const name of names) {
    try {
      if (await act(name)) acted.push(name);
    } catch (err) {
      log.error({ err, deployment: name }, `${what} failed; the next poll tries again`);
    }
  }
  return { acted };
}
