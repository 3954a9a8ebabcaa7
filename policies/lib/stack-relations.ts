import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { read } from "./known";

/**
 * Whether `resource` points at `target` through `property`: by the property dependency the
 * engine records (the plan and `--resources` files carry it too), or by value — in a stack
 * policy props are outputs, and a bucket's `bucket` output is the name its configurations name.
 */
export function refersTo(resource: PolicyResource, property: string, target: PolicyResource): boolean {
  if ((resource.propertyDependencies[property] ?? []).some((dependency) => dependency.urn === target.urn)) return true;
  const value = read(() => resource.props[property]);
  if (typeof value !== "string" || value === "") return false;
  const name = read(() => target.props["bucket"]);
  return typeof name === "string" && (value === name || value === `arn:aws:s3:::${name}`);
}

/** Stack validation args that can also record a single resource as not applicable. */
export interface ExemptionRecordingArgs extends StackValidationArgs {
  /** Supplied by Slipstream's offline evaluator; the engine's analyzer has no such call. */
  reportNotApplicable?: (urn: string, reason: string) => void;
}

/**
 * Marks one resource of a stack policy as not applicable. The analyzer protocol only knows a
 * whole policy as not applicable, so under the engine this records nothing and the resource
 * simply passes; the offline evaluator lists it with its reason.
 */
export function exempt(args: StackValidationArgs, resource: PolicyResource, reason: string): void {
  (args as ExemptionRecordingArgs).reportNotApplicable?.(resource.urn, reason);
}
