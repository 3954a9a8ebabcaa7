import { createRoute, z } from "@hono/zod-openapi";
import { ConflictError } from "../../domain/errors";
import type { WebhookService } from "../../service/webhook-service";
import { callerOf, guarded } from "../access";
import { problemFor } from "../problem";
import { refuseBody } from "../refuse-body";
import { routeGroup } from "../route-group";
import { CreatedWebhookSchema, CreateWebhookBody, DeliverySchema, IdParam, NoQuery, ProblemSchema, TeamParam, WebhookSchema } from "../schemas";
import { deliveryView, webhookView } from "../views";

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });
const PageQuery = z
  .object({ cursor: z.string().max(64).optional().openapi({ description: "The `next` value of the previous page" }), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();
const WebhookParams = TeamParam.merge(IdParam);

/**
 * A team's webhooks: subscriptions to its notifications, their pings and delivery logs. A
 * team's admins and the service admin manage them, any of its tokens reads them; another
 * team's webhook is "not found". The signing secret is in the creation response and nowhere
 * else — not in reads, logs, audit entries or an Idempotency-Key replay.
 */
export function webhookRoutes({ webhooks }: { webhooks: WebhookService }) {
  const app = routeGroup();
  return app
    .openapi(
      createRoute(
        guarded(
          {
            method: "post",
            path: "/v1/teams/{team}/webhooks",
            operationId: "createWebhook",
            tags: ["webhooks"],
            summary: "Subscribe a URL to the team's notifications",
            description:
              "The response holds the signing secret (`secret`), this once. Every delivery is POSTed with `Slipstream-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<body>\")>` (see the README). A retry with the same Idempotency-Key does not show the secret again: it answers 409 naming the webhook.",
            request: { params: TeamParam, query: NoQuery, body: { content: { "application/json": { schema: CreateWebhookBody } }, required: true } },
            responses: { 201: { description: "The webhook with its secret", content: { "application/json": { schema: CreatedWebhookSchema } } }, 400: problem("Invalid request (the field is named)"), 404: problem("No such team") },
          },
          "manage-webhooks",
        ),
      ),
      async (c) => {
        const { team } = c.req.valid("param");
        const { webhook, secret } = await webhooks.create(callerOf(c), team, c.req.valid("json"));
        // What an Idempotency-Key replay answers instead of this response, which must never be stored.
        const replay = problemFor(new ConflictError(`this request already created webhook "${webhook.id}" in team "${team}"; its secret is shown only once: if it was lost, delete the webhook and create another`), c);
        c.set("replayInstead", { status: replay.status, contentType: "application/problem+json", text: JSON.stringify(replay) });
        c.header("Cache-Control", "no-store");
        return c.json({ ...webhookView(webhook), secret }, 201);
      },
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "get",
            path: "/v1/teams/{team}/webhooks",
            operationId: "listWebhooks",
            tags: ["webhooks"],
            summary: "The team's webhooks, by id, without secrets",
            request: { params: TeamParam, query: PageQuery },
            responses: { 200: { description: "A page of webhooks", content: { "application/json": { schema: z.object({ webhooks: z.array(WebhookSchema), next: z.string().nullable() }) } } }, 400: problem("Invalid request"), 404: problem("No such team") },
          },
          "read",
        ),
      ),
      async (c) => {
        const { team } = c.req.valid("param");
        const { cursor, limit } = c.req.valid("query");
        const page = await webhooks.list(callerOf(c), team, cursor, limit + 1);
        const items = page.slice(0, limit);
        return c.json({ webhooks: items.map(webhookView), next: page.length > limit ? items[items.length - 1]!.id : null }, 200);
      },
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "get",
            path: "/v1/teams/{team}/webhooks/{id}",
            operationId: "getWebhook",
            tags: ["webhooks"],
            summary: "A webhook, without its secret",
            request: { params: WebhookParams, query: NoQuery },
            responses: { 200: { description: "The webhook", content: { "application/json": { schema: WebhookSchema } } }, 400: problem("Invalid request"), 404: problem("No such team or webhook") },
          },
          "read",
        ),
      ),
      async (c) => {
        const { team, id } = c.req.valid("param");
        return c.json(webhookView(await webhooks.get(callerOf(c), team, id)), 200);
      },
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "delete",
            path: "/v1/teams/{team}/webhooks/{id}",
            operationId: "deleteWebhook",
            tags: ["webhooks"],
            summary: "Delete a webhook",
            description: "No delivery is attempted after this; pending ones end as failed. Its delivery log stays in the store.",
            request: { params: WebhookParams, query: NoQuery },
            middleware: [refuseBody] as const,
            responses: { 200: { description: "The deleted webhook", content: { "application/json": { schema: WebhookSchema } } }, 400: problem("Invalid request"), 404: problem("No such team or webhook") },
          },
          "manage-webhooks",
        ),
      ),
      async (c) => {
        const { team, id } = c.req.valid("param");
        return c.json(webhookView(await webhooks.delete(callerOf(c), team, id)), 200);
      },
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "post",
            path: "/v1/teams/{team}/webhooks/{id}/ping",
            operationId: "pingWebhook",
            tags: ["webhooks"],
            summary: "Queue a ping to the webhook",
            description: "A `ping` event, signed, retried and logged like every delivery; its outcome shows in the delivery log.",
            request: { params: WebhookParams, query: NoQuery },
            middleware: [refuseBody] as const,
            responses: { 202: { description: "The queued delivery", content: { "application/json": { schema: DeliverySchema } } }, 400: problem("Invalid request"), 404: problem("No such team or webhook") },
          },
          "manage-webhooks",
        ),
      ),
      async (c) => {
        const { team, id } = c.req.valid("param");
        return c.json(deliveryView(await webhooks.ping(callerOf(c), team, id)), 202);
      },
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "get",
            path: "/v1/teams/{team}/webhooks/{id}/deliveries",
            operationId: "listWebhookDeliveries",
            tags: ["webhooks"],
            summary: "The webhook's delivery log, newest first",
            description: "Each delivery with every attempt made (time, HTTP status or error, duration), its status and when the next attempt is due.",
            request: { params: WebhookParams, query: PageQuery },
            responses: { 200: { description: "A page of deliveries", content: { "application/json": { schema: z.object({ deliveries: z.array(DeliverySchema), next: z.string().nullable() }) } } }, 400: problem("Invalid request"), 404: problem("No such team or webhook") },
          },
          "read",
        ),
      ),
      async (c) => {
        const { team, id } = c.req.valid("param");
        const { cursor, limit } = c.req.valid("query");
        const page = await webhooks.deliveries(callerOf(c), team, id, cursor, limit + 1);
        const items = page.slice(0, limit);
        return c.json({ deliveries: items.map(deliveryView), next: page.length > limit ? items[items.length - 1]!.id : null }, 200);
      },
    );
}
