import { createRoute, z } from "@hono/zod-openapi";
import { callerOf, guarded } from "../access";
import type { AccessService } from "../../service/access-service";
import { problemFor } from "../problem";
import { refuseBody } from "../refuse-body";
import { routeGroup } from "../route-group";
import { ConflictError } from "../../domain/errors";
import { CreatedTokenSchema, CreateTeamBody, CreateTokenBody, IdParam, NoQuery, ProblemSchema, TeamParam, TeamSchema, TokenSchema } from "../schemas";
import { teamView, tokenView } from "../views";

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });
const TeamsQuery = z.object({ cursor: z.string().max(64).optional().openapi({ description: "The `next` value of the previous page" }), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
const TokenParams = TeamParam.merge(IdParam);

/**
 * Teams and their API tokens. The service admin (the bootstrap token) creates teams; a
 * team's admin tokens — and the service admin — create, list and revoke its tokens. A
 * token's secret is in the creation response and nowhere else, ever: not in lists, logs,
 * audit entries or the store (which keeps its SHA-256), nor in an Idempotency-Key replay.
 */
export function teamRoutes({ access }: { access: AccessService }, clock?: () => number) {
  const now = clock ?? Date.now;
  const app = routeGroup();

  return app
    .openapi(
      createRoute(
        guarded(
          {
            method: "post",
            path: "/v1/teams",
            operationId: "createTeam",
            tags: ["access"],
            summary: "Create a team",
            request: { query: NoQuery, body: { content: { "application/json": { schema: CreateTeamBody } }, required: true } },
            responses: { 201: { description: "The team", content: { "application/json": { schema: TeamSchema } } }, 400: problem("Invalid request"), 409: problem("The name is taken") },
          },
          "manage-teams",
        ),
      ),
      async (c) => c.json(teamView(await access.createTeam(callerOf(c), c.req.valid("json").name)), 201),
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "get",
            path: "/v1/teams",
            operationId: "listTeams",
            tags: ["access"],
            summary: "List teams",
            description: "Every team for the service admin; a team token sees its own.",
            request: { query: TeamsQuery },
            responses: { 200: { description: "A page of teams", content: { "application/json": { schema: z.object({ teams: z.array(TeamSchema), next: z.string().nullable() }) } } }, 400: problem("Invalid request") },
          },
          "read",
        ),
      ),
      async (c) => {
        const { cursor, limit } = c.req.valid("query");
        const page = await access.listTeams(callerOf(c), cursor, limit + 1);
        const items = page.slice(0, limit);
        return c.json({ teams: items.map(teamView), next: page.length > limit ? items[items.length - 1]!.name : null }, 200);
      },
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "post",
            path: "/v1/teams/{team}/tokens",
            operationId: "createToken",
            tags: ["access"],
            summary: "Create an API token for the team",
            description:
              "The response holds the secret (`token`), this once: only its SHA-256 is stored. A retry with the same Idempotency-Key does not show it again: it answers 409 naming the token, to revoke and replace if the secret was lost. Another team answers 404, as a missing one does.",
            request: { params: TeamParam, query: NoQuery, body: { content: { "application/json": { schema: CreateTokenBody } }, required: true } },
            responses: { 201: { description: "The token with its secret", content: { "application/json": { schema: CreatedTokenSchema } } }, 400: problem("Invalid request"), 404: problem("No such team") },
          },
          "manage-tokens",
        ),
      ),
      async (c) => {
        const { team } = c.req.valid("param");
        const { token, secret } = await access.createToken(callerOf(c), team, c.req.valid("json"));
        // What an Idempotency-Key replay answers instead of this response, which must never be stored.
        const replay = problemFor(new ConflictError(`this request already created token "${token.id}" in team "${team}"; its secret is shown only once: if it was lost, revoke the token and create another`), c);
        c.set("replayInstead", { status: replay.status, contentType: "application/problem+json", text: JSON.stringify(replay) });
        c.header("Cache-Control", "no-store");
        return c.json({ ...tokenView(token, now()), token: secret }, 201);
      },
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "get",
            path: "/v1/teams/{team}/tokens",
            operationId: "listTokens",
            tags: ["access"],
            summary: "The team's tokens, revoked and expired ones included, without secrets",
            request: { params: TeamParam, query: NoQuery },
            responses: { 200: { description: "Tokens", content: { "application/json": { schema: z.object({ tokens: z.array(TokenSchema) }) } } }, 400: problem("Invalid request"), 404: problem("No such team") },
          },
          "manage-tokens",
        ),
      ),
      async (c) => {
        const tokens = await access.listTokens(callerOf(c), c.req.valid("param").team);
        const at = now();
        return c.json({ tokens: tokens.map((t) => tokenView(t, at)) }, 200);
      },
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "delete",
            path: "/v1/teams/{team}/tokens/{id}",
            operationId: "revokeToken",
            tags: ["access"],
            summary: "Revoke a token",
            description: "From the next request on, the token answers 401. Revoking a revoked token changes nothing.",
            request: { params: TokenParams, query: NoQuery },
            middleware: [refuseBody] as const,
            responses: { 200: { description: "The revoked token", content: { "application/json": { schema: TokenSchema } } }, 400: problem("Invalid request"), 404: problem("No such team or token") },
          },
          "manage-tokens",
        ),
      ),
      async (c) => {
        const { team, id } = c.req.valid("param");
        return c.json(tokenView(await access.revokeToken(callerOf(c), team, id), now()), 200);
      },
    );
}
