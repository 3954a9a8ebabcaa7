import { createHash } from "node:crypto";

/**
 * A physical name for AWS resources that have no autonaming or tight limits
 * (OpenSearch domains: 28 characters; Redshift Serverless names; Glue). Derived from the
 * deployment name, which is unique per Slipstream instance, so deployments never collide;
 * when too long it is cut and suffixed with a hash of the whole name to stay unique.
 */
export function physicalName(deployment: string, role: string, maxLength: number): string {
  const full = `${deployment}-${role}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  if (full.length <= maxLength) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 6);
  return `${full.slice(0, maxLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}
