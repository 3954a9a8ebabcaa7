import { createRoute, z } from "@hono/zod-openapi";
import { catalogue, exampleRequest, getBlueprint, requestJsonSchema } from "../../../blueprints/catalogue";
import { latestVersion } from "../../../blueprints/versions";
import { NotFoundError } from "../../domain/errors";
import { guarded } from "../access";
import { routeGroup } from "../route-group";
import { BlueprintParam, ChangelogEntrySchema, NoQuery, ProblemSchema } from "../schemas";

const BlueprintSummary = z
  .object({
    id: z.string(),
    version: z.string().openapi({ description: "The version this release renders (semver); deployments are pinned to the version they were last applied with" }),
    title: z.string(),
    pattern: z.string(),
    description: z.string(),
    outline: z.array(z.string()),
    links: z.object({ self: z.string() }),
  })
  .openapi("BlueprintSummary");
const BlueprintDetail = BlueprintSummary.extend({
  changelog: z.array(ChangelogEntrySchema).openapi({ description: "Every version, oldest first, with what it changed for deployments" }),
  requestSchema: z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema of { params, tags }" }),
  example: z.unknown().openapi({ description: "An example request" }),
}).openapi("Blueprint");

function summary(id: string) {
  if (!catalogue.has(id)) throw new NotFoundError(`blueprint "${id}" not found; the catalogue has ${[...catalogue.keys()].join(", ")}`);
  const b = getBlueprint(id);
  return { id: b.id, version: latestVersion(b.changelog), title: b.title, pattern: b.pattern, description: b.description, outline: b.outline, links: { self: `/v1/blueprints/${b.id}` } };
}

export function catalogueRoutes() {
  const app = routeGroup();
  return app
    .openapi(
      createRoute(guarded({
        method: "get",
        path: "/v1/blueprints",
        operationId: "listBlueprints",
        tags: ["catalogue"],
        summary: "List the blueprints",
        request: { query: NoQuery },
        responses: {
          200: { description: "The catalogue", content: { "application/json": { schema: z.object({ blueprints: z.array(BlueprintSummary) }) } } },
          400: { description: "Invalid request", content: { "application/problem+json": { schema: ProblemSchema } } },
        },
      }, "read")),
      (c) => c.json({ blueprints: [...catalogue.keys()].map(summary) }, 200),
    )
    .openapi(
      createRoute(guarded({
        method: "get",
        path: "/v1/blueprints/{id}",
        operationId: "getBlueprint",
        tags: ["catalogue"],
        summary: "A blueprint with its request JSON Schema and example",
        request: { params: BlueprintParam, query: NoQuery },
        responses: {
          200: { description: "The blueprint", content: { "application/json": { schema: BlueprintDetail } } },
          400: { description: "Invalid request", content: { "application/problem+json": { schema: ProblemSchema } } },
          404: { description: "No such blueprint", content: { "application/problem+json": { schema: ProblemSchema } } },
        },
      }, "read")),
      (c) => {
        const { id } = c.req.valid("param");
        return c.json({ ...summary(id), changelog: getBlueprint(id).changelog.map((e) => ({ version: e.version, changes: [...e.changes] })), requestSchema: requestJsonSchema(id), example: exampleRequest(id) }, 200);
      },
    );
}
