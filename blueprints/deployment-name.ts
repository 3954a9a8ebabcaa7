import { z } from "zod";
import { publish } from "./json-schema/published-rules";

/**
 * Deployment names become stack names, resource names and parts of physical AWS names
 * (some capped at 28 characters), so they are DNS labels and short.
 */
export const DEPLOYMENT_NAME_MAX = 32;

export const deploymentNameSchema = z
  .string()
  .min(3, "at least 3 characters")
  .max(DEPLOYMENT_NAME_MAX, `at most ${DEPLOYMENT_NAME_MAX} characters`)
  .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, "lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen")
  .refine((name) => !name.includes("--"), "no consecutive hyphens")
  .apply(publish, { expressed: { not: { pattern: "--" } } });
