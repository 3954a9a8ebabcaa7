import * as os from "node:os";
import * as path from "node:path";
import { z } from "zod";

const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..");

/** Every setting of the service, read from the environment and validated at startup. */
const settingsSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe("HTTP port (0 picks a free one)"),
  HOST: z.string().min(1).default("127.0.0.1").describe("Interface to listen on"),
  SLIPSTREAM_DATA_DIR: z.string().min(1).default(path.join(REPOSITORY_ROOT, ".data")).describe("SQLite store, Pulumi state and workspaces"),
  SLIPSTREAM_PULUMI_ROOT: z.string().min(1).optional().describe("Folder whose bin/pulumi is the CLI; PATH when unset"),
  SLIPSTREAM_POLICY_PACK: z.string().min(1).default(path.join(REPOSITORY_ROOT, "policies")).describe("CrossGuard pack run on every preview and update"),
  SLIPSTREAM_AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region like us-east-1").default("us-east-1").describe("Default region of new deployments"),
  SLIPSTREAM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4).describe("Operations running at once"),
  SLIPSTREAM_PLAN_THREADS: z.coerce.number().int().min(1).max(32).default(Math.max(1, Math.min(4, os.availableParallelism()))).describe("Offline-plan worker threads"),
  SLIPSTREAM_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024).describe("Largest request body accepted"),
  SLIPSTREAM_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000).describe("How often workers look for work queued by other processes"),
  PULUMI_CONFIG_PASSPHRASE: z.string().min(1).optional().describe("Passphrase of the stacks' secrets; generated into the data dir when unset"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Settings = z.infer<typeof settingsSchema>;
export const SETTINGS_DOCUMENTATION = settingsSchema.shape;

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

/** Reads the settings, failing with every bad variable named. Empty strings count as unset. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const relevant = Object.fromEntries(Object.keys(settingsSchema.shape).map((key) => [key, env[key] === "" ? undefined : env[key]]));
  const result = settingsSchema.safeParse(relevant);
  if (!result.success) throw new SettingsError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  return { ...result.data, SLIPSTREAM_DATA_DIR: path.resolve(result.data.SLIPSTREAM_DATA_DIR) };
}
