import { UNKNOWN_VALUE } from "../../policies/offline/from-plan";
import { offlineUrn, type OfflineResource } from "../../policies/offline/offline-resource";

/** What the engine sends for a value it only learns while deploying. */
export const UNKNOWN = UNKNOWN_VALUE;

export const KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/example-key-id";
export const TAGS = { owner: "data-platform", "cost-center": "cc-1", environment: "dev" };

export function resource(type: string, props: Record<string, unknown>, name = "subject", extra: Partial<OfflineResource> = {}): OfflineResource {
  return { type, name, urn: offlineUrn(type, name), props, ...extra };
}

/** A deep copy of `props` with the value at a dotted path replaced (`undefined` removes it). */
export function withValue<T>(props: T, path: string, value: unknown): T {
  const copy = structuredClone(props) as Record<string, unknown>;
  const keys = path.split(".");
  let cursor: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (cursor[key] === undefined || cursor[key] === null || typeof cursor[key] !== "object") cursor[key] = {};
    cursor = cursor[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cursor[last];
  else cursor[last] = value;
  return copy as T;
}
