import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { REPOSITORY_ROOT } from "./service";

/** Debian's Chromium, which playwright-core drives (it downloads no browser of its own). */
export const CHROMIUM = "/usr/bin/chromium";
/** Where the console's browser tests keep a screenshot of each page (gitignored). */
export const SCREENSHOTS = path.join(REPOSITORY_ROOT, "test-results", "console");

/**
 * Installs Debian's `chromium` package when it is missing (the tests run as root in the
 * project's image), refreshing the package lists once if the first attempt fails; throws
 * saying what to do when it still cannot be installed.
 */
export function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  const install = () => execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "pipe", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  try {
    install();
  } catch {
    try {
      execFileSync("apt-get", ["update"], { stdio: "pipe" });
      install();
    } catch (error) {
      throw new Error(`the console's browser tests need Chromium at ${CHROMIUM}; installing the Debian package failed (${(error as Error).message.split("\n")[0]}). Install it with \`apt-get install -y chromium\` as root.`);
    }
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
}

/**
 * A headless Chromium with a fresh, empty profile (its --user-data-dir, which Playwright
 * takes as the persistent context's folder), removed when it closes. Its background services
 * (updates, sync, safe-browsing lists) are off: on a closed network their connections are
 * refused, and nothing but the console's own requests should leave the browser.
 */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  ensureChromium();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
