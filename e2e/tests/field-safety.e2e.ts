import { expect, inject, it } from "vitest";
import type { z } from "zod";
import type { CaseloadEntry } from "../../src/shared/contract/caseload";
import type { fieldVisit } from "../../src/shared/contract/field-safety";
import type { notification } from "../../src/shared/contract/notifications";
import type { PersonRecord } from "../../src/shared/contract/people";
import { AppShell } from "../pages/app-shell";
import { CaseloadPage, PersonPage } from "../pages/caseload-pages";
import { FieldSafetyPage, FieldVisitBanner, NotificationsPage, StartVisitForm } from "../pages/field-safety-pages";
import { api } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";

type Entry = CaseloadEntry;
type Visit = z.infer<typeof fieldVisit>;
type Notification = z.infer<typeof notification>;

/**
 * Escalations go to the supervisors of the officer's unit. officer.south1's unit has only supervisor.south, whose
 * password another journey changes, so these journeys use the North office: officer.north1 and supervisor.north.
 */
const officer = "officer.north1";
const supervisor = "supervisor.north";

describeInBrowser("officer field safety", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("refuses to start a visit alone to a person with a violence or weapons caution (or high-risk flag), and starts it with the reason", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, officer);
    await new CaseloadPage(page).table().waitFor();

    // A person with one case that needs a second officer: a violence or weapons caution, else a high-risk flag.
    const caseload = await api<{ entries: Entry[] }>(page, "/api/v1/caseload?limit=200");
    let target: { entry: Entry; record: PersonRecord; reason: RegExp } | undefined;
    for (const entry of caseload.body.entries.filter((candidate) => candidate.hasSafetyCautions)) {
      const record = (await api<PersonRecord>(page, `/api/v1/people/${entry.person.id}`)).body;
      if (record.cases.length === 1 && record.cautions.some((caution) => caution.kind === "violence" || caution.kind === "weapons")) {
        target = { entry, record, reason: /(violence|weapons) caution/ };
        break;
      }
    }
    if (!target) {
      // The demo data has no violence or weapons caution on this caseload: the high-risk flag asks the same.
      for (const entry of caseload.body.entries.filter((candidate) => candidate.tags.includes("high_risk"))) {
        const record = (await api<PersonRecord>(page, `/api/v1/people/${entry.person.id}`)).body;
        if (record.cases.length === 1) {
          target = { entry, record, reason: /high-risk flag/ };
          break;
        }
      }
    }
    if (!target) throw new Error(`No person on ${officer}'s caseload with a violence/weapons caution or a high-risk flag.`);

    const person = new PersonPage(page);
    await person.goto(target.entry.person.id);
    await person.heading().waitFor();
    const section = page.getByRole("region", { name: "Field visit", exact: true });
    await section.getByRole("button", { name: "Start field visit" }).click();
    const form = new StartVisitForm(page, section);
    await form.form().waitFor();
    // The location is the person's current address.
    const current = target.record.addresses.find((address) => !address.movedOut);
    if (current) expect(await form.location().inputValue()).toContain(current.line1);
    else await form.location().fill("Last known address");

    const alone = await form.submit({ minutes: 30 });
    expect(alone.status).toBe(409);
    await form.cautionWarning().waitFor();
    expect(await form.cautionWarning().textContent()).toMatch(target.reason);
    await form.reason().waitFor();
    await expectNoSeriousA11yViolations(page, "person page, field visit refused without a second officer");

    // No reason yet: the form asks for one before sending anything.
    await form.form().getByRole("button", { name: "Start field visit alone" }).click();
    await form.form().locator(".usa-error-message").getByText("Give the reason for going alone, or choose a second officer").waitFor();
    expect(await form.reason().getAttribute("aria-invalid")).toBe("true");

    const reason = `Partner in court (e2e ${Date.now()}); police dispatch informed`;
    const started = await form.submit({ reason });
    expect(started.status).toBe(201);
    expect(started.body.soloOverrideReason).toBe(reason);
    const banner = new FieldVisitBanner(page);
    await banner.region().waitFor();
    expect(await banner.region().textContent()).toContain(started.body.location);
    await section.getByText(/^You are on a field visit at/).waitFor();

    await banner.checkOut();
    expect((await api<Visit[]>(page, "/api/v1/field-visits/active")).body).toEqual([]);
  });

  it("escalates an overdue visit to the unit's supervisor, who is alerted and acknowledges it; the officer checks out", async () => {
    const officerPage = await browser.newPage(baseUrl);
    await signInAsDemoUser(officerPage, baseUrl, officer);
    await new AppShell(officerPage).navigation().getByRole("link", { name: "Field safety" }).click();
    const officerBoard = new FieldSafetyPage(officerPage);
    await officerBoard.heading().waitFor();
    expect(await officerPage.title()).toBe("Field safety | Waypoint");

    // A general visit (no case) of one minute: the server checks for overdue visits every 5 s in these tests.
    const location = `Community resource fair, e2e ${Date.now()}`;
    const started = await officerBoard.startForm().submit({ location, minutes: 1 });
    expect(started.status).toBe(201);
    const visitId = started.body.id;
    const banner = new FieldVisitBanner(officerPage);
    await banner.region().waitFor();
    const bannerText = await banner.region().textContent();
    expect(bannerText).toContain(`You are on a field visit at ${location}`);
    expect(bannerText).toMatch(/expected back by \d{2}:\d{2}/);
    await expectNoSeriousA11yViolations(officerPage, "field safety page with the field visit banner");

    // The supervisor of the officer's unit, in another browser context.
    const supervisorPage = await browser.newPage(baseUrl);
    await signInAsDemoUser(supervisorPage, baseUrl, supervisor);
    await new AppShell(supervisorPage).navigation().getByRole("link", { name: "Field safety" }).click();
    const board = new FieldSafetyPage(supervisorPage);
    await board.visit(visitId).waitFor();
    expect(await board.visit(visitId).textContent()).toContain(location);
    expect(await board.visit(visitId).textContent()).toContain("Olivia Ortiz");
    await expectNoSeriousA11yViolations(supervisorPage, "field safety board");

    // The page refreshes itself: the visit goes overdue, then the job escalates it.
    await expect.poll(() => board.status(visitId), { timeout: 100_000, interval: 1_000 }).toBe("escalated");
    expect(await board.visit(visitId).getByTestId("visit-status").textContent()).toContain("Escalated, level 1");
    await expect.poll(() => banner.isOverdue(), { timeout: 20_000 }).toBe(true);
    await officerPage
      .getByRole("alert")
      .filter({ hasText: /^Overdue: you were expected back from/ })
      .waitFor();
    // Once alerted, the banner says so and when, instead of warning that the supervisor will be alerted.
    await officerPage
      .getByRole("alert")
      .filter({ hasText: /Your supervisor was alerted at \d{1,2}:\d{2}/ })
      .waitFor({ timeout: 45_000 });
    expect(await banner.region().textContent()).not.toContain("will be alerted");
    // The supervisor's card gives the officer's phone as a link that calls it.
    const phone = board.visit(visitId).getByRole("link", { name: "(555) 010-0111" });
    expect(await phone.getAttribute("href")).toBe("tel:5550100111");

    // The urgent notification shows in the header (live, through the stream) and on the notifications page.
    const urgentCount = new AppShell(supervisorPage).account().getByTestId("urgent-count");
    await urgentCount.waitFor({ timeout: 30_000 });
    expect(await urgentCount.textContent()).toMatch(/\d+ urgent/);
    const alerts = await api<Notification[]>(supervisorPage, "/api/v1/notifications");
    expect(alerts.body.find((item) => item.recordId === visitId)).toMatchObject({
      title: "Olivia Ortiz has not checked out (level 1)",
      body: expect.stringContaining("Call them on (555) 010-0111"),
      urgent: true,
      recordType: "field_visit",
      readAt: null,
    });
    await new AppShell(supervisorPage)
      .account()
      .getByRole("link", { name: /^Notifications/ })
      .click();
    const notifications = new NotificationsPage(supervisorPage);
    await notifications.heading().waitFor();
    const alert = notifications.withTitle("Olivia Ortiz has not checked out (level 1)").first();
    await alert.waitFor();
    expect(await alert.getAttribute("data-read")).toBe("false");
    expect(await alert.getByText("Urgent", { exact: true }).count()).toBe(1);
    await expectNoSeriousA11yViolations(supervisorPage, "notifications with an urgent alert");

    // From the notification to the board, where the supervisor takes charge.
    await alert.getByRole("link", { name: "Open field safety" }).click();
    await board.heading().waitFor();
    await board.acknowledge(visitId);
    await expect.poll(() => board.status(visitId)).toBe("acknowledged");
    expect(await board.visit(visitId).getByRole("button", { name: "Acknowledge" }).count()).toBe(0);

    // Mark the alert read, then everything else.
    await notifications.goto();
    const alertId = await notifications.markRead(notifications.withTitle("Olivia Ortiz has not checked out (level 1)").first());
    expect(await notifications.byId(alertId).getByText("Unread", { exact: true }).count()).toBe(0);
    if ((await notifications.markAllButton().count()) > 0) await notifications.markAllRead();
    const unread = (await api<Notification[]>(supervisorPage, "/api/v1/notifications")).body.filter((item) => !item.readAt);
    expect(unread).toEqual([]);
    await new AppShell(supervisorPage).account().getByTestId("urgent-count").waitFor({ state: "detached" });

    // The officer was told too, and checks out: the visit leaves the board.
    const officerAlerts = await api<Notification[]>(officerPage, "/api/v1/notifications");
    expect(officerAlerts.body.some((item) => item.recordId === visitId && item.title === "Check out of your field visit")).toBe(true);
    await banner.checkOut();
    await board.goto();
    await board.visit(visitId).waitFor({ state: "detached" });
    expect((await api<Visit[]>(supervisorPage, "/api/v1/field-visits/active")).body.some((visit) => visit.id === visitId)).toBe(false);
  }, 240_000);
});
