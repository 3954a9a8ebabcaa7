import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * The stack output through which a deployment declares the streaming jobs the service keeps
 * running (issue #13): blueprints write it, the service's job lifecycle (api/jobs/) reads it.
 * It lives here, beside the blueprints, because blueprints must not import the service.
 */
export const STREAMING_JOBS_OUTPUT = "streamingJobs";

export const STREAMING_JOB_SERVICES = ["glue", "flink"] as const;
export type StreamingJobService = (typeof STREAMING_JOB_SERVICES)[number];

/** One streaming job a deployment declares. */
export const streamingJobSchema = z
  .object({
    /** Stable key, unique in the deployment: what `/v1/deployments/{name}/jobs/{job}` names. */
    id: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "lowercase letters, digits and hyphens, starting with a letter"),
    /** `glue`: a Glue streaming job; `flink`: a Managed Service for Apache Flink application. */
    service: z.enum(STREAMING_JOB_SERVICES),
    /** The Glue job's or the Flink application's name. */
    name: z.string().min(1).max(255),
    /** A short hash of what a restart must pick up: a new value after an update means "restart". */
    revision: z.string().min(1).max(64),
  })
  .strict();
export type StreamingJobDeclaration = z.infer<typeof streamingJobSchema>;

const declarationsSchema = z.array(streamingJobSchema).superRefine((jobs, ctx) => {
  const seen = new Set<string>();
  for (const job of jobs) {
    if (seen.has(job.id)) ctx.addIssue({ code: "custom", message: `job id "${job.id}" is declared twice` });
    seen.add(job.id);
  }
});

/** What a deployment's outputs declare: its jobs, and why they were unreadable when they were. */
export interface DeclaredStreamingJobs {
  jobs: StreamingJobDeclaration[];
  /** Set when the output exists but does not parse (e.g. masked as a secret): no jobs are managed then. */
  problem?: string;
}

/**
 * The streaming jobs in a deployment's stack outputs. A deployment created before the output
 * existed, or of a blueprint without streaming jobs, declares none.
 */
export function declaredStreamingJobs(outputs: Record<string, unknown> | undefined): DeclaredStreamingJobs {
  const raw = outputs?.[STREAMING_JOBS_OUTPUT];
  if (raw === undefined || raw === null) return { jobs: [] };
  const parsed = declarationsSchema.safeParse(raw);
  if (parsed.success) return { jobs: parsed.data };
  return { jobs: [], problem: `the ${STREAMING_JOBS_OUTPUT} output is not a list of { id, service, name, revision }: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(value)"}: ${i.message}`).join("; ")}` };
}

/** JSON with object keys sorted, so equal values hash equally whatever order they were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A short, stable hash of resolved values: the `revision` of a declaration. */
export function streamingJobRevision(parts: Record<string, unknown>): string {
  return createHash("sha256").update(canonical(parts)).digest("hex").slice(0, 16);
}
