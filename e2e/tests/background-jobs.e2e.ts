import { expect, inject, it } from "vitest";
import { AppShell } from "../pages/app-shell";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { desk, expectNoSidewaysScroll, phone } from "../support/layout";

describeInBrowser("background jobs", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("shows an administrator the dead job with its error in words, runs it again once confirmed, and follows it to the end", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "admin");
    await new AppShell(page).openFromMenu("Administration", "Background jobs");
    await page.getByRole("heading", { level: 1, name: "Background jobs" }).waitFor();
    expect(await page.title()).toBe("Background jobs | Waypoint");

    // The demo's failed run of the daily draw: named by what it does, its error as a sentence.
    const failed = page.getByRole("region", { name: /^Failed and stopped/ });
    const row = failed.getByRole("row").filter({ hasText: "Daily random drug-test draw (runs regularly)" });
    await row.waitFor();
    expect(await row.textContent()).toContain("Connection terminated unexpectedly.");
    expect(await row.textContent()).not.toContain("node_modules");
    expect(await row.textContent()).not.toContain("periodic:");

    for (const viewport of [desk, phone]) {
      await page.setViewportSize(viewport);
      await expectNoSidewaysScroll(page, `background jobs at ${viewport.width} px`);
      await expectNoSeriousA11yViolations(page, `background jobs at ${viewport.width} px`);
    }
    await page.setViewportSize(desk);

    // Running it again is a final action: confirmed first; cancelling changes nothing.
    await row.getByRole("button", { name: /^Run again/ }).click();
    const dialog = page.getByRole("dialog", { name: "Run this job again?" });
    await dialog.waitFor();
    await expectNoSeriousA11yViolations(page, "run a job again: confirmation");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await row.count()).toBe(1);

    await row.getByRole("button", { name: /^Run again/ }).click();
    await dialog.getByRole("button", { name: "Run again" }).click();
    await dialog.waitFor({ state: "hidden" });
    // The progress component follows the job (queued, running, finished) and says so in words.
    const progress = page.getByRole("status").filter({ hasText: /^Finished$/ });
    await progress.waitFor({ timeout: 60_000 });
    await failed.getByText("No job has failed on its last attempt.").waitFor();
    await expectNoSeriousA11yViolations(page, "background jobs after running one again");
  });
});
