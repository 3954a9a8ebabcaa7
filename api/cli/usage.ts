/**
 * Usage lines of the offline commands. Kept apart from the commands themselves, which load
 * the catalogue, the policy pack and Pulumi's SDK: `slipstream --help` must not pay for that.
 */
export const PLAN_USAGE = "slipstream plan <blueprint> --request <file> [--format json|table|mermaid|svg|cost] [--name <deployment>] [--region <region>]";

export const CHECK_USAGE = [
  "slipstream check <blueprint> --request <file> [--config <pack-config.json>] [--format json|table|sarif] [--name <deployment>] [--region <region>]",
  "  slipstream check --resources <file> [--config <pack-config.json>] [--format json|table|sarif]",
].join("\n");

export const SERVE_USAGE = "slipstream serve (settings come from environment variables; see README)";

export const TOKEN_USAGE = "slipstream token                      print a new random token for SLIPSTREAM_BOOTSTRAP_TOKEN";
