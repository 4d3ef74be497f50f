import { existsSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect } from "vitest";
import { chromiumPath, launchChromium } from "./chromium";

export const hasChromium = existsSync(chromiumPath);

if (!hasChromium && process.env.CI === "true") {
  throw new Error(
    `Chromium is missing at ${chromiumPath}: the browser tests cannot run in CI. Install it with: apt-get install -y chromium`,
  );
}

/** `describe` when Chromium is installed; otherwise the suite is skipped with a message saying why. */
export const describeInBrowser: typeof describe = hasChromium
  ? describe
  : (((name: string, ...rest: unknown[]) => {
      console.warn(`Skipping browser tests "${name}": Chromium is not installed at ${chromiumPath} (apt-get install -y chromium).`);
      return (describe.skip as (...args: unknown[]) => unknown)(name, ...rest);
    }) as unknown as typeof describe);

/**
 * One browser per test file; each `newPage()` gets a fresh context (its own cookies), closed after the test.
 */
export function useBrowser() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  // Uncaught exceptions and Content Security Policy violations fail the test that caused them.
  const pageProblems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    const problems = pageProblems.splice(0);
    expect(problems, "errors in the page").toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    async newPage(baseURL: string): Promise<Page> {
      if (!browser) throw new Error("The browser is not running.");
      const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      page.on("pageerror", (error) => pageProblems.push(`uncaught: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error" && /Content Security Policy/i.test(message.text())) pageProblems.push(`CSP: ${message.text()}`);
      });
      return page;
    },
  };
}
