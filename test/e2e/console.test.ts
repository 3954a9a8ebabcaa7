import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for";
import { launchBrowser, SCREENSHOTS } from "./support/browser";
import { startTestService } from "./support/service";

const { buildConsole } = require("../../api/cli/build.js") as { buildConsole: () => Promise<void> };

/** A field of the generated form, by the request path the server's field errors name. */
const field = (page: Page, name: string) => page.locator(`[id="field-${name}"]`);
const fieldErrors = (page: Page, name: string) => page.locator(`[id="field-${name}-errors"]`);

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Waits (polling the page) until `check` holds, naming what it waited for. */
function until(page: Page, what: string, check: () => Promise<boolean>): Promise<true> {
  return waitFor(what, async () => (page.isClosed() ? undefined : (await check()) || undefined));
}

/** Waits for the operation page's log to reach its end and returns the final status shown. */
async function operationEnds(page: Page): Promise<string> {
  const log = page.getByTestId("operation-log");
  await until(page, "the operation's log to end", async () => (await log.getAttribute("data-state")) === "ended");
  const heading = page.locator("h1 .badge");
  await until(page, "the operation's final status", async () => !["queued", "running"].includes((await heading.getAttribute("data-status")) ?? "running"));
  return (await heading.getAttribute("data-status"))!;
}

