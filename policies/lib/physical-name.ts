import type { ResourceCheck } from "./deployability";
import { stringAt } from "./property-values";

/**
 * Pulumi's default autonaming: a resource without its name property is named after the
 * resource, a hyphen and 7 random lowercase hex characters (`orders-queue-a1b2c3d`). A resource
 * name that fits AWS's limit can still overflow it by these 8 characters, and AWS refuses the
 * create. Stacks that configure `pulumi:autonaming` differently are not visible to policies;
 * this assumes the default.
 */
export const AUTONAME_SUFFIX_LENGTH = 8;
const SAMPLE_SUFFIX = "-a1b2c3d";

/** Terraform's `name_prefix` adds a 26-character unique id (timestamp and counter). */
export const NAME_PREFIX_SUFFIX_LENGTH = 26;

export interface PhysicalName {
  /** The property that holds the name, e.g. `name`, `bucket`, `domainName`. */
  path: string;
  min: number;
  max: number;
  pattern?: RegExp;
  /** The pattern in words, for the message. */
  rule?: string;
  /** The provider fills the name in when it is unset. */
  autonamed: boolean;
  /** How the provider transforms the resource name first (S3 lowercases bucket names). */
  transform?: (name: string) => string;
  /** A property taking a prefix instead of the name (`namePrefix`, `bucketPrefix`). */
  prefixPath?: string;
  /** What the name must end with, e.g. `.fifo` for FIFO queues (the provider appends it when autonaming). */
  suffix?: string;
}

const count = (text: string) => [...text].length;

/** AWS's length and character rules for a resource's physical name, set or autonamed. */
export function physicalName(spec: PhysicalName): ResourceCheck {
  const { path, min, max, pattern, rule, autonamed, transform = (n: string) => n, prefixPath, suffix = "" } = spec;
  return (resource, report) => {
    const name = stringAt(resource.props, path);
    if (typeof name === "symbol") return;
    if (typeof name === "string") {
      const length = count(name);
      if (length < min || length > max) report(path, `${JSON.stringify(name)} has ${length} characters; AWS takes ${min} to ${max}.`);
      if (pattern && !pattern.test(name)) report(path, `${JSON.stringify(name)} breaks AWS's rule: ${rule ?? pattern.source}.`);
      return;
    }
    if (prefixPath) {
      const prefix = stringAt(resource.props, prefixPath);
      if (typeof prefix === "symbol") return;
      if (typeof prefix === "string") {
        const longest = count(prefix) + NAME_PREFIX_SUFFIX_LENGTH + count(suffix);
        if (longest > max) report(prefixPath, `${JSON.stringify(prefix)} plus the provider's ${NAME_PREFIX_SUFFIX_LENGTH}-character unique id is ${longest} characters; AWS allows ${max}.`);
        return;
      }
    }
    if (!autonamed) return;
    const base = transform(resource.name);
    const generated = `${base}${SAMPLE_SUFFIX}${suffix}`;
    const length = count(generated);
    if (length > max) {
      report(path, `unset, so Pulumi names it ${JSON.stringify(base)} plus "-" and 7 random characters${suffix ? ` and ${suffix}` : ""}: ${length} characters, over AWS's maximum of ${max}. Shorten the resource name to ${max - AUTONAME_SUFFIX_LENGTH - count(suffix)} characters or set ${path}.`);
    } else if (pattern && !pattern.test(generated)) {
      report(path, `unset, so Pulumi names it ${JSON.stringify(`${base}-<7 random characters>${suffix}`)}, which breaks AWS's rule: ${rule ?? pattern.source}. Rename the resource or set ${path}.`);
    }
  };
}
