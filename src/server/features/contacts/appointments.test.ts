import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { toIcs } from "./appointments.service";

describe(`appointments and the calendar feed (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let caseId: string;
  const at = (iso: string) => ({ startsAt: iso, endsAt: new Date(new Date(iso).getTime() + 30 * 60_000).toISOString() });

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    officer = await signIn(test, "officer.north1");
    ({ caseId } = await intake(officer, { person: { firstName: "Quinn", lastName: "Okoro" } }));
  });
  afterAll(() => test.close());

  it("schedules, reschedules and cancels, refusing the past and backwards times", async () => {
    expect(
      (
        await officer.post(`/api/v1/cases/${caseId}/appointments`, { appointmentType: "office_visit", ...at("2026-03-09T15:00:00Z") })
      ).json().issues[0].field,
    ).toBe("startsAt");
    const backwards = await officer.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "office_visit",
      startsAt: "2026-03-12T15:00:00Z",
      endsAt: "2026-03-12T14:00:00Z",
    });
    expect(backwards.json().issues[0].field).toBe("endsAt");
    const booked = await officer.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "scheduled_home_visit",
      location: "Residence",
      ...at("2026-03-12T15:00:00Z"),
    });
    expect(booked.statusCode).toBe(201);
    expect(booked.json()).toMatchObject({ status: "scheduled", personName: "Quinn Okoro", officer: { displayName: "Olivia Ortiz" } });
    const moved = await officer.patch(`/api/v1/appointments/${booked.json().id}`, at("2026-03-13T16:00:00Z"));
    expect(moved.json().startsAt).toBe("2026-03-13T16:00:00.000Z");
    const office = (
      await officer.post(`/api/v1/cases/${caseId}/appointments`, { appointmentType: "office_visit", ...at("2026-03-11T14:00:00Z") })
    ).json();
    const cancelled = await officer.post(`/api/v1/appointments/${office.id}/cancel`, { reason: "Client in hospital" });
    expect(cancelled.json()).toMatchObject({ status: "cancelled", cancelReason: "Client in hospital" });
    expect((await officer.patch(`/api/v1/appointments/${office.id}`, at("2026-03-14T14:00:00Z"))).statusCode).toBe(409);
    const upcoming = (await officer.get(`/api/v1/cases/${caseId}/appointments`)).json();
    expect(upcoming.map((entry: { id: string }) => entry.id)).toEqual([booked.json().id]);
  });

  it("shows the officer's week, to the officer and their supervisor only", async () => {
    // A week of its own: a home visit and a cancelled office visit.
    const range = "from=2026-03-16T00:00:00Z&to=2026-03-23T00:00:00Z";
    await officer.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "scheduled_home_visit",
      location: "Residence",
      ...at("2026-03-19T15:00:00Z"),
    });
    const office = (
      await officer.post(`/api/v1/cases/${caseId}/appointments`, { appointmentType: "office_visit", ...at("2026-03-18T14:00:00Z") })
    ).json();
    await officer.post(`/api/v1/appointments/${office.id}/cancel`, { reason: "Client in hospital" });
    const week = (await officer.get(`/api/v1/appointments?${range}`)).json();
    expect(week.map((entry: { appointmentType: string; status: string }) => `${entry.appointmentType}:${entry.status}`)).toEqual([
      "office_visit:cancelled",
      "scheduled_home_visit:scheduled",
    ]);
    const officerId = week[0].officer.id;
    const supervisor = await signIn(test, "supervisor.north");
    expect((await supervisor.get(`/api/v1/appointments?${range}&officerId=${officerId}`)).json()).toHaveLength(2);
    const colleague = await signIn(test, "officer.north2");
    expect((await colleague.get(`/api/v1/appointments?${range}&officerId=${officerId}`)).statusCode).toBe(403);
    expect((await officer.get("/api/v1/appointments?from=2026-03-09T00:00:00Z&to=2026-09-16T00:00:00Z")).statusCode).toBe(400);
  });

  it("completes an appointment with the contact that fulfils it", async () => {
    const booked = (
      await officer.post(`/api/v1/cases/${caseId}/appointments`, { appointmentType: "office_visit", ...at("2026-03-10T14:30:00Z") })
    ).json();
    test.clock.set(new Date("2026-03-10T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    const contact = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      outcome: "completed",
      occurredAt: "2026-03-10T14:35:00Z",
      appointmentId: booked.id,
    });
    expect(contact.statusCode).toBe(201);
    const all = (await officer.get(`/api/v1/cases/${caseId}/appointments?upcoming=false`)).json();
    expect(all.find((entry: { id: string }) => entry.id === booked.id).status).toBe("completed");
    const again = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      outcome: "completed",
      occurredAt: "2026-03-10T14:40:00Z",
      appointmentId: booked.id,
    });
    expect(again.statusCode).toBe(409);

    // A no-show does not complete the appointment: it is missed.
    const later = (
      await officer.post(`/api/v1/cases/${caseId}/appointments`, { appointmentType: "office_visit", ...at("2026-03-10T15:30:00Z") })
    ).json();
    test.clock.set(new Date("2026-03-10T16:30:00Z"));
    officer = await signIn(test, "officer.north1");
    const noShow = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      outcome: "no_show",
      occurredAt: "2026-03-10T15:45:00Z",
      appointmentId: later.id,
    });
    expect(noShow.statusCode).toBe(201);
    const history = (await officer.get(`/api/v1/cases/${caseId}/appointments?upcoming=false`)).json();
    expect(history.find((entry: { id: string }) => entry.id === later.id).status).toBe("missed");
    // The whole history comes newest first, so the latest appointments are never cut off.
    const starts = history.map((entry: { startsAt: string }) => entry.startsAt);
    expect(starts).toEqual([...starts].sort().reverse());
  });

  it("serves a token-protected iCalendar feed with initials and types only", async () => {
    const booked = await officer.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "scheduled_home_visit",
      location: "Residence",
      ...at("2026-03-26T15:00:00Z"),
    });
    expect(booked.statusCode).toBe(201);
    const { url } = (await officer.post("/api/v1/calendar-feed")).json();
    const path = new URL(url).pathname;
    const feed = await test.app.inject({ method: "GET", url: path });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers["content-type"]).toMatch(/text\/calendar/);
    expect(feed.body).toContain("BEGIN:VCALENDAR");
    expect(feed.body).toContain("SUMMARY:QO — Home visit");
    expect(feed.body).not.toMatch(/Quinn|Okoro|Residence/);
    const { url: rotated } = (await officer.post("/api/v1/calendar-feed")).json();
    expect((await test.app.inject({ method: "GET", url: path })).statusCode).toBe(404);
    expect((await test.app.inject({ method: "GET", url: new URL(rotated).pathname })).statusCode).toBe(200);
    expect((await test.app.inject({ method: "GET", url: "/api/calendar/not-a-token.ics" })).statusCode).toBe(400);
  });

  it("writes RFC 5545 text with CRLF lines and escaped values", () => {
    const ics = toIcs(
      [
        {
          id: "a1",
          startsAt: "2026-03-12T15:00:00.000Z",
          endsAt: "2026-03-12T15:30:00.000Z",
          summary: "AB; visit, yard\\gate",
          status: "scheduled",
        },
      ],
      new Date("2026-03-10T00:00:00Z"),
    );
    expect(ics).toContain("DTSTART:20260312T150000Z\r\n");
    expect(ics).toContain("SUMMARY:AB\\; visit\\, yard\\\\gate\r\n");
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
  });
});
