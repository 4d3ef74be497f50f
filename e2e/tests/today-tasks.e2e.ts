import { expect, inject, it } from "vitest";
import { AppShell } from "../pages/app-shell";
import { TodayPage } from "../pages/today-pages";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";
import { desk, expectNoSidewaysScroll, phone } from "../support/layout";

/** "3 unread" in the header's notifications link, as a number (0 when there is no count). */
const unreadIn = (text: string | null) => Number(/(\d+) unread/.exec(text ?? "")?.[1] ?? 0);

describeInBrowser("tasks on the Today list and by unit", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("a missed appointment's follow-up appears on the open Today list and in the header's count without a reload", async () => {
    const page = await browser.newPage(baseUrl);
    await page.setViewportSize(desk);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { caseId } = await intakeUnseenSinceLastMonth(page, {
      prefix: "TDY",
      firstName: "Imogen",
      lastName: "Varga",
      supervisionType: "probation",
      authorityName: "Superior Court, Demo County",
      level: "moderate",
      dateOfBirth: "1990-02-14",
      line1: "12 Alder Way",
      city: "Atlanta",
      postalCode: "30303",
    });
    // An office visit that starts now; the person did not come.
    const startsAt = new Date(Date.now() + 60_000);
    const booked = await api<{ id: string }>(page, `/api/v1/cases/${caseId}/appointments`, "POST", {
      appointmentType: "office_visit",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);

    const today = new TodayPage(page);
    await page.goto(`${baseUrl}/today`);
    await today.worklist().waitFor();
    const item = today.item(caseId);
    await item.waitFor();
    expect(await item.textContent()).toContain("Office visit");
    expect(await item.textContent()).not.toContain("Follow up on a missed appointment");
    const link = new AppShell(page).account().getByTestId("notifications-link");
    await link.waitFor();
    const unreadBefore = unreadIn(await link.textContent());

    // Recorded elsewhere (another device): the page is not reloaded and nothing on it is clicked.
    const missed = await api(page, `/api/v1/cases/${caseId}/contacts`, "POST", {
      contactType: "office_visit",
      outcome: "attempted",
      occurredAt: new Date(startsAt.getTime() + 60_000).toISOString(),
      appointmentId: booked.body.id,
    });
    expect(missed.status, JSON.stringify(missed.body)).toBe(201);
    // The event's consumer makes the task through the job queue; the live stream refreshes the list and the count.
    await item.getByRole("list", { name: "Tasks" }).getByText("Follow up on a missed appointment").waitFor({ timeout: 20_000 });
    expect(await item.textContent()).not.toContain("Office visit");
    await expect.poll(async () => unreadIn(await link.textContent()), { timeout: 10_000 }).toBeGreaterThan(unreadBefore);
    await expectNoSeriousA11yViolations(page, "Today with a follow-up");
  });

  it("the contacts a standard requires are its contact_due tasks on Today: one snoozed elsewhere leaves the open list", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    // Supervised since last month with no contact: last month's contacts and the home verification are overdue.
    const { caseId } = await intakeUnseenSinceLastMonth(page, {
      prefix: "CDT",
      firstName: "Nadia",
      lastName: "Holm",
      supervisionType: "probation",
      authorityName: "Superior Court, Demo County",
      level: "moderate",
      dateOfBirth: "1992-11-03",
      line1: "40 Birch Lane",
      city: "Atlanta",
      postalCode: "30303",
    });
    type CaseTasks = { tasks: { id: string; kind: string; status: string }[] };
    const open = (await api<CaseTasks>(page, `/api/v1/cases/${caseId}/tasks`)).body.tasks.filter(
      (task) => task.kind === "contact_due" && task.status === "open",
    );
    expect(open.length).toBeGreaterThan(1);

    const today = new TodayPage(page);
    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/today`);
    await today.worklist().waitFor();
    const lines = today.item(caseId).locator('li[data-task-kind="contact_due"]');
    await expect.poll(() => lines.count()).toBe(open.length);
    for (const text of await lines.allTextContents()) {
      expect(text).toMatch(/ (overdue since|due by) [A-Z][a-z]{2} \d{1,2}/);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}|_/);
    }
    await expectNoSidewaysScroll(page, "Today with contacts due at 390 px");

    // Snoozed on another device: the open page drops that line, without a reload.
    const snoozed = await api(page, `/api/v1/tasks/${open[0]!.id}/snooze`, "POST", {
      until: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      reason: "Person in hospital for two days",
    });
    expect(snoozed.status, JSON.stringify(snoozed.body)).toBe(200);
    await expect.poll(() => lines.count(), { timeout: 10_000 }).toBe(open.length - 1);
    await expectNoSeriousA11yViolations(page, "Today with contacts due at 390 px");
  });

  it("a supervisor sees the unit's tasks by officer, with the counts, at a desk and on a phone", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north1");
    const { caseId, unique } = await intakeUnseenSinceLastMonth(page, {
      prefix: "UNT",
      firstName: "Rhea",
      lastName: "Doyle",
      supervisionType: "parole",
      authorityName: "State Parole Board",
      level: "high",
      dateOfBirth: "1987-09-30",
      line1: "3 Cedar Row",
      city: "Atlanta",
      postalCode: "30303",
    });
    // A refused home visit: its event's consumer makes the officer's follow-up.
    const refused = await api(page, `/api/v1/cases/${caseId}/contacts`, "POST", {
      contactType: "scheduled_home_visit",
      outcome: "refused",
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(201);

    const supervisor = await browser.newPage(baseUrl);
    await supervisor.setViewportSize(desk);
    await signInAsDemoUser(supervisor, baseUrl, "supervisor.north");
    type Unit = { officers: { tasks: { caseId: string }[] }[] };
    await expect
      .poll(
        async () =>
          (await api<Unit>(supervisor, "/api/v1/tasks/unit")).body.officers.some((row) => row.tasks.some((task) => task.caseId === caseId)),
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
    await new AppShell(supervisor).openFromMenu("Unit", "Unit tasks");
    await supervisor.getByRole("heading", { level: 1, name: "Unit tasks" }).waitFor();
    expect(await supervisor.title()).toBe("Unit tasks | Waypoint");
    const officer = supervisor.getByRole("region", { name: /^Olivia Ortiz/ });
    // The new case's contacts its standard requires are tasks too: the follow-up is the one this test made.
    const card = officer.getByTestId("task").filter({ hasText: unique }).filter({ hasText: "Follow up on a no-show or refused contact" });
    await card.waitFor();
    expect(await card.textContent()).toContain("Follow up on a no-show or refused contact");
    expect(await officer.getByRole("heading", { level: 2 }).textContent()).toMatch(/\d+ overdue, \d+ due today/);
    expect(await supervisor.getByTestId("officer-count").filter({ hasText: "Olivia Ortiz" }).count()).toBe(1);
    await expectNoSidewaysScroll(supervisor, "unit tasks at 1280 px");
    await expectNoSeriousA11yViolations(supervisor, "unit tasks");
    await supervisor.setViewportSize(phone);
    await card.waitFor();
    await expectNoSidewaysScroll(supervisor, "unit tasks at 390 px");
    await expectNoSeriousA11yViolations(supervisor, "unit tasks at 390 px");
  }, 300_000); // two axe scans of the unit's long page (every officer's cards): longer than one page's journey
});
