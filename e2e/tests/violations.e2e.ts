import type { Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import type { CaseViolations } from "../../src/shared/contract/violations";
import { setCheckbox } from "../pages/controls";
import { PersonViolationsSection } from "../pages/violations-pages";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

const section = (page: Page, name: RegExp) => page.getByRole("region", { name });

describeInBrowser("violations and graduated responses", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("a positive test becomes a violation; the officer picks a matrix response; a departure needs another supervisor's approval", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { personId, caseId, unique } = await intakeUnseenSinceLastMonth(page, {
      prefix: "VIO",
      firstName: "Vera",
      lastName: "Lindqvist",
      supervisionType: "parole",
      authorityName: "State Parole Board",
      level: "moderate",
      dateOfBirth: "1988-02-14",
      line1: "12 Quarry Road",
      city: "Atlanta",
      postalCode: "30303",
    });
    const program = { frequency: "weekly", testsPerMonth: 4, panel: ["cocaine"], method: "urine", startedOn: "2026-01-01" };
    expect((await api(page, `/api/v1/cases/${caseId}/testing-program`, "PUT", program)).status).toBe(200);
    const recorded = await api(page, `/api/v1/cases/${caseId}/tests`, "POST", {
      status: "collected",
      specimenId: `S-${unique}`,
      collectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      method: "urine",
      results: [{ substance: "cocaine", result: "positive" }],
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    // The violations consumer makes the violation through the job queue.
    await expect
      .poll(async () => (await api<CaseViolations>(page, `/api/v1/cases/${caseId}/violations`)).body.violations.length, { timeout: 30_000 })
      .toBe(1);

    await page.goto(`${baseUrl}/people/${personId}#violations`);
    const violations = new PersonViolationsSection(page);
    const card = violations.violation("Positive drug test");
    await card.waitFor();
    expect(await card.textContent()).toContain("Medium");
    expect(await card.getByRole("link", { name: "see the drug test" }).count()).toBe(1);
    await expectNoSeriousA11yViolations(page, "violations section");

    // The matrix's cell is offered as choices.
    await card.getByRole("button", { name: /^Choose a response/ }).click();
    const dialog = violations.dialog("Choose a response");
    const choices = await dialog.getByRole("radio").evaluateAll((inputs) => inputs.map((input) => input.parentElement?.textContent ?? ""));
    expect(choices).toEqual(["Written warning letter", "Increased reporting", "Treatment referral", "Curfew", "Community service"]);
    await expectNoSeriousA11yViolations(page, "choose a response");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    const picked = await violations.chooseResponse("Positive drug test", { response: "Treatment referral" });
    expect(picked.status, picked.body).toBe(201);
    await page.getByRole("status").filter({ hasText: "Treatment referral chosen" }).waitFor();
    expect(await violations.responses("Positive drug test").first().textContent()).toContain("To do");

    // A departure without its reason is refused and named; with it, it awaits a supervisor.
    await violations
      .violation("Positive drug test")
      .getByRole("button", { name: /^Choose a response/ })
      .click();
    const departing = violations.dialog("Choose a response");
    await setCheckbox(page, departing.getByLabel("Depart from the matrix (a supervisor approves)"), true);
    await departing.getByLabel("Response outside the matrix").selectOption({ label: "Short jail sanction" });
    await departing.getByRole("button", { name: "Propose the departure" }).click();
    const summary = departing.getByRole("alert");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Give the reason for departing from the matrix");
    await violations.dialog("Choose a response").getByLabel("Reason for departing from the matrix").fill("Second positive test in a month");
    const [departed] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === "POST" && response.url().endsWith("/responses")),
      violations.dialog("Choose a response").getByRole("button", { name: "Propose the departure" }).click(),
    ]);
    expect(departed.status()).toBe(201);
    await page.getByRole("status").filter({ hasText: "awaits a supervisor's approval" }).waitFor();

    // The supervisor (not the officer who proposed it) finds it awaiting approval and approves it.
    const supervisor = await browser.newPage(baseUrl);
    await signInAsDemoUser(supervisor, baseUrl, "supervisor.north");
    await supervisor.goto(`${baseUrl}/tasks`);
    const approval = section(supervisor, /^Awaiting my approval/)
      .getByTestId("task")
      .filter({ hasText: unique })
      .filter({ hasText: "Violation response awaiting approval" });
    await approval.waitFor();
    await approval.getByRole("link", { name: "violations and responses" }).click();
    const supervisorView = new PersonViolationsSection(supervisor);
    const departure = supervisorView.responses("Positive drug test").filter({ hasText: "Short jail sanction" });
    await departure.waitFor();
    await departure.getByRole("button", { name: /^Approve/ }).click();
    await supervisor.getByRole("dialog", { name: "Approve the response?" }).getByRole("button", { name: "Approve" }).click();
    await supervisor.getByRole("status").filter({ hasText: "Short jail sanction approved" }).waitFor();
    expect(await departure.textContent()).toContain("Approved by Samuel Okafor");
    expect(await supervisorView.violation("Positive drug test").textContent()).toContain("Referred to the authority");

    // The supervisor's own departure is not theirs to approve: no button, and the server refuses it.
    const current = (await api<CaseViolations>(supervisor, `/api/v1/cases/${caseId}/violations`)).body.violations[0]!;
    const own = await api<{ responses: { id: string }[] }>(supervisor, `/api/v1/violations/${current.id}/responses`, "POST", {
      expectedVersion: current.version,
      response: "verbal_warning",
      dueOn: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      departureReason: "A warning is enough this time",
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    await supervisor.reload();
    const ownResponse = supervisorView.responses("Positive drug test").filter({ hasText: "Verbal warning" });
    await ownResponse.waitFor();
    expect(await ownResponse.textContent()).toContain("another supervisor of the unit approves it");
    expect(await ownResponse.getByRole("button", { name: /^Approve/ }).count()).toBe(0);
    const ownId = own.body.responses.at(-1)!.id;
    expect((await api(supervisor, `/api/v1/violation-responses/${ownId}/decision`, "POST", { decision: "approved" })).status).toBe(403);

    // Recorded by hand, then withdrawn with its reason.
    await page.reload();
    await violations.region().getByRole("button", { name: "Record a violation" }).click();
    const record = violations.dialog("Record a violation");
    await record.getByLabel("Kind of violation").selectOption({ label: "Curfew breach" });
    await record.getByLabel("What happened").fill("Not at home at 11 pm on the curfew check");
    await record.getByRole("button", { name: "Record violation" }).click();
    await page.getByRole("status").filter({ hasText: "Violation recorded: Curfew breach" }).waitFor();
    const curfew = violations.violation("Curfew breach");
    expect(await curfew.textContent()).toContain("By Olivia Ortiz");
    await curfew.getByRole("button", { name: /^Close or withdraw/ }).click();
    const close = violations.dialog("Close the violation");
    await setCheckbox(page, close.getByRole("radio", { name: /^Withdrawn/ }), true);
    await close.getByRole("button", { name: "Close the violation" }).click();
    await close.getByRole("alert").filter({ hasText: "Say why the violation is withdrawn" }).waitFor();
    await expectNoSeriousA11yViolations(page, "closing a violation, with an error");
    await close.getByLabel("Reason").fill("He was at the hospital; the discharge papers confirm it");
    await close.getByRole("button", { name: "Close the violation" }).click();
    await page.getByRole("status").filter({ hasText: "The violation was withdrawn." }).waitFor();
    expect(await curfew.textContent()).toContain("Withdrawn: He was at the hospital");

    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/people/${personId}#violations`);
    await violations.violation("Positive drug test").waitFor();
    await expectNoSidewaysScroll(page, "violations section at 390 px");
  });
});
