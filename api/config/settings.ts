import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { z } from "zod";

const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..");
/** 32 characters of base64 are 192 bits: out of reach of guessing, whatever made them. */
export const BOOTSTRAP_TOKEN_MIN = 32;

/**
 * Whether HOST is reachable only from this machine: `localhost`, 127.0.0.0/8, ::1 (also
 * IPv4-mapped). Any other name or address — 0.0.0.0, ::, an interface's address, a host
 * name that could resolve anywhere — counts as beyond loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost") return true;
  if (net.isIPv4(bare)) return bare.startsWith("127.");
  if (!net.isIPv6(bare)) return false;
  if (bare === "::1" || bare === "0:0:0:0:0:0:0:1") return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  return mapped !== null && mapped[1]!.startsWith("127.");
}

/** Every setting of the service, read from the environment and validated at startup. */
const settingsSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe("HTTP port (0 picks a free one)"),
  HOST: z.string().min(1).default("127.0.0.1").describe("Interface to listen on"),
  SLIPSTREAM_DATA_DIR: z.string().min(1).default(path.join(REPOSITORY_ROOT, ".data")).describe("SQLite store, Pulumi state and workspaces"),
  SLIPSTREAM_PULUMI_ROOT: z.string().min(1).optional().describe("Folder whose bin/pulumi is the CLI; PATH when unset"),
  SLIPSTREAM_PULUMI_INSTALL: z
    .enum(["auto", "off"])
    .default("auto")
    .describe("auto: with no Pulumi CLI found (SLIPSTREAM_PULUMI_ROOT, PATH), install the SDK's version into <data dir>/pulumi-cli in the background; off: never download"),
  SLIPSTREAM_PULUMI_HOME: z
    .string()
    .min(1)
    .optional()
    .describe("The CLI's home (provider plugins, credentials); <data dir>/pulumi-home when unset. The container image points it at plugins installed at build time"),
  SLIPSTREAM_POLICY_PACK: z.string().min(1).default(path.join(REPOSITORY_ROOT, "policies")).describe("CrossGuard pack run on every preview and update"),
  SLIPSTREAM_AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region like us-east-1").default("us-east-1").describe("Default region of new deployments"),
  SLIPSTREAM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4).describe("Operations running at once"),
  SLIPSTREAM_PLAN_THREADS: z.coerce.number().int().min(1).max(32).default(Math.max(1, Math.min(4, os.availableParallelism()))).describe("Offline-plan worker threads"),
  SLIPSTREAM_PLAN_QUEUE: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(32)
    .describe("Plans that may wait for a plan thread; past it a create, update or plan is refused at once with 429 and Retry-After, rather than waiting ever longer"),
  SLIPSTREAM_PLAN_IDLE_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(24 * 60 * 60 * 1000)
    .default(60_000)
    .describe("How long a plan thread with nothing to plan stays warm before it exits and gives its memory back; the next plan after that pays a cold start (~1.3 s)"),
  SLIPSTREAM_PLAN_STACKS: z
    .enum(["0", "1"])
    .default("0")
    .describe("1: plan threads (and `slipstream plan`/`check`) keep stack traces and source maps, to debug a plan; off by default, as they cost most of a plan's time"),
  SLIPSTREAM_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024).describe("Largest request body accepted"),
  SLIPSTREAM_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000).describe("How often workers look for work queued by other processes"),
  SLIPSTREAM_STORE: z
    .string()
    .regex(/^(sqlite|dynamodb:\/\/[A-Za-z0-9_.-]{3,255})$/, "sqlite, or dynamodb://<table> (3-255 of A-Z a-z 0-9 _ . -)")
    .default("sqlite")
    .describe("Where deployments and operations live: SQLite in the data dir, or a DynamoDB table shared by several instances (endpoint, region and credentials the AWS SDK's standard way)"),
  SLIPSTREAM_STATE_URL: z
    .string()
    .regex(/^(file:\/\/\/.+|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^?]*)?(\?.*)?)$/, "file:///<absolute folder> or s3://<bucket>[/<prefix>][?region=…&endpoint=…&s3ForcePathStyle=true]")
    .optional()
    .describe("Pulumi state backend, as the Pulumi CLI reads it; file://<data dir>/state when unset"),
  SLIPSTREAM_SECRETS_PROVIDER: z
    .string()
    .regex(/^(passphrase|awskms:\/\/.+)$/, "passphrase, or awskms://<key id, alias or ARN>[?region=…]")
    .default("passphrase")
    .describe("How stack secrets are encrypted: a passphrase, or an AWS KMS key"),
  SLIPSTREAM_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000).describe("How long an instance may go silent before another recovers its running operations"),
  SLIPSTREAM_SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .default(30_000)
    .describe("On SIGTERM or SIGINT, how long running operations get to stop (the engine's cancel) and record their outcome before the process exits without them"),
  SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(90 * 24 * 3_600_000)
    .default(0)
    .describe("How long after its last drift check (or its last successful create or update) a deployment gets a scheduled one, a preview-only refresh; 0 (the default) turns scheduled checks off"),
  SLIPSTREAM_EXPIRY_REMINDER_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3_600_000)
    .default(24 * 3_600_000)
    .describe("How long before a deployment's expiresAt its reminder is recorded (on the deployment and in the log)"),
  SLIPSTREAM_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8).describe("Attempts per webhook delivery, the first included, before it is marked failed"),
  SLIPSTREAM_WEBHOOK_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(3_600_000)
    .default(10_000)
    .describe("Wait after a delivery's first failed attempt; doubled after each further one (capped at 6 hours), with jitter: a random point in the upper half of the step"),
  SLIPSTREAM_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000).describe("How long one delivery attempt may take, connection to the response's last byte, before it counts as failed"),
  SLIPSTREAM_STREAMING_JOBS: z
    .enum(["manage", "off"])
    .default("manage")
    .describe("manage: start the streaming jobs a deployment declares (Glue, Managed Flink) after each create/update and stop them before a destroy, in the deployment's region with the AWS SDK's standard credentials and endpoints; off: leave them alone and show none"),
  SLIPSTREAM_JOB_STOP_WAIT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(3_600_000)
    .default(900_000)
    .describe("How long a destroy (or a Glue job's restart) waits for streaming jobs to stop; a destroy whose jobs are still running then fails before touching the stack"),
  SLIPSTREAM_JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(5000).describe("How often a stopping streaming job's state is read while waiting"),
  SLIPSTREAM_JOB_STATE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(30_000)
    .default(3000)
    .describe("How long GET /v1/deployments/{name} waits for AWS to report its jobs' states before showing them UNKNOWN"),
  PULUMI_CONFIG_PASSPHRASE: z.string().min(1).optional().describe("Passphrase of the stacks' secrets; generated into the data dir when unset"),
  // The secret itself never appears in a message: zod's messages name the rule, not the value.
  SLIPSTREAM_BOOTSTRAP_TOKEN: z
    .string()
    .min(BOOTSTRAP_TOKEN_MIN, `at least ${BOOTSTRAP_TOKEN_MIN} characters (\`npx slipstream token\` makes one)`)
    .max(512, "at most 512 characters")
    .regex(/^[\x21-\x7e]+$/, "visible ASCII characters only, no spaces (it travels in an Authorization header)")
    .optional()
    .describe("The service admin's token: turns access control on. Without it the service runs open, and only on a loopback HOST"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Settings = z.infer<typeof settingsSchema> & { SLIPSTREAM_STATE_URL: string };
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
  const data = result.data;
  // Instances sharing stacks must decrypt each other's secrets: a passphrase generated into
  // one instance's data dir would lock the others out of every stack it created.
  const shared = data.SLIPSTREAM_STORE !== "sqlite" || (data.SLIPSTREAM_STATE_URL !== undefined && !data.SLIPSTREAM_STATE_URL.startsWith("file://"));
  if (shared && data.SLIPSTREAM_SECRETS_PROVIDER === "passphrase" && data.PULUMI_CONFIG_PASSPHRASE === undefined) {
    throw new SettingsError(["PULUMI_CONFIG_PASSPHRASE: required when instances share a store or state (SLIPSTREAM_STORE or SLIPSTREAM_STATE_URL) with the passphrase secrets provider: every instance must use the same one"]);
  }
  // Open (no token) is for one person on one machine; a port others can reach must not let
  // anyone who finds it deploy and destroy.
  if (data.SLIPSTREAM_BOOTSTRAP_TOKEN === undefined && !isLoopbackHost(data.HOST)) {
    throw new SettingsError([
      `SLIPSTREAM_BOOTSTRAP_TOKEN: required when HOST (${data.HOST}) is not a loopback address: without it anyone who reaches the port could deploy and destroy. Set it (at least ${BOOTSTRAP_TOKEN_MIN} characters; \`npx slipstream token\` makes one) to turn access control on, or listen on 127.0.0.1`,
    ]);
  }
  const dataDir = path.resolve(data.SLIPSTREAM_DATA_DIR);
  return { ...result.data, SLIPSTREAM_DATA_DIR: dataDir, SLIPSTREAM_STATE_URL: result.data.SLIPSTREAM_STATE_URL ?? `file://${path.join(dataDir, "state")}` };
}
