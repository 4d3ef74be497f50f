import type { Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import { moderateRiskAnswers } from "../../src/server/test-support/assessment-fixtures";
import { api } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { desk, expectNoSidewaysScroll, phone } from "../support/layout";

/** A calendar date `days` from today (UTC is close enough for a date weeks ahead). */
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A new person on high supervision whose completed general risk/needs assessment scores moderate risk, with education
 * and employment, then substance abuse, as the top needs and a supportive person as a strength.
 */
async function assessedPerson(page: Page, prefix: string) {
  const unique = `${prefix}${Date.now().toString(36).toUpperCase()}`;
  const created = await api<{ personId: string; caseId: string }>(page, "/api/v1/people", "POST", {
    person: { firstName: "Marisol", lastName: `Quintero${unique}`, dateOfBirth: "1994-05-20", agencyPersonNumber: unique },
    case: {
      caseNumber: unique,
      supervisionType: "probation",
      authorityName: "Superior Court, Demo County",
      supervisionStart: daysAhead(-20),
      supervisionLevel: "high",
      riskLevel: "high",
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { caseId } = created.body;
  const started = await api<{ id: string }>(page, `/api/v1/cases/${caseId}/assessments`, "POST", { instrumentId: "general_risk_needs" });
  expect(started.status).toBe(201);
  const answers = { ...moderateRiskAnswers, date_of_birth: "1994-05-20" };
  expect((await api(page, `/api/v1/assessments/${started.body.id}/answers`, "PUT", { answers, expectedVersion: 1 })).status).toBe(200);
  const completed = await api(page, `/api/v1/assessments/${started.body.id}/complete`, "POST", { expectedVersion: 2 });
  expect(completed.status, JSON.stringify(completed.body)).toBe(200);
  // Completing set the level to the assessment's (moderate); the officer keeps the case high, above what it supports.
  const record = await api<{ cases: { id: string; version: number }[] }>(page, `/api/v1/people/${created.body.personId}`);
  const version = record.body.cases.find((entry) => entry.id === created.body.caseId)!.version;
  const kept = await api(page, `/api/v1/cases/${created.body.caseId}`, "PATCH", {
    expectedVersion: version,
    reason: "Kept higher on the officer's judgment",
    supervisionLevel: "high",
  });
  expect(kept.status, JSON.stringify(kept.body)).toBe(200);
  return { ...created.body, unique };
}

describeInBrowser("case plan and level review", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("builds a plan from the top needs, marks a step done and sees the goal's progress", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { personId } = await assessedPerson(page, "CPL");
    await page.goto(`${baseUrl}/people/${personId}#case-plan`);
    const section = page.getByRole("region", { name: /^Case plan$/ });
    const needs = section.getByRole("list", { name: "Top needs" });
    await needs.waitFor();
    expect(await needs.getByRole("listitem").allTextContents()).toEqual(["Education and employment (2 of 3)", "Substance abuse (1 of 2)"]);

    await section.getByRole("button", { name: "Build the plan from these needs" }).click();
    const form = section.getByRole("form", { name: "Build the case plan" });
    const goals = form.getByTestId("goal-fields");
    expect(await goals.count()).toBe(2);
    // One goal per top need, each already linked to it.
    expect(await goals.nth(0).getByLabel("Need it targets").inputValue()).toBe("education_employment");
    expect(await goals.nth(1).getByLabel("Need it targets").inputValue()).toBe("substance_abuse");

    // Saving without objectives or steps: the error summary lists what is missing, nothing is saved.
    await form.getByRole("button", { name: "Save the plan" }).click();
    const summary = form.getByRole("alert");
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/Write the objective/);
    await expectNoSeriousA11yViolations(page, "plan builder with errors");

    const fill = async (index: number, values: { goal: string; objective: string; measure: string; step: string; owner: string }) => {
      const goal = goals.nth(index);
      await goal.getByLabel("Goal", { exact: true }).fill(values.goal);
      await goal.getByLabel("What, specifically").fill(values.objective);
      await goal.getByLabel("How it is measured").fill(values.measure);
      await goal.getByLabel("By when").fill(daysAhead(90));
      await goal.getByLabel("Action").fill(values.step);
      await goal.getByLabel("Who does it").selectOption(values.owner);
      await goal.getByLabel("Due (optional)").fill(daysAhead(14));
    };
    await fill(0, {
      goal: "Find steady work",
      objective: "Hold a job of 20 hours a week",
      measure: "Four weeks of pay stubs",
      step: "Refer to the county job centre",
      owner: "officer",
    });
    // USWDS draws its own checkbox: the label is what a person clicks.
    await goals.nth(0).locator("label.usa-checkbox__label", { hasText: "Strengths" }).click();
    await fill(1, {
      goal: "Stay drug-free",
      objective: "Finish outpatient treatment",
      measure: "The clinic's attendance letter",
      step: "Book an intake at the clinic",
      owner: "supervisee",
    });
    await form.getByRole("button", { name: "Save the plan" }).click();
    await section.getByRole("status").filter({ hasText: "The case plan was saved." }).waitFor();

    const work = section.getByRole("region", { name: "Goal: Find steady work" });
    expect(await work.textContent()).toContain("Need: Education and employment");
    expect(await work.textContent()).toContain("Builds on: Strengths");
    expect(await work.getByTestId("goal-progress").textContent()).toBe("Progress: 0 of 1 step done (0%)");
    await expectNoSeriousA11yViolations(page, "case plan");

    // Marking the step done: the goal's progress follows and the goal is met.
    // The button's hidden text names the step (a screen reader hears which); the goal has one.
    await work.getByRole("button", { name: /^Mark done/ }).click();
    await work.getByText("Progress: 1 of 1 step done (100%)").waitFor();
    expect(await work.textContent()).toContain("Goal met");
    await work.getByRole("button", { name: /^Open again/ }).waitFor();

    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "case plan at 390 px");
    await page.setViewportSize(desk);
  });

  it("shows a level-review opportunity with the criteria met and snoozes it with a reason", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { unique } = await assessedPerson(page, "LVR");
    await page.goto(`${baseUrl}/level-reviews`);
    await page.getByRole("heading", { level: 1, name: "Level review opportunities" }).waitFor();
    const row = page.getByTestId("level-review-row").filter({ hasText: unique });
    await row.waitFor();
    expect(await row.textContent()).toContain("High, suggested moderate");
    expect(await row.textContent()).toMatch(/Assessed moderate risk on .*: supports moderate supervision/);
    await expectNoSeriousA11yViolations(page, "level review");

    await row.getByRole("button", { name: /^Snooze/ }).click();
    const dialog = page.getByRole("dialog", { name: "Snooze the opportunity" });
    await dialog.getByRole("button", { name: "Snooze", exact: true }).click();
    const summary = dialog.getByRole("alert");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Give a reason for snoozing");
    await dialog.getByLabel("Reason").fill("Waiting for the treatment provider's report");
    await dialog.getByRole("button", { name: "Snooze", exact: true }).click();
    await page.getByRole("status").filter({ hasText: `Snoozed until` }).waitFor();
    expect(await row.count()).toBe(0);

    // Not on the caseload's level-review filter while snoozed.
    await page.goto(`${baseUrl}/?levelReview=true&search=${encodeURIComponent(unique)}`);
    await page.getByTestId("caseload-count").filter({ hasText: "Showing 0 of 0 cases" }).waitFor();

    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/level-reviews`);
    await page.getByRole("heading", { level: 1, name: "Level review opportunities" }).waitFor();
    await expectNoSidewaysScroll(page, "level review at 390 px");
    await expectNoSeriousA11yViolations(page, "level review at 390 px");
  });
  it("lowers the level from one level-review opportunity and denies another with a reason", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const lowered = await assessedPerson(page, "LVA");
    const denied = await assessedPerson(page, "LVD");
    await page.goto(`${baseUrl}/level-reviews`);
    await page.getByRole("heading", { level: 1, name: "Level review opportunities" }).waitFor();

    // Act: the suggested level is offered; the reason is required; the level is lowered as a case change.
    const actRow = page.getByTestId("level-review-row").filter({ hasText: lowered.unique });
    await actRow.getByRole("button", { name: /^Lower the level/ }).click();
    const act = page.getByRole("dialog", { name: "Lower the supervision level" });
    expect(await act.getByLabel("New level").inputValue()).toBe("moderate");
    await act.getByRole("button", { name: "Lower the level", exact: true }).click();
    await expect.poll(async () => (await act.getByRole("alert").first().textContent()) ?? "").toContain("Give the reason for the change");
    await expectNoSeriousA11yViolations(page, "level review act with an error");
    await act.getByLabel("Reason").fill("Assessed moderate and compliant for three months");
    await act.getByRole("button", { name: "Lower the level", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "is now on moderate supervision" }).waitFor();
    expect(await actRow.count()).toBe(0);

    // Deny: kept at its level with the reason, and off the list.
    const denyRow = page.getByTestId("level-review-row").filter({ hasText: denied.unique });
    await denyRow.getByRole("button", { name: /^Deny/ }).click();
    const deny = page.getByRole("dialog", { name: "Deny the opportunity" });
    await deny.getByLabel("Reason").fill("New charges pending in another county");
    await deny.getByRole("button", { name: "Deny", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Denied:" }).waitFor();
    expect(await denyRow.count()).toBe(0);
    await expectNoSeriousA11yViolations(page, "level review after act and deny");

    // The person page shows the lowered level and its reason in the case's history; the denied one keeps high.
    await page.goto(`${baseUrl}/people/${lowered.personId}`);
    await expect
      .poll(async () => (await page.getByRole("region", { name: /^Overview$/ }).textContent()) ?? "")
      .toContain("Moderate supervision");
    await page.goto(`${baseUrl}/people/${denied.personId}`);
    await expect
      .poll(async () => (await page.getByRole("region", { name: /^Overview$/ }).textContent()) ?? "")
      .toContain("High supervision");
  });
  it("records a motivational interview with the person's goals, readiness and a next step linked to the plan, and signs it", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { personId, caseId } = await assessedPerson(page, "MIN");
    const planned = await api(page, `/api/v1/cases/${caseId}/case-plan`, "POST", {
      goals: [
        {
          title: "Find steady work",
          needDomain: "education_employment",
          objectives: [{ description: "Hold a job of 20 hours a week", measure: "Four weeks of pay stubs", targetDate: daysAhead(90) }],
          steps: [{ description: "Refer to the county job centre", owner: "officer", dueOn: daysAhead(14) }],
        },
      ],
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    await page.goto(`${baseUrl}/people/${personId}#case-plan`);
    const section = page.getByRole("region", { name: /^Case plan$/ });
    await section.getByRole("button", { name: "Record a motivational interview" }).click();
    const dialog = page.getByRole("dialog", { name: "Motivational interview" });

    // Without the person's goals and the readiness: the error summary names both.
    await dialog.getByRole("button", { name: "Save as a draft note" }).click();
    const summary = dialog.getByRole("alert").first();
    await expect.poll(async () => (await summary.textContent()) ?? "").toContain("Write the person's goals in their own words");
    expect(await summary.textContent()).toContain("Choose where the person puts themselves, from 0 to 10");
    await expectNoSeriousA11yViolations(page, "motivational interview with errors");

    await dialog.getByLabel("The person's goals, in their own words").fill("I want a job so I can see my daughter on weekends.");
    await dialog.getByLabel("Readiness ruler: how ready to change, from 0 to 10").selectOption("7");
    await dialog.getByLabel("Change talk noted (optional)").fill("“I'm done sitting around.”");
    await dialog.getByLabel("Next step 1").fill("Visit the job centre on Monday");
    await dialog
      .getByLabel("Step of the plan it carries forward")
      .selectOption({ label: "Find steady work: Refer to the county job centre" });
    await dialog.getByLabel("Summary of the conversation").fill("Talked through work and family; he set his own first step.");
    await dialog.getByRole("button", { name: "Save as a draft note" }).click();
    await page.getByRole("status").filter({ hasText: "The motivational interview was saved as a draft note" }).waitFor();

    // The draft in the notes: the structured part shown in words, then signed after confirmation.
    const notes = page.getByRole("region", { name: /^Notes$/ });
    const note = notes.getByRole("article").filter({ hasText: "Readiness to change" });
    await note.waitFor();
    const facts = note.getByRole("definition");
    expect(await facts.allTextContents()).toEqual([
      "I want a job so I can see my daughter on weekends.",
      "7 of 10",
      "“I'm done sitting around.”",
      "Visit the job centre on Monday (a step of the case plan)",
    ]);
    await note.getByRole("button", { name: "Sign note" }).click();
    await page.getByRole("dialog", { name: "Sign this note?" }).getByRole("button", { name: "Sign note" }).click();
    await page.getByRole("status").filter({ hasText: "Note signed." }).waitFor();
    await expect.poll(async () => (await note.textContent()) ?? "").not.toContain("Draft");
    expect(await note.getByRole("definition").nth(1).textContent()).toBe("7 of 10");
    await expectNoSeriousA11yViolations(page, "signed motivational interview");
  });
});
