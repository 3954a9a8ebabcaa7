import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { getRequestListener } from "@hono/node-server";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TAGS, testApp } from "../api/support/test-app";
import { LATER_SEARCH_VERSION, laterSearchRelease } from "../support/newer-release";
import { waitFor } from "../support/wait-for";
import { launchBrowser, SCREENSHOTS } from "./support/browser";

const { buildConsole } = require("../../api/cli/build.js") as { buildConsole: () => Promise<void> };

type App = ReturnType<typeof testApp>;

/** Waits (polling the page) until `check` holds, naming what it waited for. */
function until(page: Page, what: string, check: () => Promise<boolean>): Promise<true> {
  return waitFor(what, async () => (page.isClosed() ? undefined : (await check()) || undefined));
}

async function settled(t: App, operationId: string): Promise<void> {
  await waitFor(`operation ${operationId} to succeed`, async () => ((await (await t.app.request(`/v1/operations/${operationId}`)).json()) as { status: string }).status === "succeeded");
}

/** The app over a real HTTP port, as the browser needs it. */
async function listen(t: App): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(getRequestListener(t.app.fetch));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// The upgrade review in Chromium. The service under it is the in-process test app (real
// SQLite store and planner, scripted engine) rather than the started service: a later
// release is played by handing the app a blueprint catalogue at 1.1.0, which the real
// service, planning in worker threads and deploying through the Pulumi CLI stand-in from
// the installed blueprints, has no way to take. The walk: a deployment applied at 1.0.0,
// the service restarted on 1.1.0 over the same store, the banner, the review with the
// changed property path, a stale plan refused, the review again, the upgrade applied and
// followed to its end, the deployment at 1.1.0 without a banner.
describe("the console's blueprint upgrade review", () => {
  let before: App;
  let after: App;
  let served: Awaited<ReturnType<typeof listen>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    await buildConsole();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    before = testApp();
    const created = await before.json("POST", "/v1/deployments", { name: "orders", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    expect(created.status).toBe(202);
    await settled(before, ((await created.json()) as { operation: { id: string } }).operation.id);
    await before.worker.stop();
    await before.store.close();
    after = testApp({ dbFile: before.dbFile, releases: laterSearchRelease() });
    [served, browser] = await Promise.all([listen(after), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await after?.close();
    await before?.close();
  });

  it("walks banner → review with the changed property → stale plan refused → review again → apply → log → 1.1.0", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${served.url}/console#/deployments/orders`);

    // The deployment at 1.0.0, and the upgrade the new release offers with its changelog.
    await until(page, "the deployment's version", async () => (await page.getByTestId("blueprint-version").textContent()) === "1.0.0");
    const banner = page.getByTestId("upgrade-banner");
    await banner.waitFor();
    expect(await banner.getByRole("heading").innerText()).toBe(`Upgrade available: 1.0.0 → ${LATER_SEARCH_VERSION}`);
    expect(await banner.getByTestId("changelog").innerText()).toContain("The indexer function times out after 120 s");

    // The review: the one changed resource with its property path, and the policy report.
    await banner.getByRole("link", { name: "Review upgrade" }).click();
    await page.waitForURL(/#\/deployments\/orders\/upgrade$/);
    const review = page.getByTestId("upgrade-review");
    await review.waitFor();
    const firstPlan = await review.getAttribute("data-plan");
    const rows = page.getByTestId("upgrade-diff").locator("tbody tr");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute("data-change")).toBe("change");
    expect(await rows.first().locator(".property").allInnerTexts()).toEqual(["timeout"]);
    expect(await rows.first().innerText()).toMatch(/aws:lambda\/function:Function/);
    expect(await page.getByTestId("diff-summary").innerText()).toMatch(/^0 to add, 1 to change, 0 to remove, \d+ unchanged/);
    expect(await page.getByTestId("policy-verdict").innerText()).toMatch(/^Passed/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "10-upgrade-review.png"), fullPage: true });

    // The deployment moves under the open review (a refresh ends): applying it is refused
    // with the server's reason, and the review is made again against what is there now.
    const refresh = (await (await after.json("POST", "/v1/deployments/orders/refresh")).json()) as { operation: { id: string } };
    await settled(after, refresh.operation.id);
    await page.getByRole("button", { name: "Apply upgrade" }).click();
    const refused = page.getByTestId("upgrade-refused");
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/changed since upgrade plan .* was made/);
    expect(await page.getByRole("button", { name: "Apply upgrade" }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "11-upgrade-stale-plan.png"), fullPage: true });
    await refused.getByRole("button", { name: "Review again" }).click();
    await until(page, "a new upgrade plan", async () => {
      const id = await review.getAttribute("data-plan").catch(() => null);
      return id !== null && id !== firstPlan;
    });
    expect(await refused.count()).toBe(0);

    // Applied: the update's live log to its end, then the deployment at 1.1.0, no banner.
    await page.getByRole("button", { name: "Apply upgrade" }).click();
    await page.waitForURL(/#\/operations\//);
    const log = page.getByTestId("operation-log");
    await until(page, "the upgrade's log to end", async () => (await log.getAttribute("data-state")) === "ended");
    const status = page.locator("h1 .badge");
    await until(page, "the upgrade's final status", async () => !["queued", "running"].includes((await status.getAttribute("data-status")) ?? "running"));
    expect(await status.getAttribute("data-status")).toBe("succeeded");
    await page.goto(`${served.url}/console#/deployments/orders`);
    await until(page, "the deployment at the new version", async () => (await page.getByTestId("blueprint-version").textContent()) === LATER_SEARCH_VERSION);
    expect(await page.getByTestId("upgrade-banner").count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "12-upgraded-deployment.png"), fullPage: true });
    await page.close();
  });
});
