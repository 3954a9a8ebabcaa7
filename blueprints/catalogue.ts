import * as fs from "node:fs";
import * as path from "node:path";
import type { BlueprintDefinition } from "./blueprint";
import { accessLogAnalytics } from "./access-log-analytics";
import { dynamodbSearch } from "./dynamodb-search";
import { mskDataLake } from "./msk-data-lake";
import { serverlessStreamingPipeline } from "./serverless-streaming-pipeline";
import { RequestValidationError } from "./request";
import { publishedJsonSchema } from "./json-schema/published-schema";

/** Every blueprint Slipstream offers, by id. */
export const catalogue: ReadonlyMap<string, BlueprintDefinition> = new Map<string, BlueprintDefinition>(
  [accessLogAnalytics as BlueprintDefinition, mskDataLake as BlueprintDefinition, serverlessStreamingPipeline as BlueprintDefinition, dynamodbSearch as BlueprintDefinition].map((b) => [b.id, b]),
);

export class UnknownBlueprintError extends Error {
  constructor(readonly blueprint: string) {
    super(`unknown blueprint "${blueprint}"; the catalogue has: ${[...catalogue.keys()].join(", ")}`);
    this.name = "UnknownBlueprintError";
  }
}

export function getBlueprint(id: string): BlueprintDefinition {
  const blueprint = catalogue.get(id);
  if (!blueprint) throw new UnknownBlueprintError(id);
  return blueprint;
}

/** Parses a request with its blueprint's schema: defaults filled in, or an error naming each bad field. */
export function validateRequest(id: string, input: unknown): { blueprint: BlueprintDefinition; request: unknown } {
  const blueprint = getBlueprint(id);
  return { blueprint, request: validateBlueprintRequest(blueprint, input) };
}

/** `validateRequest` with the definition in hand. */
export function validateBlueprintRequest(blueprint: BlueprintDefinition, input: unknown): unknown {
  const result = blueprint.requestSchema.safeParse(input);
  if (!result.success) throw new RequestValidationError(blueprint.id, result.error.issues);
  return result.data;
}

/**
 * The request's JSON Schema (the shape callers send: defaults are optional), with the schema's
 * refinements as JSON Schema keywords where it can say them and in descriptions where it cannot
 * (json-schema/published-schema.ts).
 */
export function requestJsonSchema(id: string): Record<string, unknown> {
  return publishedJsonSchema(getBlueprint(id).requestSchema);
}

export function exampleRequest(id: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(getBlueprint(id).directory, "example.json"), "utf8"));
}
