import type { Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import type { UnitIncentives } from "../../src/shared/contract/incentives";
import type { Violation } from "../../src/shared/contract/violations";
import { AppShell } from "../pages/app-shell";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

const today = () => new Date().toISOString().slice(0, 10);

/** A violation recorded by hand and a response: from the matrix's cell (a sanction), or a departure with its reason. */
async function respond(page: Page, caseId: string, departureReason?: string): Promise<void> {
  const recorded = await api<Violation>(page, `/api/v1/cases/${caseId}/violations`, "POST", {
    type: "other",
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    description: departureReason ?? "Late for curfew",
  });
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
  const chosen = await api(page, `/api/v1/violations/${recorded.body.id}/responses`, "POST", {
    expectedVersion: recorded.body.version,
    response: departureReason ? "community_service" : recorded.body.allowedResponses.find((kind) => kind.endsWith("warning"))!,
    dueOn: today(),
    ...(departureReason ? { departureReason } : {}),
  });
  expect(chosen.status, JSON.stringify(chosen.body)).toBe(201);
}

describeInBrowser("incentives, the ratio and the supervisor's approvals", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an officer records an incentive and the ratio changes; a supervisor sees each officer's ratio and what awaits approval", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { personId, caseId, unique } = await intakeUnseenSinceLastMonth(page, {
      prefix: "INC",
      firstName: "Ines",
      lastName: "Carvalho",
      supervisionType: "probation",
      authorityName: "Superior Court",
      level: "moderate",
      dateOfBirth: "1990-07-09",
      line1: "4 Mill Lane",
      city: "Atlanta",
      postalCode: "30303",
    });
    await respond(page, caseId);

    await page.goto(`${baseUrl}/people/${personId}#incentives`);
    const section = page.getByRole("region", { name: "Incentives" });
    const ratio = section.getByTestId("ratio-value");
    await ratio.waitFor();
    expect(await ratio.textContent()).toBe("0 : 1");
    expect(await section.getByTestId("case-ratio").textContent()).toContain("0 incentives, 1 sanction. Target 4 : 1 (below the target).");
    expect(await section.textContent()).toContain("Responses awaiting a supervisor's approval, refused or cancelled do not count.");

    // The form: a choice is required; then the incentive is recorded and the ratio moves.
    await section.getByRole("button", { name: "Record an incentive" }).click();
    const dialog = page.getByRole("dialog", { name: "Record an incentive" });
    await dialog.getByRole("button", { name: "Record incentive" }).click();
    await dialog.getByRole("alert").filter({ hasText: "Choose an incentive" }).waitFor();
    await expectNoSeriousA11yViolations(page, "incentive form, with an error");
    await dialog.getByLabel("Incentive", { exact: true }).selectOption({ label: "Certificate of achievement" });
    await dialog.getByLabel("Note (optional)").fill("Three months of clean tests and full-time work");
    await dialog.getByRole("button", { name: "Record incentive" }).click();
    await page.getByRole("status").filter({ hasText: "Incentive recorded: Certificate of achievement." }).waitFor();
    await expect.poll(() => ratio.textContent()).toBe("1 : 1");
    const given = section.getByTestId("incentive").first();
    expect(await given.textContent()).toContain("Certificate of achievement");
    expect(await given.textContent()).toContain("Three months of clean tests and full-time work");
    await expectNoSeriousA11yViolations(page, "incentives section");
    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "incentives section on a phone");

    // A departure the officer proposes awaits a supervisor.
    await respond(page, caseId, `Community service instead ${unique}`);

    const supervisor = await browser.newPage(baseUrl);
    await signInAsDemoUser(supervisor, baseUrl, "supervisor.north");
    // The supervisor's own departure on the same case is never theirs to approve.
    await respond(supervisor, caseId, `Supervisor's own ${unique}`);

    await new AppShell(supervisor).openFromMenu("Unit", "Approvals");
    await supervisor.getByRole("heading", { level: 1, name: /^Awaiting my approval/ }).waitFor();
    const cards = supervisor.getByTestId("approval").filter({ hasText: unique });
    await cards.first().waitFor();
    expect(await cards.count()).toBe(1);
    const card = cards.first();
    expect(await card.textContent()).toContain("Violation response: Community service (outside the response matrix)");
    expect(await card.getByRole("definition").nth(1).textContent()).toContain("Olivia Ortiz");
    // Other journeys may have left requests of this supervisor's too: one or more, never listed to decide.
    expect(await supervisor.textContent("main")).toMatch(
      /(One request|\d+ requests) of your own awaits? another supervisor: you never decide your own\./,
    );
    await expectNoSeriousA11yViolations(supervisor, "approvals page");
    await card.getByRole("link", { name: /^Decide it in the person's violations and responses/ }).click();
    await supervisor.getByRole("region", { name: "Violations and responses" }).waitFor();
    expect(supervisor.url()).toContain(`/people/${personId}#violations`);

    // Each officer's ratio: the one on the page is the server's count, formatted for people.
    await supervisor.goto(`${baseUrl}/incentives/unit`);
    const row = supervisor.getByTestId("officer-ratio").filter({ hasText: "Olivia Ortiz" });
    await row.waitFor();
    const report = (await api<UnitIncentives>(supervisor, "/api/v1/incentives/unit")).body;
    const officer = report.officers.find((candidate) => candidate.officerName === "Olivia Ortiz")!;
    expect(officer.incentives).toBeGreaterThanOrEqual(1);
    const expected = officer.ratio === null ? "No sanctions" : `${Number(officer.ratio.toFixed(1))} : 1`;
    expect(await row.getByTestId("ratio").textContent()).toBe(expected);
    expect(await supervisor.getByTestId("unit-ratio").textContent()).toContain("The whole unit");
    await expectNoSeriousA11yViolations(supervisor, "incentives by officer");
    await supervisor.setViewportSize(phone);
    await expectNoSidewaysScroll(supervisor, "incentives by officer on a phone");
  });

  it("an administrator sets the target ratio and adds an incentive of the agency's own", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "admin");
    await page.goto(`${baseUrl}/admin/response-matrix`);
    const section = page.getByRole("region", { name: "Incentives" });
    const target = section.getByLabel("Target: incentives for each sanction");
    await target.waitFor();
    await target.fill("25");
    await section.getByRole("button", { name: "Save the incentive settings" }).click();
    await section.getByRole("alert").filter({ hasText: "from 0.5 to 20" }).waitFor();
    await target.fill("3.5");
    await section.getByLabel("The agency's own incentives (one a line)").fill("Gift card\nLetter to the judge");
    await section.getByRole("button", { name: "Save the incentive settings" }).click();
    await section.getByRole("status").filter({ hasText: "Incentive settings saved." }).waitFor();
    await expectNoSeriousA11yViolations(page, "incentive settings");
    const saved = await api<{ targetRatio: number; agencyKinds: string[]; version: number }>(page, "/api/v1/incentive-settings");
    expect(saved.body).toMatchObject({ targetRatio: 3.5, agencyKinds: ["Gift card", "Letter to the judge"] });
    // Back to the shipped target, so the other journeys see 4 : 1.
    const restored = await api(page, "/api/v1/incentive-settings", "PUT", {
      targetRatio: 4,
      agencyKinds: [],
      expectedVersion: saved.body.version,
    });
    expect(restored.status).toBe(200);
  });
});
