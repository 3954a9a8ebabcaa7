import { z } from "zod";
import { tagsSchema } from "./tags";

/** A blueprint request: the blueprint's own parameters and the deployment's tags. */
export function requestSchema<P extends z.ZodType>(params: P) {
  return z
    .object({
      params,
      tags: tagsSchema,
    })
    .strict();
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
