import { createRoute, z } from "@hono/zod-openapi";
import { callerOf, guarded } from "../access";
import type { AccessService } from "../../service/access-service";
import { routeGroup } from "../route-group";
import { AuditEntrySchema, ProblemSchema, teamName } from "../schemas";
import { auditView } from "../views";

const AuditQuery = z
  .object({
    team: teamName().optional().openapi({ description: "Only this team's entries (the service admin's filter; a team admin sees only its own team's)" }),
    cursor: z.string().max(64).optional().openapi({ description: "The `next` value of the previous page: entries older than it" }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export function auditRoutes({ access }: { access: AccessService }) {
  const app = routeGroup();
  return app
    .openapi(
      createRoute(
        guarded(
          {
            method: "get",
            path: "/v1/audit",
            operationId: "listAuditEntries",
            tags: ["access"],
            summary: "The audit log, newest first",
            description:
              "One entry per mutating request (POST, PUT, PATCH, DELETE), allowed or refused: who (token id and name), the route and path, the team, deployment and operation, the status and outcome, the request id. A refused request whose token was unknown has no actor and no team: only the service admin sees it.",
            request: { query: AuditQuery },
            responses: {
              200: { description: "A page of entries", content: { "application/json": { schema: z.object({ entries: z.array(AuditEntrySchema), next: z.string().nullable() }) } } },
              400: { description: "Invalid request", content: { "application/problem+json": { schema: ProblemSchema } } },
            },
          },
          "read-audit",
        ),
      ),
      async (c) => {
        const { team, cursor, limit } = c.req.valid("query");
        const page = await access.listAudit(callerOf(c), { team, before: cursor, limit: limit + 1 });
        const items = page.slice(0, limit);
        return c.json({ entries: items.map(auditView), next: page.length > limit ? items[items.length - 1]!.id : null }, 200);
      },
    );
}
