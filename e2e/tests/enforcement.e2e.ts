import { expect, inject, it } from "vitest";
import type { CaseViolations } from "../../src/shared/contract/violations";
import { AppointmentDialog, PersonAppointmentsSection } from "../pages/calendar-pages";
import { setCheckbox } from "../pages/controls";
import { PersonViolationsSection } from "../pages/violations-pages";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { expectNoSidewaysScroll, phone } from "../support/layout";

describeInBrowser("enforcement while recording an outcome", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("recording a missed appointment offers the enforcement decision, and the chosen decision shows on the person page", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { personId, caseId } = await intakeUnseenSinceLastMonth(page, {
      prefix: "ENF",
      firstName: "Edwin",
      lastName: "Falconer",
      supervisionType: "probation",
      authorityName: "Superior Court, Demo County",
      level: "moderate",
      dateOfBirth: "1987-09-03",
      line1: "4 Tannery Lane",
      city: "Atlanta",
      postalCode: "30303",
    });
    // An office visit that starts in a minute; the person does not come.
    const startsAt = new Date(Date.now() + 60_000);
    const booked = await api<{ id: string }>(page, `/api/v1/cases/${caseId}/appointments`, "POST", {
      appointmentType: "office_visit",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const appointmentId = booked.body.id;

    await page.goto(`${baseUrl}/people/${personId}#appointments`);
    const appointments = new PersonAppointmentsSection(page);
    await appointments
      .upcomingItem(appointmentId)
      .getByRole("button", { name: /^Record outcome/ })
      .click();
    const dialog = new AppointmentDialog(page, "Record outcome");
    const form = dialog.outcomeForm();
    await form.waitFor();
    // Attended: no enforcement decision is offered.
    expect(await form.getByRole("group", { name: "Enforcement decision" }).count()).toBe(0);
    await form.getByLabel("Outcome").selectOption({ label: "No show" });
    const enforcement = form.getByRole("group", { name: "Enforcement decision" });
    await enforcement.waitFor();
    const now = await page.evaluate(() => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
    await form.getByLabel("Date and time of the contact").fill(now);
    await expectNoSeriousA11yViolations(page, "record outcome with the enforcement decision");

    // Pending the person's explanation without its deadline: refused, the field named, nothing recorded.
    await setCheckbox(page, enforcement.getByRole("radio", { name: "Decision pending the person's explanation" }), true);
    const refused = await dialog.recordOutcome();
    expect(refused.status).toBe(400);
    const summary = form.getByRole("alert");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Give the day the person's explanation is due");
    expect(await form.getByLabel("Explanation due by").getAttribute("aria-invalid")).toBe("true");
    expect((await api<unknown[]>(page, `/api/v1/cases/${caseId}/contacts`)).body).toEqual([]);

    // A warning: recorded with the outcome in one request.
    await setCheckbox(page, enforcement.getByRole("radio", { name: "Warning" }), true);
    const recorded = await dialog.recordOutcome();
    expect(recorded.status).toBe(201);
    expect(recorded.sent).toMatchObject({ outcome: "no_show", appointmentId, enforcement: { decision: "warning" } });
    await dialog.dialog().waitFor({ state: "detached" });
    // Made in the outcome's own transaction: no waiting for the event queue.
    const made = (await api<CaseViolations>(page, `/api/v1/cases/${caseId}/violations`)).body;
    expect(made.enforcementDecisions.map((decision) => decision.decision)).toEqual(["warning"]);

    await page.goto(`${baseUrl}/people/${personId}#violations`);
    const violations = new PersonViolationsSection(page);
    const card = violations.violation("Missed appointment");
    await card.waitFor();
    const decision = card.getByTestId("enforcement-decision");
    expect(await decision.textContent()).toContain("Enforcement decision: Warning");
    expect(await violations.responses("Missed appointment").first().textContent()).toContain("Written warning letter");
    await expectNoSeriousA11yViolations(page, "violation with its enforcement decision");
    await page.setViewportSize(phone);
    await expectNoSidewaysScroll(page, "person page with an enforcement decision, phone");

    // The warning letter, generated from the response, is a printable page.
    await card.getByRole("link", { name: /^Warning letter/ }).click();
    const letter = page.getByRole("article");
    await page.getByRole("heading", { level: 1, name: "Written warning" }).waitFor();
    expect(await letter.textContent()).toContain("To: Edwin");
    expect(await letter.textContent()).toContain("missed appointment");
    await expectNoSeriousA11yViolations(page, "warning letter");
    await expectNoSidewaysScroll(page, "warning letter, phone");
  });
});
