import type { Page } from "playwright-core";
import { expect, inject, it } from "vitest";
import type { z } from "zod";
import type { CaseloadEntry } from "../../src/shared/contract/caseload";
import type { Appointment, caseStandards } from "../../src/shared/contract/contacts";
import { AppShell } from "../pages/app-shell";
import { CalendarPage, PersonAppointmentsSection } from "../pages/calendar-pages";
import { CaseloadPage, PersonPage } from "../pages/caseload-pages";
import { PersonContactsSection, standardKindLabels } from "../pages/contacts-pages";
import { api, intakeUnseenSinceLastMonth } from "../support/api";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { describeInBrowser, useBrowser } from "../support/browser";
import { signInAsDemoUser } from "../support/flows";

type Standards = z.infer<typeof caseStandards>;
type Kind = Standards["states"][number]["kind"];

// The browser runs on this machine, in its time zone: dates are local, as the calendar shows them.
const pad = (value: number) => String(value).padStart(2, "0");
const dateKey = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const daysFromToday = (days: number) => {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
};

/** Overdue standards that one completed scheduled home visit clears: home verification, or a field contact one short. */
const clearableByOneHomeVisit = (standards: Standards): Kind[] =>
  standards.states
    .filter((state) => state.status === "overdue")
    .filter((state) => state.kind === "home_verification" || (state.kind === "field" && state.required - state.done === 1))
    .map((state) => state.kind);

/**
 * A person on officer.north2's caseload, with one case, flagged overdue for home verification or a field contact.
 * The demo caseload has such people; should the day's demo data have none, one is added the way intake would
 * (an address moved into last month and never verified by a home visit).
 */
async function overduePerson(page: Page): Promise<{ entry: Pick<CaseloadEntry, "caseId" | "person">; kinds: Kind[] }> {
  const caseload = await api<{ entries: CaseloadEntry[] }>(page, "/api/v1/caseload?limit=200");
  for (const entry of caseload.body.entries.filter((candidate) => candidate.contactStatus === "overdue")) {
    const standards = (await api<Standards>(page, `/api/v1/cases/${entry.caseId}/standards`)).body;
    const kinds = clearableByOneHomeVisit(standards);
    if (kinds.length === 0) continue;
    const record = await api<{ cases: unknown[] }>(page, `/api/v1/people/${entry.person.id}`);
    if (record.body.cases.length === 1) return { entry, kinds };
  }
  const created = await intakeUnseenSinceLastMonth(page, {
    prefix: "CAL",
    firstName: "Robin",
    lastName: "Unverified",
    dateOfBirth: "1990-02-14",
    supervisionType: "parole",
    authorityName: "State Parole Board",
    level: "low",
    line1: "12 Calendar Court",
    city: "Decatur",
    postalCode: "30030",
  });
  const standards = (await api<Standards>(page, `/api/v1/cases/${created.caseId}/standards`)).body;
  const entry = (await api<{ entries: CaseloadEntry[] }>(page, `/api/v1/caseload?search=${created.unique}`)).body.entries[0];
  if (!entry) throw new Error("The new person is not on the caseload.");
  return { entry, kinds: clearableByOneHomeVisit(standards) };
}

