import { z } from "zod";
import type { BlueprintDefinition } from "../../blueprints/blueprint";

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