beforeAll(async () => {
  await buildConsole();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

// The console in Chromium, against the real service on the Pulumi CLI stand-in: the whole
// path a platform engineer clicks through, every page screenshotted into test-results/console.
describe("the web console on an open (loopback) service", () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    [service, browser] = await Promise.all([startTestService(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it("walks catalogue → form with a validation error → plan → create → live log → update → destroy", async () => {
    const page = await browser.context.newPage();
    const offsite: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(service.url) && !request.url().startsWith("data:")) offsite.push(request.url());
    });

    // Catalogue: the four blueprints with what each provisions.
    await page.goto(`${service.url}/console`);
    const cards = page.locator("article.blueprint");
    await cards.first().waitFor();
    expect(await cards.count()).toBe(4);
    const pipeline = cards.filter({ hasText: "serverless-streaming-pipeline" });
    expect(await pipeline.locator(".outline li").count()).toBeGreaterThan(3);
    // Each blueprint's version, the one this release renders.
    const catalogue = (await service.api.call("GET", "/v1/blueprints")).body.blueprints as { version: string }[];
    expect(await cards.getByTestId("blueprint-version").allInnerTexts()).toEqual(catalogue.map((b) => b.version));
    await screenshot(page, "1-catalogue");

    // The form, generated from the blueprint's JSON Schema and filled with its example.
    await pipeline.getByRole("link", { name: "New deployment" }).click();
    await field(page, "name").fill("console-demo");
    await expect.poll(() => field(page, "tags.owner").inputValue()).toBe("iot-platform");
    await page.locator("summary", { hasText: /^Stream\s/ }).click();
    await field(page, "params.stream.retentionHours").fill("5");
    await page.getByRole("button", { name: "Plan" }).click();
    // The server's problem details, each message under its own field.
    await fieldErrors(page, "params.stream.retentionHours").waitFor();
    expect(await fieldErrors(page, "params.stream.retentionHours").innerText()).toMatch(/168/);
    expect(await field(page, "params.stream.retentionHours").getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => page.getByRole("alert", { name: "Validation errors" }).innerText()).toContain("params.stream.retentionHours");
    await screenshot(page, "2-form-validation-error");

    // Fixed, the plan: resources, policy report by category, before anything is queued.
    await field(page, "params.stream.retentionHours").fill("168");
    await page.getByRole("button", { name: "Plan" }).click();
    const plan = page.getByTestId("plan-view");
    await plan.waitFor();
    expect(await page.getByTestId("policy-verdict").innerText()).toMatch(/^Passed/);
    for (const category of ["Security", "Tagging", "Deployability"]) await page.getByRole("article", { name: `${category} policies` }).waitFor();
    const resources = await plan.locator("table.resources tbody tr").count();
    expect(resources).toBeGreaterThan(20);
    // The architecture diagram, laid out in the browser: a box per resource, arrows for data flows.
    const diagram = page.getByTestId("architecture-diagram").locator("svg");
    await diagram.waitFor();
    expect(await diagram.locator("text").filter({ hasText: /^console-demo-stream$/ }).count()).toBe(1);
    expect(await diagram.locator("polyline[marker-end]").count()).toBeGreaterThan(3);
    // The monthly cost: a total in dollars, and lines that add up to it.
    expect(await page.getByTestId("cost-total").innerText()).toMatch(/^\$[\d,]+\.\d{2}$/);
    expect(await plan.locator("table.cost tbody tr").count()).toBeGreaterThan(3);
    expect((await service.api.call("GET", "/v1/deployments")).body.deployments).toEqual([]);
    // The plan down to its policy report (the README's picture), then the whole page.
    const report = (await page.locator("section[aria-labelledby=policy-title]").boundingBox())!;
    await page.screenshot({ path: path.join(SCREENSHOTS, "3-plan-overview.png"), fullPage: true, clip: { x: 0, y: 0, width: page.viewportSize()!.width, height: report.y + report.height + 16 } });
    await screenshot(page, "3-plan");

    // Create: the operation's live log, followed to the end.
    await page.getByRole("button", { name: "Create deployment" }).click();
    await page.waitForURL(/#\/operations\//);
    expect(await operationEnds(page)).toBe("succeeded");
    const log = page.getByTestId("operation-log");
    expect(await log.locator('[data-type="slipstream.started"]').count()).toBe(1);
    expect(await log.locator('[data-type="resOutputsEvent"]').count()).toBeGreaterThan(20);
    await expect.poll(() => log.locator(".line").last().getAttribute("data-type")).toBe("slipstream.succeeded");
    await screenshot(page, "4-operation-log");

    // A reload shows the log kept in the tab and resumes the stream after its last event:
    // the server, with nothing after it, answers 204 and the page says the log has ended.
    const lines = await log.locator(".line").count();
    const last = await log.getAttribute("data-last-sequence");
    const resumed = page.waitForRequest((r) => r.url().endsWith("/events/stream"));
    await page.reload();
    expect((await resumed).headers()["last-event-id"]).toBe(last);
    expect(await operationEnds(page)).toBe("succeeded");
    expect(await log.locator(".line").count()).toBe(lines);

    // The deployment: outputs and the actions allowed now.
    await page.getByRole("link", { name: "Back to console-demo" }).click();
    await page.locator("h1 .badge[data-status=active]").waitFor();
    await page.locator("dl.outputs dt", { hasText: /^streamName$/ }).waitFor();
    for (const action of ["Preview", "Refresh", "Destroy"]) await page.getByRole("button", { name: action, exact: true }).waitFor();
    await screenshot(page, "5-deployment");

    // The list, with its filters.
    await page.getByRole("link", { name: "Deployments", exact: true }).first().click();
    await page.getByRole("link", { name: "console-demo" }).waitFor();
    await page.getByRole("form", { name: "Filters" }).locator("select[name=status]").selectOption("failed");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByText("No deployments match these filters").waitFor();
    await page.getByRole("form", { name: "Filters" }).locator("select[name=status]").selectOption("active");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByRole("link", { name: "console-demo" }).waitFor();
    await screenshot(page, "6-deployments");

    // Update: the same form with the deployment's request; the change queues an update.
    await page.getByRole("link", { name: "console-demo" }).click();
    await page.getByRole("link", { name: "Update" }).click();
    await page.locator("summary", { hasText: /^Stream\s/ }).click();
    await field(page, "params.stream.retentionHours").fill("192");
    await screenshot(page, "7-update");
    await page.getByRole("button", { name: "Update" }).click();
    await page.waitForURL(/#\/operations\//);
    expect(await operationEnds(page)).toBe("succeeded");
    expect(await page.locator("h1").innerText()).toMatch(/^update of console-demo/);
    expect((await service.api.call("GET", "/v1/deployments/console-demo")).body.params.stream.retentionHours).toBe(192);

    // Destroy asks first: the button acts only once the name is typed.
    await page.getByRole("link", { name: "Back to console-demo" }).click();
    await page.getByRole("button", { name: "Destroy", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Destroy console-demo?" });
    const confirm = dialog.getByRole("button", { name: "Destroy" });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.locator("input[name=confirm]").fill("console-demo");
    await screenshot(page, "8-destroy-confirmation");
    await confirm.click();
    await page.waitForURL(/#\/operations\//);
    expect(await operationEnds(page)).toBe("succeeded");
    expect(await page.locator("h1").innerText()).toMatch(/^destroy of console-demo/);
    expect((await service.api.call("GET", "/v1/deployments/console-demo")).status).toBe(404);

    // Everything the console loaded came from the service: no CDN, no web font.
    expect(offsite).toEqual([]);
  });
});

// With access control on, the console's page loads without a token (it holds no data), asks
// for one when the API answers 401, keeps it in the tab's sessionStorage and sends it as a
// Bearer header — on every call and on the operation's event stream.
describe("the web console with access control on", () => {
  const BOOTSTRAP = "console-bootstrap-" + "x".repeat(40);
  let service: Awaited<ReturnType<typeof startTestService>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    [service, browser] = await Promise.all([startTestService({ SLIPSTREAM_BOOTSTRAP_TOKEN: BOOTSTRAP }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it("asks for a token, keeps it for the tab, and sends it as a Bearer header", async () => {
    const admin = { authorization: `Bearer ${BOOTSTRAP}` };
    expect((await service.api.call("POST", "/v1/teams", { name: "orders" }, admin)).status).toBe(201);
    const created = await service.api.call("POST", "/v1/teams/orders/tokens", { name: "console", role: "deployer" }, admin);
    expect(created.status).toBe(201);
    const token: string = created.body.token;

    const page = await browser.context.newPage();
    const calls: { url: string; authorization: string | undefined }[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname.startsWith("/v1/")) calls.push({ url: r.url(), authorization: r.headers()["authorization"] });
    });
    await page.goto(`${service.url}/console`);
    const prompt = page.getByRole("form", { name: "API token" });
    await prompt.waitFor();
    expect(calls.map((c) => c.authorization)).toEqual([undefined]);
    await screenshot(page, "9-token-prompt");

    await prompt.locator("input[name=token]").fill(token);
    await prompt.getByRole("button", { name: "Use token" }).click();
    await page.locator("article.blueprint").first().waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("slipstream.token"))).toBe(token);
    expect(calls[calls.length - 1]).toEqual({ url: `${service.url}/v1/blueprints`, authorization: `Bearer ${token}` });

    // A deployment of the token's team, and its create's log streamed with the token.
    const example = (await service.api.call("GET", "/v1/blueprints/dynamodb-search", undefined, admin)).body.example;
    const accepted = await service.api.call("POST", "/v1/deployments", { name: "guarded-search", blueprint: "dynamodb-search", ...example }, { authorization: `Bearer ${token}` });
    expect(accepted.status).toBe(202);
    const stream = page.waitForRequest((r) => r.url().endsWith("/events/stream"));
    await page.goto(`${service.url}/console#/operations/${accepted.body.operation.id}`);
    expect((await stream).headers()["authorization"]).toBe(`Bearer ${token}`);
    expect(await operationEnds(page)).toBe("succeeded");
    expect(await page.getByTestId("operation-log").locator('[data-type="slipstream.succeeded"]').count()).toBe(1);

    // Forgotten, the token is gone from the tab and the next call asks again.
    await page.getByRole("button", { name: "Forget token" }).click();
    expect(await page.evaluate(() => sessionStorage.getItem("slipstream.token"))).toBeNull();
    await prompt.waitFor();
    expect(calls.filter((c) => c.authorization === undefined).length).toBeGreaterThan(1);
  });
  it("resumes a running operation's log after a reload, with no event lost or repeated, and cancels it from the page", async () => {
    const admin = { authorization: `Bearer ${BOOTSTRAP}` };
    const token: string = (await service.api.call("POST", "/v1/teams/orders/tokens", { name: "console-resume", role: "deployer" }, admin)).body.token;
    const example = (await service.api.call("GET", "/v1/blueprints/dynamodb-search", undefined, admin)).body.example;
    // Each resource step of the stand-in takes 300 ms: the create is still running across the reload.
    process.env["PULUMI_STANDIN_DELAY_MS"] = "300";
    try {
      const accepted = await service.api.call("POST", "/v1/deployments", { name: "resumed-search", blueprint: "dynamodb-search", ...example }, { authorization: `Bearer ${token}` });
      expect(accepted.status).toBe(202);
      const id: string = accepted.body.operation.id;

      const page = await browser.context.newPage();
      await page.addInitScript((t) => sessionStorage.setItem("slipstream.token", t), token);
      await page.goto(`${service.url}/console#/operations/${id}`);
      const log = page.getByTestId("operation-log");
      const lastSequence = async () => Number(await log.getAttribute("data-last-sequence"));
      await until(page, "the engine's first resource steps in the log", async () => (await lastSequence()) >= 5);
      const before = await lastSequence();

      const resumed = page.waitForRequest((r) => r.url().endsWith("/events/stream"));
      await page.reload();
      const request = await resumed;
      const resumedAfter = Number(request.headers()["last-event-id"]);
      expect(resumedAfter).toBeGreaterThanOrEqual(before);
      expect(request.headers()["authorization"]).toBe(`Bearer ${token}`);
      await until(page, "events after the reload", async () => (await lastSequence()) > resumedAfter);
      await screenshot(page, "10-operation-running");

      await page.getByRole("button", { name: "Cancel" }).click();
      expect(await operationEnds(page)).toBe("cancelled");
      // Every event once, in order: what the tab kept before the reload and what followed it.
      const shown = (await log.locator(".seq").allInnerTexts()).map(Number);
      const all = (await service.api.call("GET", `/v1/operations/${id}/events?limit=500`, undefined, admin)).body.events.map((e: { sequence: number }) => e.sequence);
      expect(shown).toEqual(all);
      expect(shown).toEqual(Array.from({ length: shown.length }, (_, i) => i + 1));
    } finally {
      delete process.env["PULUMI_STANDIN_DELAY_MS"];
    }
  });
});
