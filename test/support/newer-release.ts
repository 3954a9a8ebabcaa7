import { z } from "zod";
import { BlueprintReleases } from "../../api/service/blueprint-releases";
import type { BlueprintDefinition } from "../../blueprints/blueprint";
import { getBlueprint } from "../../blueprints/catalogue";

export interface ChangedDefault {
  /** Where in the request, e.g. ["params", "indexer", "memoryMiB"]. */
  path: string[];
  value: unknown;
}

/**
 * The blueprint as a later release would define it: a default changed (a request that leaves
 * the field out now gets `value`) and, when given, a changelog entry for a new version. Tests
 * use it to stand in for a release that exists only in the future.
 */
export function withChangedDefault(blueprint: BlueprintDefinition, changed: ChangedDefault, entry?: { version: string; changes: string[] }): BlueprintDefinition {
  return {
    ...blueprint,
    requestSchema: z.preprocess((input) => fillIfAbsent(input, changed), blueprint.requestSchema),
    changelog: entry ? [...blueprint.changelog, entry] : blueprint.changelog,
  };
}

function fillIfAbsent(input: unknown, { path, value }: ChangedDefault): unknown {
  if (typeof input !== "object" || input === null) return input;
  const copy = structuredClone(input) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next !== undefined && (typeof next !== "object" || next === null)) return input;
    node[key] = next ?? {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (node[last] === undefined) node[last] = value;
  return copy;
}

/**
 * The blueprint as a later release whose building blocks render a request differently:
 * `change` stands for the new code, applied to the request before the component is built.
 */
export function withChangedRendering(blueprint: BlueprintDefinition, change: (request: unknown) => unknown, entry: { version: string; changes: string[] }): BlueprintDefinition {
  return { ...blueprint, create: (name, request, opts) => blueprint.create(name, change(structuredClone(request)), opts), changelog: [...blueprint.changelog, entry] };
}

/** The version `laterSearchRelease` runs dynamodb-search at. */
export const LATER_SEARCH_VERSION = "1.1.0";

/**
 * A later release of dynamodb-search, 1.1.0: its indexer memory default is 512 MiB (was 256)
 * and its indexer function runs with a 120 s timeout (was the request's 60). The other
 * blueprints are this release's.
 */
export function laterSearchRelease(): BlueprintReleases {
  return new BlueprintReleases((id) => {
    const current = getBlueprint(id);
    if (id !== "dynamodb-search") return current;
    const entry = { version: LATER_SEARCH_VERSION, changes: ["Indexer memory defaults to 512 MiB", "The indexer function times out after 120 s"] };
    const defaults = withChangedDefault(current, { path: ["params", "indexer", "memoryMiB"], value: 512 });
    type Request = { params: { indexer: { timeoutSeconds: number } } };
    const longerTimeout = (request: unknown) => ({ ...(request as Request), params: { ...(request as Request).params, indexer: { ...(request as Request).params.indexer, timeoutSeconds: 120 } } });
    return withChangedRendering(defaults, longerTimeout, entry);
  });
}
