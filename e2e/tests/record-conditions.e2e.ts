import type { Locator, Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import { PersonPage } from "../pages/caseload-pages";
import { intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

/** The Conditions section of the person page. */
const conditionsOf = (page: Page) => page.getByRole("region", { name: "Conditions", exact: true });
const dialog = (page: Page, name: string | RegExp) => page.getByRole("dialog", { name });

/** Picks the current condition with this title and parameter in the "Condition" list (parameters in any order). */
async function chooseCondition(section: Locator, title: string, parameter: string): Promise<void> {
  const select = section.getByLabel("Condition", { exact: true });
  const matches = (text: string) => text.startsWith(`${title} (`) && text.includes(parameter);
  await expect.poll(async () => (await select.locator("option").allTextContents()).some(matches)).toBe(true);
  const label = (await select.locator("option").allTextContents()).find(matches)!;
  await select.selectOption({ label });
}

describeInBrowser("conditions and their modification requests", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an officer adds a curfew, records a new version and submits a request to change it, which a supervisor grants", async () => {
    const officerPage = await browser.newPage(baseUrl);
    await signInAsDemoUser(officerPage, baseUrl, "officer.north1");
    const { personId } = await intakeUnseenSinceLastMonth(officerPage, {
      prefix: "CND",
      firstName: "Curtis",
      lastName: "Fewell",
      supervisionType: "probation",
      authorityName: "Superior Court, Demo County",
      level: "moderate",
      dateOfBirth: "1990-04-02",
      line1: "12 Elm Street",
      city: "Atlanta",
      postalCode: "30303",
    });
    const now = new Date();
    const firstOfLastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    const midLastMonth = `${firstOfLastMonth.slice(0, 8)}15`;

    const person = new PersonPage(officerPage);
    await person.goto(personId);
    await person.heading().waitFor();
    const conditions = conditionsOf(officerPage);

    // Add a curfew from the catalogue, with its hours.
    await conditions.getByRole("button", { name: "Add a condition" }).click();
    const add = dialog(officerPage, "Add a condition");
    await add.getByLabel("Condition from the agency's catalogue").selectOption({ label: "Curfew" });
    await add.getByLabel("Start", { exact: true }).fill("21:00");
    await add.getByLabel("End", { exact: true }).fill("06:00");
    // USWDS checkboxes draw their box on the label (the input itself is moved out of view).
    await add.locator("label", { hasText: /^Friday$/ }).click();
    await add.locator("label", { hasText: /^Saturday$/ }).click();
    expect(await add.getByLabel("Friday").isChecked()).toBe(true);
    await add.getByLabel("In force from").fill(firstOfLastMonth);
    await add.getByRole("button", { name: "Add condition" }).click();
    await conditions.getByRole("status").filter({ hasText: "Curfew added" }).waitFor();
    await expect.poll(() => conditions.getByRole("table", { name: "Current conditions" }).textContent()).toContain("Start: 21:00");

    // A new version from the middle of last month: the history keeps both.
    await chooseCondition(conditions, "Curfew", "Start: 21:00");
    await conditions.getByRole("button", { name: "Record a new version" }).click();
    const version = dialog(officerPage, /^Record a new version/);
    await version.getByLabel("Start", { exact: true }).fill("22:00");
    await version.getByLabel("New version in force from").fill(midLastMonth);
    await version.getByRole("button", { name: "Record new version" }).click();
    await conditions.getByRole("status").filter({ hasText: "New version of Curfew" }).waitFor();
    await chooseCondition(conditions, "Curfew", "Start: 22:00");
    const history = conditions.getByRole("table", { name: "Versions of this condition, oldest first" });
    await expect.poll(async () => (await history.getByRole("row").allTextContents()).length).toBe(3);
    expect(await history.textContent()).toContain("Start: 21:00");
    expect(await history.textContent()).toContain("Start: 22:00");

    // A request to the court for a later curfew: drafted, then submitted after confirming.
    await conditions.getByRole("button", { name: "Request a modification" }).click();
    const request = dialog(officerPage, /^Request a modification/);
    await request.getByLabel("Start", { exact: true }).fill("23:00");
    await request.getByLabel("Justification").fill("Started night shifts at the warehouse; the employer confirmed the hours.");
    await request.getByRole("button", { name: "Save draft request" }).click();
    await conditions.getByRole("status").filter({ hasText: "saved as a draft" }).waitFor();
    const requests = conditions.getByRole("table", { name: "Modification requests, newest first" });
    await expect.poll(() => requests.textContent()).toContain("Draft, not yet submitted");
    await expectNoSeriousA11yViolations(officerPage, "person page with conditions and a draft request");

    await requests.getByRole("button", { name: /^Submit/ }).click();
    const confirmSubmit = dialog(officerPage, "Submit this request?");
    expect(await confirmSubmit.textContent()).toContain("Change Curfew:");
    expect(await confirmSubmit.textContent()).toContain("Start: 23:00");
    await confirmSubmit.getByRole("button", { name: "Submit request" }).click();
    await expect.poll(() => requests.textContent()).toContain("Submitted, awaiting a decision");
    // The officer who raised it cannot decide it.
    expect(await requests.getByRole("button", { name: /^Grant/ }).count()).toBe(0);

    await officerPage.setViewportSize(phone);
    await expectNoSidewaysScroll(officerPage, "person page conditions at 390 px");

    // The unit's supervisor, signed in on their own, grants it after confirming: the curfew changes from today.
    const supervisorPage = await browser.newPage(baseUrl);
    await signInAsDemoUser(supervisorPage, baseUrl, "supervisor.north");
    const asSupervisor = new PersonPage(supervisorPage);
    await asSupervisor.goto(personId);
    await asSupervisor.heading().waitFor();
    const supervisorRequests = conditionsOf(supervisorPage).getByRole("table", { name: "Modification requests, newest first" });
    await supervisorRequests.getByRole("button", { name: /^Grant/ }).click();
    const confirmGrant = dialog(supervisorPage, "Grant this request?");
    expect(await confirmGrant.textContent()).toContain("This is final");
    await expectNoSeriousA11yViolations(supervisorPage, "grant confirmation");
    await confirmGrant.getByRole("button", { name: "Grant request" }).click();
    await expect.poll(() => supervisorRequests.textContent()).toContain("Granted");
    const current = conditionsOf(supervisorPage).getByRole("table", { name: "Current conditions" });
    await expect.poll(() => current.textContent()).toContain("Start: 23:00");
    expect(await current.textContent()).not.toContain("Start: 22:00");
    await expectNoSeriousA11yViolations(supervisorPage, "person page after the grant");
    await supervisorPage.setViewportSize(phone);
    await expectNoSidewaysScroll(supervisorPage, "person page after the grant at 390 px");
  });
});
