import type { DeploymentRequest } from "./model";

/** One value of a request that differs: its property path (`params.indexer.memoryMiB`) and both sides (undefined: absent). */
export interface RequestChange {
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * How a resolved request differs from another, leaf by leaf, sorted by path: what a preview
 * of the deployment runs that it was not applied with. Arrays of different lengths, and
 * values of different shapes, are one change at their own path.
 */
export function requestChanges(before: DeploymentRequest, after: DeploymentRequest): RequestChange[] {
  return changes({ params: before.params, tags: before.tags }, { params: after.params, tags: after.tags }, "");
}

function changes(before: unknown, after: unknown, path: string): RequestChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changes(before[key], after[key], path === "" ? key : `${path}.${key}`));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => changes(item, after[i], `${path}[${i}]`));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path === "" ? "(request)" : path, before, after }];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
