import { createLogger } from "../config/logger";
import { loadSettings, SettingsError } from "../config/settings";
import { startService } from "../server";
import { SERVE_USAGE } from "./usage";
import { UsageError } from "./usage-error";

/**
 * `slipstream serve` (`npm start`): runs the service until SIGINT or SIGTERM, then shuts down
 * gracefully (see RunningService.shutdown) and exits 0 — or 1 when operations were still running
 * as SLIPSTREAM_SHUTDOWN_GRACE_MS ran out (they are recovered once their leases lapse).
 *
 * The signal handlers stay installed until the process exits. The Automation API runs the
 * Pulumi CLI through execa, whose `signal-exit` adds its own SIGINT/SIGTERM listeners; when a
 * signal arrives and those are the only listeners left, it re-sends the signal to the process,
 * killing it at once (exit 130/143) mid-shutdown. A handler that removed itself (`once`, or
 * `off` when it ran) left exactly that. A second signal during shutdown is logged and the
 * shutdown carries on, bounded by the grace; SIGKILL is the way to stop at once.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  if (argv.length > 0) throw new UsageError(`usage: ${SERVE_USAGE}`);
  let settings;
  try {
    settings = loadSettings();
  } catch (err) {
    if (err instanceof SettingsError) throw new UsageError(err.message);
    throw err;
  }
  const log = createLogger(settings.LOG_LEVEL);
  const service = await startService(settings, { log });
  const code = await new Promise<number>((resolve) => {
    let shuttingDown = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (shuttingDown) {
        log.warn({ signal }, "already shutting down: still waiting for running operations to record their outcome (SIGKILL stops at once)");
        return;
      }
      shuttingDown = true;
      log.info({ signal }, "signal received: shutting down gracefully");
      service.shutdown().then(
        ({ unfinished }) => {
          if (unfinished.length === 0) log.info("slipstream shut down gracefully");
          else log.warn({ unfinished: unfinished.length }, "slipstream shut down with operations left to recover");
          resolve(unfinished.length === 0 ? 0 : 1);
        },
        (err: unknown) => {
          log.error({ err }, "shutting down failed");
          resolve(1);
        },
      );
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  // Runs abandoned past the grace still hold engine processes; exiting ends them.
  if (code !== 0) process.exit(code);
  return code;
}
