import type { OfflineResource } from "../../../policies/offline/offline-resource";

type Props = Record<string, unknown>;

/**
 * One deployability resource rule, tested from a compliant resource: each violation changes one
 * field (`withValue` path) and names the field and a part of the message the rule then reports.
 */
export interface ResourceRuleCase {
  rule: string;
  type: string;
  /** The resource's name; autonamed names derive from it. Default "subject". */
  name?: string;
  compliant: Props;
  violations: [path: string, value: unknown, field: string, message: string][];
  /** Fields whose unknown value must not fail (default: the fields the violations change). */
  unknown?: string[];
  /** Other compliant variants (one field changed) that must pass. */
  alsoCompliant?: [path: string, value: unknown][];
}

export interface Reported {
  resource: string;
  field: string;
  message: string;
}

/**
 * One deployability stack rule: a compliant list of resources, and violations that change one
 * field of one resource (by name) and list what the rule then reports (resource, field, message).
 */
export interface StackRuleCase {
  rule: string;
  compliant: Omit<OfflineResource, "urn">[];
  violations: [resource: string, path: string, value: unknown, reported: Reported[]][];
  /** Violations that must not be reported while another field (resource, path) is unknown. */
  unknown: [violation: number, resource: string, path: string][];
}
