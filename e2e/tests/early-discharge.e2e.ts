import type { Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import type { EarlyDischargeState } from "../../src/shared/contract/early-discharge";
import { CaseloadPage } from "../pages/caseload-pages";
import { api } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

const section = (page: Page) => page.getByRole("region", { name: "Early discharge" });
const yearsFromToday = (years: number) => {
  const day = new Date();
  day.setUTCFullYear(day.getUTCFullYear() + years);
  return day.toISOString().slice(0, 10);
};

describeInBrowser("early and earned discharge", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("a case meeting the criteria shows as discharge-eligible, is recommended, and a supervisor approves the request to the board", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    // Two years into a three-year parole term without a concern: the term share and the streak are met.
    const unique = `EDS${Date.now().toString(36).toUpperCase()}`;
    const created = await api<{ personId: string; caseId: string }>(page, "/api/v1/people", "POST", {
      person: { firstName: "Marisol", lastName: `Quintero${unique}`, dateOfBirth: "1985-07-09", agencyPersonNumber: unique },
      case: {
        caseNumber: unique,
        supervisionType: "parole",
        authorityName: "State Parole Board",
        supervisionStart: yearsFromToday(-2),
        expectedEnd: yearsFromToday(1),
        supervisionLevel: "low",
        riskLevel: "low",
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { personId, caseId } = created.body;

    // Not eligible at first: the standard conditions are not yet marked compliant, and the section says which.
    await page.goto(`${baseUrl}/people/${personId}#early-discharge`);
    await section(page).getByText("Not evaluated yet").waitFor();
    await section(page).getByRole("button", { name: "Evaluate now" }).click();
    await section(page).getByText("Not eligible for early discharge yet").waitFor();
    expect(await section(page).textContent()).toContain("not yet compliant");
    const evaluated = await api<EarlyDischargeState>(page, `/api/v1/cases/${caseId}/early-discharge`);
    const conditions = evaluated.body.evaluation!.criteria.find((criterion) => criterion.kind === "conditions_complete");
    for (const condition of conditions?.kind === "conditions_complete" ? conditions.outstanding : []) {
      expect((await api(page, `/api/v1/conditions/${condition.id}/compliance`, "PATCH", { compliance: "compliant" })).status).toBe(200);
    }
    await section(page).getByRole("button", { name: "Evaluate now" }).click();
    await section(page).getByText("Eligible for early discharge", { exact: true }).waitFor();
    const criteria = await section(page).getByRole("list", { name: "Eligibility criteria" }).getByRole("listitem").allTextContents();
    expect(criteria).toHaveLength(4);
    expect(criteria.every((text) => text.startsWith("Met"))).toBe(true);
    expect(criteria[0]).toContain("50% of the term was served on");
    expect(criteria[1]).toContain("No concern since the start");
    expect(await section(page).textContent()).toContain("Fees and their payments are not tracked");
    await expectNoSeriousA11yViolations(page, "early discharge section, eligible");

    // The caseload's filter shows the case.
    const caseload = new CaseloadPage(page);
    await caseload.goto();
    await caseload.filterBy("Discharge", "Discharge eligible");
    await caseload.personLink(unique).waitFor();
    await caseload.personLink(unique).click();
    await page.getByRole("heading", { level: 1, name: /Marisol/ }).waitFor();

    // The officer recommends it with a note (a note is required).
    await section(page).getByRole("button", { name: "Recommend early discharge" }).click();
    const dialog = page.getByRole("dialog", { name: "Recommend early discharge" });
    await dialog.getByRole("button", { name: "Recommend" }).click();
    await dialog.getByRole("alert").filter({ hasText: "Write a note for the supervisor" }).waitFor();
    await expectNoSeriousA11yViolations(page, "recommend early discharge, with an error");
    await dialog.getByLabel("Note for the supervisor").fill("Two years without a concern, steady work and housing");
    await dialog.getByRole("button", { name: "Recommend" }).click();
    await page.getByRole("status").filter({ hasText: "Recommended for early discharge" }).waitFor();
    const recommendation = section(page).getByTestId("discharge-recommendation");
    expect(await recommendation.textContent()).toContain("Awaiting a supervisor's approval");
    expect(await recommendation.textContent()).toContain("the parole board (State Parole Board)");

    // The supervisor finds it awaiting approval on My tasks and approves it.
    const supervisor = await browser.newPage(baseUrl);
    await signInAsDemoUser(supervisor, baseUrl, "supervisor.north");
    await supervisor.goto(`${baseUrl}/tasks`);
    const approval = supervisor
      .getByRole("region", { name: /^Awaiting my approval/ })
      .getByTestId("task")
      .filter({ hasText: unique })
      .filter({ hasText: "Early discharge recommendation awaiting approval" });
    await approval.waitFor();
    await approval.getByRole("link", { name: "early discharge" }).click();
    const pending = section(supervisor).getByTestId("discharge-recommendation");
    await pending.getByRole("button", { name: "Approve" }).click();
    await supervisor
      .getByRole("dialog", { name: "Approve the early-discharge recommendation?" })
      .getByRole("button", { name: "Approve" })
      .click();
    await supervisor.getByRole("status").filter({ hasText: "Approved: the officer sends the request to the parole board" }).waitFor();
    expect(await pending.textContent()).toContain("Approved by Samuel Okafor");

    // The officer now has the task of sending the request to the board.
    await page.goto(`${baseUrl}/tasks`);
    await page
      .getByTestId("task")
      .filter({ hasText: unique })
      .filter({ hasText: "Send the early discharge request to the parole board" })
      .waitFor();

    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/people/${personId}#early-discharge`);
    await section(page).getByTestId("discharge-recommendation").waitFor();
    await expectNoSidewaysScroll(page, "early discharge section at 390 px");
  });
});
