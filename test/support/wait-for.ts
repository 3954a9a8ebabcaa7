/**
 * How long an end-to-end test waits for a state before it gives up. Generous on purpose:
 * the suites must pass on a busy 2-core machine, so a wait is bounded by state, not by how
 * fast this machine happens to be; the bound only turns a hang into a clear failure.
 */
export const STATE_WAIT_MS = 300_000;

/** Polls `check` until it returns a value other than undefined/false, or fails naming `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, { timeoutMs = STATE_WAIT_MS, intervalMs = 100 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
