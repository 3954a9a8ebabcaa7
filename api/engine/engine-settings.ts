import type { Settings } from "../config/settings";
import type { AutomationEngineOptions } from "./automation-engine";

type EngineSettings = Pick<Settings, "SLIPSTREAM_DATA_DIR" | "SLIPSTREAM_PULUMI_ROOT" | "SLIPSTREAM_PULUMI_HOME" | "SLIPSTREAM_PULUMI_INSTALL" | "SLIPSTREAM_POLICY_PACK" | "SLIPSTREAM_STATE_URL" | "SLIPSTREAM_SECRETS_PROVIDER">;

/**
 * The AutomationEngine's options from the service's settings: where the CLI is, where the
 * stacks' state lives (shared by every instance given the same `SLIPSTREAM_STATE_URL`), how
 * their secrets are encrypted, and the policy pack. `passphrase` is the passphrase
 * provider's (resolved by config/passphrase.ts); `plugins` are the provider plugins each new
 * workspace installs.
 */
export function engineOptionsFromSettings(settings: EngineSettings, passphrase: string, plugins: AutomationEngineOptions["plugins"]): AutomationEngineOptions {
  return {
    dataDir: settings.SLIPSTREAM_DATA_DIR,
    pulumiRoot: settings.SLIPSTREAM_PULUMI_ROOT,
    pulumiHome: settings.SLIPSTREAM_PULUMI_HOME,
    install: settings.SLIPSTREAM_PULUMI_INSTALL,
    stateUrl: settings.SLIPSTREAM_STATE_URL,
    secretsProvider: settings.SLIPSTREAM_SECRETS_PROVIDER,
    passphrase,
    policyPackDir: settings.SLIPSTREAM_POLICY_PACK,
    plugins,
  };
}