describeInBrowser("officer calendar and appointments", () => {
  const browser = useBrowser();
  const baseUrl = inject("baseUrl");

  it("schedules a home visit for an overdue person, finds it in the calendar, records its outcome: the flag clears", async () => {
    const page = await browser.newPage(baseUrl);
    await signInAsDemoUser(page, baseUrl, "officer.north2");
    const caseload = new CaseloadPage(page);
    await caseload.table().waitFor();

    const { entry, kinds } = await overduePerson(page);
    expect(kinds.length).toBeGreaterThan(0);

    // The caseload flags the person as overdue; their page says which standard.
    await caseload.search(entry.person.agencyPersonNumber);
    await expect.poll(() => caseload.rows().count()).toBe(1);
    expect(await caseload.rows().first().locator('td[data-column="contact-status"]').textContent()).toContain("Overdue");
    await caseload.personLink(entry.person.agencyPersonNumber).click();
    const person = new PersonPage(page);
    await person.heading().waitFor();
    const contacts = new PersonContactsSection(page);
    await contacts.standards().waitFor();
    for (const kind of kinds) expect(await contacts.status(standardKindLabels[kind])).toBe("Overdue");

    // A time in the past is refused by the server; the message shows on the date and time, and the error summary
    // (which takes focus, USWDS) links to the date.
    const appointments = new PersonAppointmentsSection(page);
    await appointments.region().waitFor();
    const yesterday = dateKey(daysFromToday(-1));
    const refused = await appointments.schedule({ type: "Home visit", date: yesterday, time: "10:00", location: "Residence" });
    expect(refused.status).toBe(400);
    expect(await appointments.whenError().textContent()).toMatch(/in the past/);
    const dateField = appointments.form().getByLabel("Date", { exact: true });
    expect(await dateField.getAttribute("aria-invalid")).toBe("true");
    const summary = appointments.form().locator("[data-error-summary]");
    await expect.poll(() => summary.evaluate((element) => element === document.activeElement)).toBe(true);
    await summary.getByRole("link", { name: /in the past/ }).click();
    await expect.poll(() => dateField.evaluate((element) => element === document.activeElement)).toBe(true);

    // Tomorrow at 10:00 for an hour.
    const tomorrow = dateKey(daysFromToday(1));
    const scheduled = await appointments.schedule({
      type: "Home visit",
      date: tomorrow,
      time: "10:00",
      duration: "1 hour",
      location: "Residence",
    });
    expect(scheduled.status).toBe(201);
    const appointmentId = scheduled.body.id ?? "";
    await appointments.notice(/^Home visit scheduled for/).waitFor();
    await appointments.upcomingItem(appointmentId).waitFor();
    expect(await appointments.status(appointments.upcomingItem(appointmentId))).toBe("Scheduled");
    await expectNoSeriousA11yViolations(page, "person page with appointments");

    // The calendar opens on today's day view; the next day shows the visit.
    await new AppShell(page).navigation().getByRole("link", { name: "Calendar" }).click();
    const calendar = new CalendarPage(page);
    await calendar.heading().waitFor();
    expect(await page.title()).toBe("Calendar | Waypoint");
    await calendar.move("Next");
    await page.waitForURL((url) => url.searchParams.get("date") === tomorrow && url.searchParams.get("view") === "day");
    const item = calendar.appointment(appointmentId);
    await item.waitFor();
    expect(await item.getByRole("heading", { level: 3 }).textContent()).toMatch(/^10:00\sAM – 11:00\sAM\s*Home visit$/);
    expect(await item.getByRole("link").getAttribute("href")).toBe(`/people/${entry.person.id}`);
    expect(await item.locator('[data-field="location"]').textContent()).toContain("Residence");
    expect(await calendar.status(appointmentId)).toBe("Scheduled");
    await expectNoSeriousA11yViolations(page, "calendar day view");

    // The week view of that date lists it under its day; the address keeps view and date, so a reload shows the same.
    await calendar.switchTo("Week");
    await page.waitForURL((url) => url.searchParams.get("view") === "week" && url.searchParams.get("date") === tomorrow);
    await calendar.weekDay(tomorrow).locator(`li[data-appointment-id="${appointmentId}"]`).waitFor();
    await page.reload();
    await calendar.weekDay(tomorrow).locator(`li[data-appointment-id="${appointmentId}"]`).waitFor();
    expect(await calendar.range().textContent()).toMatch(/^Week of /);
    await expectNoSeriousA11yViolations(page, "calendar week view");

    // Record outcome: the contact form comes pre-filled with the appointment's type, place and id.
    const dialog = await calendar.open(appointmentId, "Record outcome");
    const form = dialog.outcomeForm();
    expect(await form.getByLabel("Type of contact").inputValue()).toBe("scheduled_home_visit");
    expect(await form.getByLabel("Location").inputValue()).toBe("Residence");
    expect(await form.getByLabel("Outcome").inputValue()).toBe("completed");
    await expectNoSeriousA11yViolations(page, "record outcome dialog");
    // The contact time starts at the appointment's (tomorrow 10:00); recorded before then, it is refused and the
    // officer enters when the contact really took place.
    const when = form.getByLabel("Date and time of the contact");
    expect(await when.inputValue()).toBe(`${tomorrow}T10:00`);
    await form.getByRole("button", { name: "Record outcome" }).click();
    await form.locator(".usa-error-message").getByText("The contact cannot be in the future: enter when it took place").waitFor();
    expect(await when.getAttribute("aria-invalid")).toBe("true");
    const now = await page.evaluate(() => {
      const local = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000);
      return local.toISOString().slice(0, 16);
    });
    await when.fill(now);
    const recorded = await dialog.recordOutcome({ peoplePresent: "Client" });
    expect(recorded.status).toBe(201);
    expect(recorded.sent).toMatchObject({ contactType: "scheduled_home_visit", outcome: "completed", appointmentId });
    await dialog.dialog().waitFor({ state: "detached" });
    await calendar.notice(/recorded as completed; the appointment is completed/).waitFor();
    await expect.poll(() => calendar.status(appointmentId)).toBe("Completed");
    expect(await calendar.appointment(appointmentId).getByRole("button").count()).toBe(0);

    // On the person page the overdue flag is gone and the appointment is listed as completed.
    await calendar.appointment(appointmentId).getByRole("link").click();
    await person.heading().waitFor();
    await contacts.standards().waitFor();
    for (const kind of kinds) await expect.poll(() => contacts.status(standardKindLabels[kind]), { timeout: 10_000 }).toBe("Met");
    await appointments.earlierRow(appointmentId).waitFor();
    expect(await appointments.status(appointments.earlierRow(appointmentId))).toBe("Completed");
    expect(await appointments.upcomingItem(appointmentId).count()).toBe(0);
    const stored = await api<Appointment[]>(page, `/api/v1/cases/${entry.caseId}/appointments?upcoming=false`);
    expect(stored.body.find((candidate) => candidate.id === appointmentId)?.status).toBe("completed");
    await expectNoSeriousA11yViolations(page, "person page after the outcome");

    // On a phone the week is a list of days, one under the other, without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    await calendar.goto("week", tomorrow);
    await calendar.weekDay(tomorrow).waitFor();
    const boxes = await page
      .locator("section[data-day]")
      .evaluateAll((days) => days.map((day) => day.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes).toHaveLength(7);
    for (let index = 1; index < boxes.length; index++) {
      expect(boxes[index]!.left).toBe(boxes[0]!.left);
      expect(boxes[index]!.top).toBeGreaterThan(boxes[index - 1]!.top);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoSeriousA11yViolations(page, "calendar week view on a phone");
  });

  it("reschedules and cancels from the calendar; the subscription feed shows initials and appointment types only", async () => {
    const page = await browser.newPage(baseUrl);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
    await signInAsDemoUser(page, baseUrl, "officer.north2");
    // An office visit of one of the officer's people, in two days, through the API.
    const day = daysFromToday(2);
    const caseload = await api<{ entries: CaseloadEntry[] }>(page, "/api/v1/caseload?limit=1");
    const entry = caseload.body.entries[0];
    if (!entry) throw new Error("officer.north2 has no caseload.");
    const starts = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 14, 0);
    const made = await api<Appointment>(page, `/api/v1/cases/${entry.caseId}/appointments`, "POST", {
      appointmentType: "office_visit",
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 30 * 60_000).toISOString(),
      location: "North Field Office",
    });
    expect(made.status).toBe(201);
    const id = made.body.id;

    const calendar = new CalendarPage(page);
    await calendar.goto("day", dateKey(day));
    await calendar.appointment(id).waitFor();
    await calendar.feed().getByText("Subscribe in Outlook or Google Calendar; shows initials and appointment type only.").waitFor();

    // The address is shown once, made on request; it can be copied.
    const address = await calendar.subscriptionAddress();
    expect(address).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    await calendar.feed().getByRole("button", { name: "Copy address" }).click();
    await calendar
      .feed()
      .getByRole("status")
      .getByText(/^Address copied/)
      .waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);

    // The feed names the person by initials only, and leaves out the place.
    const feed = await fetch(address);
    expect(feed.status).toBe(200);
    const ics = await feed.text();
    const [first = "", ...rest] = made.body.personName.split(" ");
    const initials = `${first.charAt(0)}${rest.join(" ").charAt(0)}`.toUpperCase();
    expect(ics).toContain(`SUMMARY:${initials} — Office visit`);
    expect(ics).not.toContain(made.body.personName);
    expect(ics).not.toContain("North Field Office");

    // Rescheduling to 3 pm.
    const moving = await calendar.open(id, "Reschedule");
    await moving.dialog().getByLabel("Start time").fill("15:00");
    await moving.dialog().getByRole("button", { name: "Save new time" }).click();
    await moving.dialog().waitFor({ state: "detached" });
    await calendar.notice(/moved to/).waitFor();
    await expect.poll(() => calendar.appointment(id).getByRole("heading", { level: 3 }).textContent()).toMatch(/^3:00\sPM – 3:30\sPM/);

    // Cancelling needs the reason.
    const cancelling = await calendar.open(id, "Cancel");
    await cancelling.dialog().getByRole("button", { name: "Cancel appointment" }).click();
    expect(await cancelling.dialog().getByLabel("Reason for cancelling").getAttribute("aria-invalid")).toBe("true");
    await cancelling.dialog().getByLabel("Reason for cancelling").fill("The person starts a new job that day.");
    await cancelling.dialog().getByRole("button", { name: "Cancel appointment" }).click();
    await cancelling.dialog().waitFor({ state: "detached" });
    await expect.poll(() => calendar.status(id)).toBe("Cancelled");
    expect(await calendar.appointment(id).textContent()).toContain("Reason: The person starts a new job that day.");
    expect(await calendar.appointment(id).getByRole("button").count()).toBe(0);
  });
});
