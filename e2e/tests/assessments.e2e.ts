import type { Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import { chooseRadio } from "../pages/record-address-pages";
import { intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

const section = (page: Page, name: RegExp) => page.getByRole("region", { name });
const answer = (page: Page, question: string, option: string) =>
  chooseRadio(section(page, /^Assessments$/).getByRole("group", { name: question }), option);

describeInBrowser("assessments", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("an officer completes an assessment and sees the level and the contact standard change; a different supervisor approves an override", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { personId, unique } = await intakeUnseenSinceLastMonth(page, {
      prefix: "ASM",
      firstName: "Ida",
      lastName: "Ng",
      supervisionType: "probation",
      authorityName: "Superior Court, Demo County",
      level: "high",
      dateOfBirth: "1996-01-10",
      line1: "9 Larch Road",
      city: "Atlanta",
      postalCode: "30303",
    });
    await page.goto(`${baseUrl}/people/${personId}#assessments`);
    const assessments = section(page, /^Assessments$/);
    await assessments.getByRole("button", { name: "Start General risk and needs assessment" }).click();
    await assessments.getByRole("group", { name: "Any arrest for a violent offense?" }).waitFor();

    // A count that is not a whole number: the server names the question; nothing is saved.
    await assessments.getByLabel("Number of prior arrests").fill("three");
    await assessments.getByRole("button", { name: "Save answers" }).click();
    const summary = assessments.getByRole("alert").first();
    await summary.waitFor();
    expect(await summary.textContent()).toContain("expected a whole number");
    await expectNoSeriousA11yViolations(page, "assessment form with an error");

    await assessments.getByLabel("Number of prior arrests").fill("3");
    await assessments.getByLabel("Date of birth").fill("1996-01-10");
    await answer(page, "Any arrest for a violent offense?", "Yes");
    await answer(page, "Varied offending pattern?", "No");
    await answer(page, "Ever revoked, or arrested while under supervision?", "Yes");
    // Completing with questions unanswered: the error summary lists them.
    await assessments.getByRole("button", { name: "Complete assessment" }).click();
    await page.getByRole("dialog", { name: "Complete this assessment?" }).getByRole("button", { name: "Complete assessment" }).click();
    await expect.poll(async () => (await summary.textContent()) ?? "").toContain("Answer the required questions first");

    await answer(page, "Serious misconduct while in custody?", "No");
    await answer(page, "Highest education completed", "High school diploma or GED");
    await answer(page, "Unemployed now?", "Yes");
    await answer(page, "Unstable recent work history?", "No");
    await answer(page, "Current alcohol problem?", "No");
    await answer(page, "Current drug problem?", "No");
    await answer(page, "Relationship status", "Married or living with a partner");
    await answer(page, "Unstable family situation?", "No");
    await answer(page, "Lacks positive social support?", "No");
    await answer(page, "Attitude toward supervision and change", "Engaged: wants to change, accepts supervision");
    await assessments.getByRole("button", { name: "Complete assessment" }).click();
    await page.getByRole("dialog", { name: "Complete this assessment?" }).getByRole("button", { name: "Complete assessment" }).click();

    // 3 prior arrests (2) + violent (1) + revoked (1) + unemployed (1) + age 26–40 (1) = 6: low/moderate → moderate.
    await page.getByRole("status").filter({ hasText: "Assessment completed: Low/moderate, total 6" }).first().waitFor();
    const banner = page.getByRole("status").filter({ hasText: "Supervision level changed from high to moderate" }).first();
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Face-to-face contacts: \d+ a month → \d+ a month/);
    await expect.poll(async () => (await section(page, /^Overview$/).textContent()) ?? "").toContain("Moderate supervision, moderate risk");
    expect(await assessments.getByRole("meter").count()).toBeGreaterThan(4);
    expect(await assessments.getByRole("table", { name: "Each answer and the points it adds" }).textContent()).toContain(
      "Number of prior arrests",
    );
    await expectNoSeriousA11yViolations(page, "completed assessment and level banner");

    // An override of the level: asked by the officer, with a reason.
    await assessments.getByRole("button", { name: "Ask for another supervision level" }).click();
    const ask = page.getByRole("dialog", { name: "Ask for another supervision level" });
    await ask.getByLabel("Level asked for").selectOption("high");
    await ask.getByLabel("Reason").fill("The victim reported new threats last week.");
    await ask.getByRole("button", { name: "Send request" }).click();
    const pending = assessments.getByRole("listitem").filter({ hasText: "Awaiting a supervisor's decision" });
    await pending.waitFor();
    expect(await pending.textContent()).toContain("Moderate → High");
    // The officer cannot decide it.
    expect(await pending.getByRole("button", { name: /^Approve/ }).count()).toBe(0);

    const supervisor = await browser.newPage(baseUrl);
    await signInAsDemoUser(supervisor, baseUrl, "supervisor.north");
    await supervisor.goto(`${baseUrl}/tasks`);
    await section(supervisor, /^Awaiting my approval/)
      .getByTestId("task")
      .filter({ hasText: unique })
      .filter({ hasText: "Supervision level override awaiting approval" })
      .waitFor();
    await supervisor.goto(`${baseUrl}/people/${personId}#assessments`);
    const decision = section(supervisor, /^Assessments$/)
      .getByRole("listitem")
      .filter({ hasText: "Awaiting a supervisor's decision" });
    await decision.getByRole("button", { name: /^Approve/ }).click();
    await supervisor.getByRole("dialog", { name: "Approve the override?" }).getByRole("button", { name: "Approve override" }).click();
    await section(supervisor, /^Assessments$/)
      .getByRole("listitem")
      .filter({ hasText: "Approved by" })
      .waitFor();
    await supervisor.getByRole("status").filter({ hasText: "Supervision level changed from moderate to high" }).first().waitFor();
    await expect
      .poll(async () => (await section(supervisor, /^Overview$/).textContent()) ?? "")
      .toContain("High supervision, moderate risk");
    await expectNoSeriousA11yViolations(supervisor, "approved override");

    // The officer who asked is told, with a link back to the person's assessments.
    await page.goto(`${baseUrl}/notifications`);
    const notice = page
      .getByRole("list", { name: "Your notifications" })
      .getByRole("listitem")
      .filter({ hasText: `Override approved: Ida Ng${unique}` });
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Samuel Okafor approved supervising");
    await notice.getByRole("link", { name: "Open the person's record" }).click();
    await section(page, /^Assessments$/).waitFor();
    expect(page.url()).toContain("#assessments");

    await supervisor.setViewportSize(phone);
    await supervisor.goto(`${baseUrl}/people/${personId}#assessments`);
    await section(supervisor, /^Assessments$/)
      .getByRole("table", { name: "Assessments of this case, newest first" })
      .waitFor();
    await expectNoSidewaysScroll(supervisor, "assessments at 390 px");
  });
});
