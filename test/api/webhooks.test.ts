/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are asserted on, not typed */
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../api/config/logger";
import { WebhookRunner } from "../../api/webhooks/webhook-runner";
import { waitFor } from "../support/wait-for";
import { startReceiver, verifySignature } from "../webhooks/receiver";
import { expectProblem, fieldsOf } from "./support/problems";
import { testApp } from "./support/test-app";

const BOOTSTRAP = "webhooks-bootstrap-" + "w".repeat(40);
const HOOK = { url: "https://hooks.example.com/slipstream", kinds: ["operation.succeeded", "operation.failed"] };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The app with every log line kept, so a test can look for a secret in them. */
function app(options: { bootstrapToken?: string } = {}) {
  const lines: string[] = [];
  const log = createLogger(
    "trace",
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const t = testApp({ ...options, log });
  cleanups.push(() => t.close());
  return { ...t, lines };
}

describe("webhook routes on an open service (team default)", () => {
  it("creates a webhook whose secret is in the creation response only: never in a read, the audit or a log line", async () => {
    const t = app();
    const created = await t.json("POST", "/v1/teams/default/webhooks", HOOK);
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const body = (await created.json()) as any;
    expect(body).toEqual({ id: expect.any(String), team: "default", url: HOOK.url, kinds: HOOK.kinds, createdAt: expect.any(String), createdBy: "anonymous", secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/) });
    const secret: string = body.secret;

    const reads = [
      await t.app.request("/v1/teams/default/webhooks"),
      await t.app.request(`/v1/teams/default/webhooks/${body.id}`),
      await t.app.request(`/v1/teams/default/webhooks/${body.id}/deliveries`),
      await t.app.request("/v1/audit?limit=200"),
    ];
    const texts = await Promise.all(reads.map((r) => r.text()));
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const { secret: _shownOnce, ...view } = body;
    expect(JSON.parse(texts[0]!)).toEqual({ webhooks: [view], next: null });
    expect(JSON.parse(texts[1]!)).toEqual(view);
    expect(JSON.parse(texts[3]!).entries).toEqual(expect.arrayContaining([expect.objectContaining({ method: "POST", route: "/v1/teams/:team/webhooks", team: "default", status: 201 })]));
    for (const text of texts) expect(text).not.toContain(secret);
    expect(t.lines.length).toBeGreaterThan(0);
    expect(t.lines.join("\n")).not.toContain(secret);
    expect(t.lines.join("\n")).not.toContain(secret.slice("whsec_".length));
  });

  it("refuses URLs a receiver must not have, naming the field", async () => {
    const t = app();
    const refused = async (url: string) => fieldsOf(await expectProblem(await t.json("POST", "/v1/teams/default/webhooks", { ...HOOK, url }), 400));
    for (const url of [
      "http://hooks.example.com/x",
      "http://10.0.0.8/x",
      "ftp://hooks.example.com/x",
      "https://user:pass@hooks.example.com/x",
      "https://token@hooks.example.com/x",
      "https://169.254.169.254/latest/meta-data/",
      "https://169.254.10.1/x",
      "https://[fd00:ec2::254]/x",
      "https://[fe80::1]/x",
      "http://[::ffff:169.254.169.254]/x",
      "https://[::ffff:a9fe:a9fe]/x",
      "https://2852039166/x",
      "https://0xA9FEA9FE/x",
      "not a url",
    ]) {
      expect(await refused(url), url).toEqual(["url"]);
    }
    expect(fieldsOf(await expectProblem(await t.json("POST", "/v1/teams/default/webhooks", { ...HOOK, kinds: [] }), 400))).toEqual(["kinds"]);
    expect(fieldsOf(await expectProblem(await t.json("POST", "/v1/teams/default/webhooks", { ...HOOK, kinds: ["ping"] }), 400))).toEqual(["kinds.0"]);
    for (const url of ["http://127.0.0.1:9/x", "http://localhost:9/x", "http://[::1]:9/x", "https://hooks.example.com/x"]) {
      expect((await t.json("POST", "/v1/teams/default/webhooks", { ...HOOK, url })).status, url).toBe(201);
    }
    expect(((await (await t.app.request("/v1/teams/default/webhooks")).json()) as any).webhooks).toHaveLength(4);
  });

  it("never replays the secret: a retry of the creation with the same Idempotency-Key names the webhook instead", async () => {
    const t = app();
    const headers = { "idempotency-key": "webhook-key-1" };
    const first = await t.json("POST", "/v1/teams/default/webhooks", HOOK, headers);
    expect(first.status).toBe(201);
    const created = (await first.json()) as any;
    const retry = await t.json("POST", "/v1/teams/default/webhooks", HOOK, headers);
    expect(retry.status).toBe(409);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const text = await retry.text();
    expect(text).toContain(created.id);
    expect(text).not.toContain(created.secret);
    expect(((await (await t.app.request("/v1/teams/default/webhooks")).json()) as any).webhooks).toHaveLength(1);
  });

  it("pings a webhook: the receiver verifies it, and the delivery log shows it with its attempts", async () => {
    const t = app();
    let secret = "";
    const receiver = await startReceiver(() => secret, (n) => (n === 1 ? 503 : 200));
    cleanups.push(() => receiver.close());
    const created = (await (await t.json("POST", "/v1/teams/default/webhooks", { ...HOOK, url: receiver.url })).json()) as any;
    secret = created.secret;
    const runner = new WebhookRunner(t.store, { attempts: 3, retryBaseMs: 10, timeoutMs: 10_000, pollIntervalMs: 20, instanceId: "ping-test" }, createLogger("silent"));
    runner.start();
    cleanups.push(() => runner.stop());

    const ping = await t.json("POST", `/v1/teams/default/webhooks/${created.id}/ping`);
    expect(ping.status).toBe(202);
    const queued = (await ping.json()) as any;
    expect(queued).toMatchObject({ webhook: created.id, status: "pending", attempts: [], event: { kind: "ping", team: "default", deployment: null, data: { webhook: { id: created.id } } } });

    const log = await waitFor("the ping to be delivered", async () => {
      const page = (await (await t.app.request(`/v1/teams/default/webhooks/${created.id}/deliveries`)).json()) as any;
      return page.deliveries[0]?.status === "succeeded" && page;
    });
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({ id: queued.id, status: "succeeded", nextAttemptAt: null });
    expect(log.deliveries[0].attempts.map((a: any) => [a.status, a.error])).toEqual([
      [503, "HTTP 503"],
      [200, null],
    ]);
    expect(receiver.received.map((r) => r.verified)).toEqual([true, true]);
    expect(receiver.received.every((r) => verifySignature(created.secret, r.headers["slipstream-signature"] as string, r.body))).toBe(true);
    expect(JSON.parse(receiver.received[1]!.body)).toEqual({ id: queued.event.id, kind: "ping", time: queued.event.time, team: "default", deployment: null, data: queued.event.data });
    expect(receiver.received[1]!.headers["slipstream-event-kind"]).toBe("ping");
  });

  it("pages the delivery log newest first with a cursor", async () => {
    const t = app();
    const created = (await (await t.json("POST", "/v1/teams/default/webhooks", HOOK)).json()) as any;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await (await t.json("POST", `/v1/teams/default/webhooks/${created.id}/ping`)).json()) as any).id);
    const first = (await (await t.app.request(`/v1/teams/default/webhooks/${created.id}/deliveries?limit=2`)).json()) as any;
    expect(first.deliveries.map((d: any) => d.id)).toEqual([ids[2], ids[1]]);
    const second = (await (await t.app.request(`/v1/teams/default/webhooks/${created.id}/deliveries?limit=2&cursor=${first.next}`)).json()) as any;
    expect(second).toEqual({ deliveries: [expect.objectContaining({ id: ids[0] })], next: null });
  });

  it("deletes a webhook; it is then not found, and its deliveries fail without a request", async () => {
    const t = app();
    const created = (await (await t.json("POST", "/v1/teams/default/webhooks", HOOK)).json()) as any;
    expect((await t.json("POST", `/v1/teams/default/webhooks/${created.id}/ping`)).status).toBe(202);
    expect((await t.json("DELETE", `/v1/teams/default/webhooks/${created.id}`)).status).toBe(200);
    await expectProblem(await t.app.request(`/v1/teams/default/webhooks/${created.id}`), 404);
    await expectProblem(await t.json("DELETE", `/v1/teams/default/webhooks/${created.id}`), 404);
    const runner = new WebhookRunner(t.store, { attempts: 3, retryBaseMs: 10, timeoutMs: 10_000, pollIntervalMs: 20, instanceId: "delete-test" }, createLogger("silent"));
    runner.start();
    cleanups.push(() => runner.stop());
    const [delivery] = await waitFor("the orphaned ping to end", async () => {
      const log = await t.store.deliveries.listByWebhook(created.id, undefined, 10);
      return log[0]?.status === "failed" && log;
    });
    expect(delivery!.attempts).toEqual([expect.objectContaining({ status: null, error: "the webhook was deleted" })]);
  });
});

