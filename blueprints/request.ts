import { z } from "zod";
import { foreignRegionArns } from "./aws-identifiers";
import type { DeploymentNeeds } from "./aws-services";
import type { Environment } from "./environment";
import { publish } from "./json-schema/published-rules";
import { regionProblems, SUPPORTED_REGIONS } from "./region-capabilities";
import { serviceTagIssues, tagsSchema, type RequestTags } from "./tags";

/** An AWS Region code; whether Slipstream offers it is `region-capabilities.ts`'s call. */
export const regionSchema = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS Region like us-east-1")
  .describe(`The AWS Region the deployment goes to; one of ${SUPPORTED_REGIONS.join(", ")}. The service and the CLI fill it in from their own setting.`)
  // What `regionProblems` checks (requestSchema's refinement): the table's Regions are an enum;
  // which of them has the services and zones a request needs depends on its options and tags.
  .apply(publish, {
    expressed: { enum: [...SUPPORTED_REGIONS] },
    serverChecks: "that the Region has every AWS service the request's options use, and as many Availability Zones as its environment's sizing spreads over",
  });

/** A request after parsing, as the rules below see it. */
export interface ParsedRequest<P> {
  params: P;
  tags: RequestTags;
  region?: string | undefined;
}

/**
 * What a blueprint tells its request schema beyond the parameters' own shape: what the
 * deployment needs from AWS (for the per-service tag rules and the Region table), and any
 * rule that reads parameters and tags together (sizing by environment, say).
 */
export interface RequestRules<P> {
  needs(params: P, environment: Environment): DeploymentNeeds;
  refine?(request: ParsedRequest<P>, ctx: z.RefinementCtx): void;
}

/**
 * A blueprint request: the blueprint's own parameters, the deployment's tags and, optionally,
 * the Region it goes to. With `rules`, the tags are checked against every service the
 * deployment creates (an OpenSearch domain takes 10 tags, not 50), and the Region against what
 * the deployment needs and against the Region of every key, topic, stream and cluster the
 * parameters name (`foreignRegionArns`), each issue naming its field.
 */
export function requestSchema<P extends z.ZodType>(params: P, rules?: RequestRules<z.output<P>>) {
  return z
    .object({
      params,
      tags: tagsSchema,
      region: regionSchema.optional(),
    })
    .strict()
    .superRefine((request, ctx) => {
      if (rules === undefined) return;
      const typed = request as ParsedRequest<z.output<P>>;
      const needs = rules.needs(typed.params, typed.tags.environment);
      for (const issue of serviceTagIssues(typed.tags, needs.services)) {
        ctx.addIssue({ code: "custom", message: issue.message, path: issue.key === undefined ? ["tags"] : ["tags", issue.key] });
      }
      if (typed.region !== undefined) {
        for (const message of regionProblems(typed.region, needs)) ctx.addIssue({ code: "custom", message, path: ["region"] });
        for (const issue of foreignRegionArns(typed.params, typed.region)) ctx.addIssue({ code: "custom", message: issue.message, path: ["params", ...issue.path] });
      }
      rules.refine?.(typed, ctx);
    });
}

/**
 * The request as validated for a deployment in `region`: the Region is added to it so the
 * schema can check it. A request that names another Region is refused, naming `region`.
 */
export function requestInRegion(input: unknown, region: string): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const named = (input as { region?: unknown }).region;
  if (named !== undefined && named !== region) {
    throw new RequestValidationError("deployment", [
      { code: "custom", message: `the request names Region ${JSON.stringify(named)} but the deployment goes to ${region}`, path: ["region"], input: named },
    ]);
  }
  return { ...input, region };
}

/** Raised when a request does not match its blueprint's schema; `issues` name the fields. */
export class RequestValidationError extends Error {
  constructor(
    readonly blueprint: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(`invalid request for ${blueprint}:\n${formatIssues(issues)}`);
    this.name = "RequestValidationError";
  }
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `  - ${issue.path.length ? issue.path.join(".") : "(request)"}: ${issue.message}`).join("\n");
}
