import type { JsonSchema } from "./schema-locations";

/** One operation of the OpenAPI document, as the generative test drives it. */
export interface RouteSpec {
  method: string;
  /** The path template, e.g. `/v1/deployments/{name}`. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: JsonSchema }[];
  headers: { name: string; schema: JsonSchema }[];
  body?: { schema: JsonSchema; component: string };
  /** POST, PATCH, DELETE: anything hostile sent here must change nothing. */
  mutating: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: JsonSchema }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** Every operation the document lists, with its body schema resolved. */
export function routesOf(doc: OpenApiDocument): RouteSpec[] {
  const routes: RouteSpec[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      const ref = operation.requestBody?.content["application/json"]?.schema.$ref;
      const component = ref?.replace("#/components/schemas/", "");
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === "path").map((p) => p.name),
        query: parameters.filter((p) => p.in === "query").map(({ name, schema }) => ({ name, schema })),
        headers: parameters.filter((p) => p.in === "header").map(({ name, schema }) => ({ name, schema })),
        ...(component ? { body: { schema: doc.components.schemas[component]!, component } } : {}),
        mutating: method !== "get",
      });
    }
  }
  return routes;
}
