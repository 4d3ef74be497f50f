import { expect, inject, it } from "vitest";
import { AuditPage } from "../pages/admin-pages";
import { AppShell } from "../pages/app-shell";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";

describeInBrowser("audit log", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("lets the auditor search the audit log and export it", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "auditor");
    const shell = new AppShell(page);
    await shell.navigation().getByRole("link", { name: "Audit log" }).click();

    const audit = new AuditPage(page);
    await audit.table().waitFor();
    expect(await page.title()).toBe("Audit log | Waypoint");
    await expectNoSeriousA11yViolations(page, "audit search");

    await audit.search({ actor: "auditor", action: "auth." });
    await page.waitForURL(/actor=auditor/);
    await audit.table().waitFor();
    // The table appears before the filtered rows arrive: wait for them rather than read too early.
    await expect.poll(() => audit.table().getByRole("row").count(), { timeout: 10_000 }).toBeGreaterThan(1);
    const actors = await audit.table().getByRole("row").allTextContents();
    for (const row of actors.slice(1)) expect(row).toContain("auditor");

    const href = await audit.exportLink().getAttribute("href");
    expect(href).toMatch(/^\/api\/v1\/audit\/export\.csv\?.*actor=auditor/);
    const csv = await page.evaluate(async (url) => {
      const response = await fetch(url, { credentials: "same-origin" });
      return { status: response.status, type: response.headers.get("content-type") ?? "" };
    }, href ?? "");
    expect(csv.status).toBe(200);
    expect(csv.type).toContain("text/csv");
  });
});
