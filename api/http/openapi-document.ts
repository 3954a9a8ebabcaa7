import type { OpenAPIHono } from "@hono/zod-openapi";
import { catalogue, requestJsonSchema } from "../../blueprints/catalogue";
import { deploymentNameSchema } from "../../blueprints/deployment-name";
import { publishedJsonSchema } from "../../blueprints/json-schema/published-schema";
import type { AppEnv } from "./app-env";

type JsonObject = Record<string, unknown>;
type Document = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;

/** A deployment name as the service checks it, published from the same zod schema (its rules included). */
const { $schema: _dialect, ...deploymentName } = publishedJsonSchema(deploymentNameSchema) as JsonObject;
export const DEPLOYMENT_NAME_JSON_SCHEMA: JsonObject = {
  ...deploymentName,
  description: "The deployment's name, unique across teams (it is the Pulumi stack's name): a DNS label of lowercase letters, digits and single hyphens",
};

const componentName = (blueprint: string) => `${blueprint.replace(/(^|-)([a-z])/g, (_m, _dash: string, letter: string) => letter.toUpperCase())}Request`;

/** Rewrites a standalone JSON Schema's own `#/...` references to where it sits in the document. */
function rehome(schema: unknown, base: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => rehome(item, base));
  if (schema === null || typeof schema !== "object") return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema as JsonObject)) {
    if (key === "$schema") continue;
    out[key] = key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `${base}/${value.slice(2)}` : rehome(value, base);
  }
  return out;
}

/**
 * The published OpenAPI document: the routes' own (generated from the schemas the server
 * validates with), made as strict as the service behind them. Each blueprint's request schema
 * (the one `GET /v1/blueprints/{id}` publishes) becomes a component, and a create or plan
 * names its blueprint with an `enum` and takes `params` and `tags` by that blueprint's schema
 * (`if`/`then` on `blueprint`); deployment names carry the service's pattern. `servers` is
 * relative: the document describes the service it is fetched from.
 */
export function openApiDocument(app: OpenAPIHono<AppEnv>, info: { title: string; version: string; description: string }): Document {
  const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info, servers: [{ url: "/", description: "The service this document was fetched from" }] });
  const schemas = (doc.components!.schemas ??= {}) as Record<string, JsonObject>;
  const blueprints = [...catalogue.keys()];
  for (const id of blueprints) schemas[componentName(id)] = rehome(requestJsonSchema(id), `#/components/schemas/${componentName(id)}`) as JsonObject;
  const byBlueprint = blueprints.map((id) => ({
    if: { properties: { blueprint: { const: id } }, required: ["blueprint"] },
    then: { properties: { params: { $ref: `#/components/schemas/${componentName(id)}/properties/params` }, tags: { $ref: `#/components/schemas/${componentName(id)}/properties/tags` } } },
  }));
  for (const name of ["CreateDeployment", "PlanRequest"]) {
    const body = schemas[name]!;
    const properties = body["properties"] as Record<string, JsonObject>;
    properties["blueprint"] = { ...properties["blueprint"], type: "string", enum: blueprints };
    properties["name"] = { ...properties["name"], ...DEPLOYMENT_NAME_JSON_SCHEMA };
    body["allOf"] = byBlueprint;
  }
  return doc;
}