describe("webhook routes with access control", () => {
  async function teams() {
    const t = app({ bootstrapToken: BOOTSTRAP });
    const admin = { authorization: `Bearer ${BOOTSTRAP}` };
    const tokens: Record<string, Record<string, string>> = {};
    for (const team of ["alpha", "bravo"]) {
      expect((await t.json("POST", "/v1/teams", { name: team }, admin)).status).toBe(201);
      for (const role of ["viewer", "deployer", "admin"]) {
        const res = (await (await t.json("POST", `/v1/teams/${team}/tokens`, { name: `${team}-${role}`, role }, admin)).json()) as any;
        tokens[`${team}.${role}`] = { authorization: `Bearer ${res.token}` };
      }
    }
    return { t, admin, tokens };
  }

  it("lets a team's admin manage its webhooks and its viewers read them; another team finds nothing there", async () => {
    const { t, admin, tokens } = await teams();
    await expectProblem(await t.json("POST", "/v1/teams/alpha/webhooks", HOOK, tokens["alpha.viewer"]), 403);
    await expectProblem(await t.json("POST", "/v1/teams/alpha/webhooks", HOOK, tokens["alpha.deployer"]), 403);
    await expectProblem(await t.json("POST", "/v1/teams/alpha/webhooks", HOOK, tokens["bravo.admin"]), 404);
    const mine = await t.json("POST", "/v1/teams/alpha/webhooks", HOOK, tokens["alpha.admin"]);
    expect(mine.status).toBe(201);
    const hook = (await mine.json()) as any;
    expect(hook).toMatchObject({ team: "alpha", createdBy: expect.any(String) });
    // The service admin manages any team's.
    expect((await t.json("POST", "/v1/teams/bravo/webhooks", HOOK, admin)).status).toBe(201);

    const get = (who: Record<string, string>, path = "") => t.app.request(`/v1/teams/alpha/webhooks${path}`, { headers: who });
    for (const who of ["alpha.viewer", "alpha.deployer", "alpha.admin"]) {
      expect((await get(tokens[who]!)).status, who).toBe(200);
      expect((await get(tokens[who]!, `/${hook.id}`)).status, who).toBe(200);
      expect((await get(tokens[who]!, `/${hook.id}/deliveries`)).status, who).toBe(200);
    }
    await expectProblem(await t.json("POST", `/v1/teams/alpha/webhooks/${hook.id}/ping`, undefined, tokens["alpha.viewer"]), 403);
    await expectProblem(await t.json("DELETE", `/v1/teams/alpha/webhooks/${hook.id}`, undefined, tokens["alpha.deployer"]), 403);

    // Bravo: alpha's webhook is exactly as missing as one that never existed, through bravo's own path too.
    const ghost = "0197a000-0000-7000-8000-000000000000";
    for (const who of ["bravo.viewer", "bravo.admin"]) {
      for (const path of ["", `/${hook.id}`, `/${hook.id}/deliveries`]) await expectProblem(await get(tokens[who]!, path), 404);
      const theirs = await t.app.request(`/v1/teams/bravo/webhooks/${hook.id}`, { headers: tokens[who] });
      const missing = await t.app.request(`/v1/teams/bravo/webhooks/${ghost}`, { headers: tokens[who] });
      const normal = (text: string, id: string) => text.replaceAll(id, "<id>").replace(/"requestId":"[^"]*"/, "");
      expect(normal(await theirs.text(), hook.id)).toBe(normal(await missing.text(), ghost));
    }
    await expectProblem(await t.json("POST", `/v1/teams/alpha/webhooks/${hook.id}/ping`, undefined, tokens["bravo.admin"]), 404);
    await expectProblem(await t.json("DELETE", `/v1/teams/alpha/webhooks/${hook.id}`, undefined, tokens["bravo.admin"]), 404);
    await expectProblem(await t.json("DELETE", `/v1/teams/bravo/webhooks/${hook.id}`, undefined, tokens["bravo.admin"]), 404);
    expect(((await (await t.app.request("/v1/teams/bravo/webhooks", { headers: tokens["bravo.viewer"] })).json()) as any).webhooks.map((w: any) => w.team)).toEqual(["bravo"]);
    expect(await t.store.webhooks.get("alpha", hook.id)).toBeDefined();

    // Audited like every mutation, the refused ones included, without the secret.
    expect((await t.json("DELETE", `/v1/teams/alpha/webhooks/${hook.id}`, undefined, tokens["alpha.admin"])).status).toBe(200);
    const audit = await t.app.request("/v1/audit?team=alpha&limit=200", { headers: admin });
    const text = await audit.text();
    expect(text).not.toContain(hook.secret);
    const entries = (JSON.parse(text) as any).entries.filter((e: any) => e.route.startsWith("/v1/teams/:team/webhooks"));
    expect(entries.map((e: any) => [e.method, e.route, e.status]).reverse()).toEqual([
      ["POST", "/v1/teams/:team/webhooks", 403],
      ["POST", "/v1/teams/:team/webhooks", 403],
      ["POST", "/v1/teams/:team/webhooks", 201],
      ["POST", "/v1/teams/:team/webhooks/:id/ping", 403],
      ["DELETE", "/v1/teams/:team/webhooks/:id", 403],
      ["DELETE", "/v1/teams/:team/webhooks/:id", 200],
    ]);
    expect(t.lines.join("\n")).not.toContain(hook.secret);
  });

  it("does not act in team default when access control is on and no such team exists", async () => {
    const { t, admin } = await teams();
    await expectProblem(await t.json("POST", "/v1/teams/default/webhooks", HOOK, admin), 404);
  });
});
