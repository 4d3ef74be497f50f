import { expect, inject, it } from "vitest";
import { setCheckbox } from "../pages/controls";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

describeInBrowser("monitoring alerts", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an officer sees a new alert live, acknowledges and resolves it, suspends alerts with a reason; the caseload counts open alerts", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { personId, caseId, unique } = await intakeUnseenSinceLastMonth(page, {
      prefix: "ALR",
      firstName: "Marlon",
      lastName: "Whitcombe",
      supervisionType: "parole",
      authorityName: "State Parole Board",
      level: "high",
      dateOfBirth: "1988-02-14",
      line1: "14 Orchard Row",
      city: "Atlanta",
      postalCode: "30303",
    });
    const raise = (kind: string, severity: string, detail: string) =>
      api<{ id: string }>(page, `/api/v1/cases/${caseId}/monitoring/demo-alerts`, "POST", { kind, severity, detail });

    // The queue is open when the alert is raised: it appears without a reload (the live stream).
    await page.goto(`${baseUrl}/alerts`);
    await page.getByRole("heading", { name: "Alerts", level: 1 }).waitFor();
    const raised = await raise("exclusion_zone_entry", "high", "Entered the exclusion zone around the victim's home.");
    expect(raised.status).toBe(201);
    const row = page.getByTestId("alert-row").filter({ hasText: `Marlon Whitcombe` });
    await row.waitFor({ timeout: 15_000 });
    const text = await row.textContent();
    expect(text).toContain("Entered an exclusion zone");
    expect(text).toContain("High");
    expect(text).toContain("just now");
    await expectNoSeriousA11yViolations(page, "alerts queue");

    // Acknowledge, then resolve as a confirmed violation (final: the dialog asks how, with a note).
    await row.getByRole("button", { name: /^Acknowledge/ }).click();
    await expect.poll(async () => row.textContent(), { timeout: 10_000 }).toContain("Acknowledged by");
    await row.getByRole("button", { name: /^Resolve/ }).click();
    const dialog = page.getByRole("dialog", { name: "Resolve the alert" });
    await dialog.getByRole("button", { name: "Resolve" }).click();
    const summary = dialog.getByRole("alert");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Choose how the alert was resolved");
    await expectNoSeriousA11yViolations(page, "resolve dialog with an error");
    await setCheckbox(page, dialog.getByRole("radio", { name: "Confirmed violation" }), true);
    await dialog.getByLabel("Note (optional)").fill("Confirmed with the victim's advocate.");
    await dialog.getByRole("button", { name: "Resolve" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(async () => row.count(), { timeout: 10_000 }).toBe(0);

    // Two more alerts: the caseload counts them, in the priority reason too.
    expect((await raise("strap_tamper", "high", "The strap was opened.")).status).toBe(201);
    expect((await raise("low_battery", "low", "Battery at 9 %.")).status).toBe(201);
    await page.goto(`${baseUrl}/?search=${unique}`);
    const caseRow = page.locator("tbody tr[data-case-id]").filter({ hasText: unique });
    await caseRow.waitFor();
    await expect.poll(async () => caseRow.textContent(), { timeout: 10_000 }).toContain("2 open alerts");

    // On the person page: the alerts panel, and a suspension with a reason.
    await page.goto(`${baseUrl}/people/${personId}#monitoring-alerts`);
    const section = page.getByRole("region", { name: "Monitoring alerts", exact: true });
    await section.getByRole("status").filter({ hasText: "2 open alerts." }).waitFor();
    await section.getByRole("button", { name: "Suspend alerts" }).click();
    const suspend = page.getByRole("dialog", { name: "Suspend alerts" });
    await suspend.getByRole("button", { name: "Suspend alerts" }).click();
    const errors = suspend.getByRole("alert");
    await errors.waitFor();
    expect(await errors.textContent()).toContain("Say why alerts are suspended");
    await setCheckbox(page, suspend.getByRole("radio", { name: "Some kinds" }), true);
    await setCheckbox(page, suspend.getByRole("checkbox", { name: "Low battery" }), true);
    await suspend.getByLabel("Reason").fill("Charger replaced at the office today.");
    await suspend.getByLabel("For how long").selectOption({ label: "1 hour" });
    await expectNoSeriousA11yViolations(page, "suspend alerts dialog");
    await suspend.getByRole("button", { name: "Suspend alerts" }).click();
    await suspend.waitFor({ state: "detached" });
    const suspension = section.getByTestId("alert-suspension");
    await suspension.waitFor();
    expect(await suspension.textContent()).toContain("Charger replaced at the office today.");

    // During the suspension a low-battery alert is kept, already resolved, and is not counted as open.
    expect((await raise("low_battery", "low", "Battery at 7 %.")).status).toBe(201);
    await expect
      .poll(async () => section.getByTestId("alert-row").filter({ hasText: "Raised during a suspension" }).count(), { timeout: 10_000 })
      .toBe(1);
    await section.getByRole("status").filter({ hasText: "2 open alerts." }).waitFor();
    await expectNoSeriousA11yViolations(page, "monitoring alerts panel");

    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/alerts`);
    await page.getByTestId("alert-row").first().waitFor();
    await expectNoSidewaysScroll(page, "alerts queue at 390 px");
    await page.goto(`${baseUrl}/people/${personId}#monitoring-alerts`);
    await section.getByTestId("alert-row").first().waitFor();
    await expectNoSidewaysScroll(page, "monitoring alerts panel at 390 px");
  });

  it("a supervisor reads the alert load of the unit", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "supervisor.north");
    await page.goto(`${baseUrl}/alerts/report`);
    await page.getByRole("heading", { name: "Alert load", level: 1 }).waitFor();
    await page
      .getByRole("status")
      .filter({ hasText: /^From / })
      .waitFor();
    await expectNoSeriousA11yViolations(page, "alert load report");
    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "alert load report at 390 px");
  });
});
