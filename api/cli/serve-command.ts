import { loadSettings, SettingsError } from "../config/settings";
import { startService } from "../server";
import { UsageError } from "./usage-error";

/** `slipstream serve` (`npm start`): runs the service until SIGINT or SIGTERM. */
export async function serveCommand(argv: string[]): Promise<number> {
  if (argv.length > 0) throw new UsageError("usage: slipstream serve (settings come from environment variables; see README)");
  let settings;
  try {
    settings = loadSettings();
  } catch (err) {
    if (err instanceof SettingsError) throw new UsageError(err.message);
    throw err;
  }
  const service = await startService(settings);
  await new Promise<void>((resolve) => {
    const shutdown = () => {
      process.off("SIGINT", shutdown);
      process.off("SIGTERM", shutdown);
      // Running operations get SIGINT and end gracefully; their records stay consistent.
      void service.stop().then(resolve, resolve);
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
  });
  return 0;
}
