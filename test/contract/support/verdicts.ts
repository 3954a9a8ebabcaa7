import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { requestJsonSchema, validateRequest } from "../../../blueprints/catalogue";
import { serverCheckSentence } from "../../../blueprints/json-schema/published-rules";
import { RequestValidationError } from "../../../blueprints/request";

type Node = Record<string, unknown>;

/** Ajv in strict mode (unknown keywords and formats, type-less keywords, undeclared required names are errors), with the standard formats. */
export function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** A blueprint's published schema as an independent validator compiles it. */
export function publishedValidator(blueprint: string): ValidateFunction {
  return strictAjv().compile(requestJsonSchema(blueprint));
}

/** The issue paths the server refuses a request with (`validateRequest`, what the planner runs), or [] when it accepts it. */
export function serverRefusals(blueprint: string, request: unknown): string[] {
  try {
    validateRequest(blueprint, request);
    return [];
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    return error.issues.map((issue) => issue.path.join("."));
  }
}

// The "server also checks" prefix every described rule's sentence starts with.
const SERVER_CHECK = serverCheckSentence("").replace(/\s*\.$/, "");

/**
 * Whether the published schema describes a server-only check at `path` (dot-separated, as
 * issues name fields): the node there or one on the way to it, but not the request or its
 * params as a whole, whose descriptions would cover any field.
 */
export function describesServerCheck(schema: Node, path: string): boolean {
  let node: Node | undefined = schema;
  const steps = path === "" ? [] : path.split(".");
  for (let depth = 0; node !== undefined; depth++) {
    const generic = depth === 0 || (depth === 1 && steps[0] === "params");
    if (!generic && typeof node["description"] === "string" && node["description"].includes(SERVER_CHECK)) return true;
    const step = steps[depth];
    if (step === undefined) return false;
    node = childOf(node, step);
  }
  return false;
}

function childOf(node: Node, step: string): Node | undefined {
  const properties = node["properties"] as Record<string, Node> | undefined;
  if (properties?.[step] !== undefined) return properties[step];
  if (/^\d+$/.test(step) && typeof node["items"] === "object") return node["items"] as Node;
  if (typeof node["additionalProperties"] === "object") return node["additionalProperties"] as Node;
  return undefined;
}

/**
 * The contract: the published schema and the server give the same verdict, except that the
 * server may also refuse a request the schema accepts for a check the schema describes (at the
 * field it names). The schema never refuses what the server accepts.
 */
export function expectSameVerdict(blueprint: string, validate: ValidateFunction, request: unknown): void {
  const published = validate(request);
  const refusals = serverRefusals(blueprint, request);
  const context = JSON.stringify({ request, ajv: validate.errors?.slice(0, 5), server: refusals }).slice(0, 3000);
  if (!published) {
    expect(refusals.length, `the published schema refuses what the server accepts: ${context}`).toBeGreaterThan(0);
    return;
  }
  const schema = validate.schema as Node;
  for (const path of refusals) expect(describesServerCheck(schema, path), `the server refuses ${path || "(request)"} for a check the schema neither expresses nor describes: ${context}`).toBe(true);
}
