import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Chromium driven by playwright-core for the portal's browser journeys: a browser, one fresh
 * profile per person, waits in the manner of Playwright's web-first assertions, axe-core, and
 * optional screenshots (ATENSI_SCREENSHOTS=<dir> keeps each step at 360 px and 1280 px).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PORTAL = join(import.meta.dirname, "../../portal/dist/index.html");
const SHOTS = process.env.ATENSI_SCREENSHOTS;

export const launchBrowser = async () => {
  if (!existsSync(PORTAL))
    throw new Error("portal/dist is missing: run `pnpm --filter @atensi/portal build` first");
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    /**
     * A fresh browser profile (own cookies and storage). `expected` lists HTTP statuses the
     * journey provokes on purpose (the browser logs every failed request as a console error).
     */
    person: async (baseURL: string, expected: number[] = []) => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: "id-ID",
        baseURL,
      });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      const page = await context.newPage();
      const failures: string[] = [];
      const allowed = new RegExp(`status of (${[401, 403, ...expected].join("|")})`);
      page.on("pageerror", (error) => failures.push(`pageerror: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error" && !allowed.test(message.text())) failures.push(message.text());
      });
      return { page, failures };
    },
    close: async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
};

// playwright-core has no `expect`: these wait the way Playwright's web-first assertions do.
export const POLL = { timeout: 10_000, interval: 50 };
export const visible = (locator: Locator) => locator.first().waitFor({ state: "visible" });
export const textOf = (locator: Locator) =>
  expect.poll(async () => ((await locator.textContent()) ?? "").trim(), POLL);
export const attributeOf = (locator: Locator, name: string) =>
  expect.poll(() => locator.getAttribute(name), POLL);
export const focused = (locator: Locator) =>
  expect.poll(() => locator.evaluate((el) => el === document.activeElement), POLL).toBe(true);
export const countOf = (locator: Locator) => expect.poll(() => locator.count(), POLL);

export const snap = async (page: Page, name: string) => {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
};

// Evaluated rather than added as a script tag: the portal's CSP (script-src 'self') blocks inline scripts.
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
type AxeViolation = { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] };

/** Runs axe-core on the page as it is; fails on any serious or critical violation. */
export const accessible = async (page: Page, where: string) => {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } }).axe;
    const results = (await axe.run(document, { resultTypes: ["violations"] })) as {
      violations: AxeViolation[];
    };
    return results.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map((n) => ({ target: n.target })),
    }));
  });
  const severe = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = severe.map(
    (v) =>
      `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`,
  );
  expect(report).toEqual([]);
};

export const signIn = async (page: Page, email: string, password: string) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Masuk" }).click();
};
