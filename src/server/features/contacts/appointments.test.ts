import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { caseVersion, intake } from "../../test-support/supervision-fixtures";
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
    expect(booked.json().version).toBe(1);
    const moved = await officer.patch(`/api/v1/appointments/${booked.json().id}`, { ...at("2026-03-13T16:00:00Z"), expectedVersion: 1 });
    expect(moved.json()).toMatchObject({ startsAt: "2026-03-13T16:00:00.000Z", version: 2 });
    const office = (
      await officer.post(`/api/v1/cases/${caseId}/appointments`, { appointmentType: "office_visit", ...at("2026-03-11T14:00:00Z") })
    ).json();
    const cancelled = await officer.post(`/api/v1/appointments/${office.id}/cancel`, { reason: "Client in hospital", expectedVersion: 1 });
    expect(cancelled.json()).toMatchObject({ status: "cancelled", cancelReason: "Client in hospital" });
    expect(
      (await officer.patch(`/api/v1/appointments/${office.id}`, { ...at("2026-03-14T14:00:00Z"), expectedVersion: 2 })).statusCode,
    ).toBe(409);
    // Without the version it was based on, a change is refused rather than applied blindly.
    expect((await officer.patch(`/api/v1/appointments/${booked.json().id}`, at("2026-03-13T17:00:00Z"))).statusCode).toBe(400);
    const upcoming = (await officer.get(`/api/v1/cases/${caseId}/appointments`)).json();
    expect(upcoming.map((entry: { id: string }) => entry.id)).toEqual([booked.json().id]);
  });

  it("refuses a move or cancel based on an older version (two people at once) with 409 edit_conflict, writing nothing", async () => {
    const booked = (
      await officer.post(`/api/v1/cases/${caseId}/appointments`, { appointmentType: "office_visit", ...at("2026-03-12T18:00:00Z") })
    ).json();
    // Two officers opened the appointment at version 1; the first moves it.
    const first = await officer.patch(`/api/v1/appointments/${booked.id}`, { ...at("2026-03-12T19:00:00Z"), expectedVersion: 1 });
    expect(first.statusCode).toBe(200);
    const second = await officer.patch(`/api/v1/appointments/${booked.id}`, { ...at("2026-03-12T20:00:00Z"), expectedVersion: 1 });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: "edit_conflict" });
    expect(second.json().message).toMatch(/Olivia Ortiz changed this appointment on .+ Reload/);
    const cancel = await officer.post(`/api/v1/appointments/${booked.id}/cancel`, { reason: "Rescheduled by phone", expectedVersion: 1 });
    expect(cancel.statusCode).toBe(409);
    const [row] = await test.db.query<{ starts_at: Date; status: string; version: number }>(
      "SELECT starts_at, status, version FROM appointment WHERE id = $1",
      [booked.id],
    );
    expect(row).toMatchObject({ status: "scheduled", version: 2 });
    expect(new Date(row!.starts_at).toISOString()).toBe("2026-03-12T19:00:00.000Z");
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
    await officer.post(`/api/v1/appointments/${office.id}/cancel`, { reason: "Client in hospital", expectedVersion: 1 });
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

  it("refuses an outcome dated at a future appointment's time, leaving the appointment scheduled", async () => {
    const future = (
      await officer.post(`/api/v1/cases/${caseId}/appointments`, { appointmentType: "office_visit", ...at("2026-03-11T14:00:00Z") })
    ).json();
    const early = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      outcome: "completed",
      occurredAt: future.startsAt,
      appointmentId: future.id,
    });
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ message: expect.stringMatching(/future/), issues: [{ field: "occurredAt" }] });
    const all = (await officer.get(`/api/v1/cases/${caseId}/appointments?upcoming=false`)).json();
    expect(all.find((entry: { id: string }) => entry.id === future.id).status).toBe("scheduled");
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

describe(`whose calendar shows an appointment (${engineName})`, () => {
  let test: TestApp;
  const userIds = new Map<string, string>();
  const week = "from=2026-05-04T00:00:00Z&to=2026-05-11T00:00:00Z";
  const at = (iso: string) => ({ startsAt: iso, endsAt: new Date(new Date(iso).getTime() + 30 * 60_000).toISOString() });
  const calendarOf = async (client: Client, officer?: string) =>
    (await client.get(`/api/v1/appointments?${week}${officer ? `&officerId=${userIds.get(officer)}` : ""}`)).json() as {
      id: string;
      caseId: string;
      officer: { id: string };
    }[];
  const feedOf = async (client: Client) => {
    const { url } = (await client.post("/api/v1/calendar-feed")).json();
    return (await test.app.inject({ method: "GET", url: new URL(url).pathname })).body;
  };

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-05-01T14:00:00Z"));
    for (const row of await test.db.query<{ id: string; username: string }>("SELECT id, username FROM app_user")) {
      userIds.set(row.username, row.id);
    }
  });
  afterAll(() => test.close());

  it("opens a calendar only by the case: administrators, auditors and other units are refused and audited", async () => {
    const officer = await signIn(test, "officer.north1");
    const { caseId } = await intake(officer, { person: { firstName: "Vera", lastName: "Lindqvist" } });
    const booked = await officer.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "scheduled_home_visit",
      location: "12 Birch Lane",
      ...at("2026-05-05T15:00:00Z"),
    });
    expect(booked.statusCode).toBe(201);
    expect((await calendarOf(officer)).map((entry) => entry.caseId)).toContain(caseId);
    expect((await calendarOf(await signIn(test, "supervisor.north"), "officer.north1")).map((entry) => entry.caseId)).toContain(caseId);
    for (const username of ["admin", "auditor", "supervisor.south", "officer.north2"]) {
      const response = await (await signIn(test, username)).get(`/api/v1/appointments?${week}&officerId=${userIds.get("officer.north1")}`);
      expect(response.statusCode, username).toBe(403);
      expect(response.body).not.toMatch(/Vera|Lindqvist|Birch/);
    }
    const denied = await auditRows(test.db, "action = 'appointment.calendar' AND outcome = 'denied'");
    expect(denied.map((row) => row.actor_username).sort()).toEqual(["admin", "auditor", "officer.north2", "supervisor.south"]);
    // An administrator's own calendar is no way in either: they open no supervision records.
    expect((await (await signIn(test, "admin")).get(`/api/v1/appointments?${week}`)).statusCode).toBe(403);
  });

  it("moves the case's appointments with a transfer, in the calendar and the feed of both officers", async () => {
    const north1 = await signIn(test, "officer.north1");
    const north2 = await signIn(test, "officer.north2");
    const supervisorNorth = await signIn(test, "supervisor.north");
    const { caseId } = await intake(north1, { person: { firstName: "Tomas", lastName: "Brandt" } });
    // The co-officer books (and so meets) one appointment; it stays on the co-officer's calendar, not the supervising officer's.
    expect(
      (await supervisorNorth.post(`/api/v1/cases/${caseId}/co-officers`, { officerId: userIds.get("officer.north2"), expectedVersion: 1 }))
        .statusCode,
    ).toBeLessThan(300);
    const own = (
      await north1.post(`/api/v1/cases/${caseId}/appointments`, { appointmentType: "office_visit", ...at("2026-05-05T14:00:00Z") })
    ).json();
    const partner = (
      await north2.post(`/api/v1/cases/${caseId}/appointments`, { appointmentType: "field_visit", ...at("2026-05-06T14:00:00Z") })
    ).json();
    const idsOf = (entries: { caseId: string; id?: string }[]) =>
      entries.filter((entry) => entry.caseId === caseId).map((entry) => entry.id);
    expect(idsOf(await calendarOf(north1))).toEqual([own.id]);
    expect(idsOf(await calendarOf(north2))).toEqual([partner.id]);
    const north1FeedPath = new URL((await north1.post("/api/v1/calendar-feed")).json().url).pathname;
    const north1Feed = async () => (await test.app.inject({ method: "GET", url: north1FeedPath })).body;
    expect(await north1Feed()).toContain(`UID:${own.id}@waypoint`);

    const moved = await supervisorNorth.post(`/api/v1/cases/${caseId}/transfer`, {
      officerId: userIds.get("officer.south1"),
      reason: "Moved south",
      expectedVersion: await caseVersion(supervisorNorth, caseId),
    });
    expect(moved.statusCode).toBe(200);

    const south1 = await signIn(test, "officer.south1");
    const southEntries = (await calendarOf(south1)).filter((entry) => entry.caseId === caseId);
    expect(southEntries.map((entry) => entry.id).sort()).toEqual([own.id, partner.id].sort());
    expect(southEntries.every((entry) => entry.officer.id === userIds.get("officer.south1"))).toBe(true);
    const southFeed = await feedOf(south1);
    expect(southFeed).toContain(`UID:${own.id}@waypoint`);
    expect(southFeed).toContain(`UID:${partner.id}@waypoint`);
    expect(southFeed).toContain("SUMMARY:TB — Office visit");
    // The new officer's day shows the appointment too.
    const day = (await south1.get("/api/v1/today?date=2026-05-05")).json() as { items: { caseId: string; tasks: { kind: string }[] }[] };
    expect(day.items.find((item) => item.caseId === caseId)?.tasks.map((task) => task.kind)).toContain("appointment");

    expect(idsOf(await calendarOf(north1))).toEqual([]);
    expect(idsOf(await calendarOf(north2))).toEqual([]);
    expect(idsOf(await calendarOf(supervisorNorth, "officer.north1"))).toEqual([]);
    // The old officer's feed address keeps working, without the case.
    const oldFeed = await north1Feed();
    expect(oldFeed).toContain("BEGIN:VCALENDAR");
    expect(oldFeed).not.toContain(own.id);
    expect(oldFeed).not.toContain(partner.id);
  });
});

describe(`the calendar feed address (${engineName})`, () => {
  it("comes from PUBLIC_URL whatever the Host header, and its token never reaches the request log", async () => {
    const logLines: string[] = [];
    const test = await createTestApp(
      { publicUrl: "https://waypoint.agency.example", logLevel: "info" },
      { logDestination: { write: (line: string) => logLines.push(line) } },
    );
    try {
      test.clock.set(new Date("2026-05-01T14:00:00Z"));
      const officer = await signIn(test, "officer.north1");
      const rotated = await test.app.inject({
        method: "POST",
        url: "/api/v1/calendar-feed",
        headers: {
          cookie: officer.cookie,
          "x-csrf-token": officer.csrfToken,
          host: "attacker.example",
          "x-forwarded-host": "attacker.example",
        },
      });
      const url = new URL(rotated.json().url);
      expect(url.origin).toBe("https://waypoint.agency.example");
      const token = url.pathname.match(/\/api\/calendar\/([\w-]+)\.ics$/)?.[1];
      expect(token).toHaveLength(43);
      expect((await test.app.inject({ method: "GET", url: url.pathname })).statusCode).toBe(200);
      // A token in a query parameter (a mistyped address, a future form of the link) is redacted too.
      await test.app.inject({ method: "GET", url: `/api/calendar/x.ics?token=${token}` });
      const log = logLines.join("");
      expect(log).toContain("/api/calendar/[redacted].ics");
      expect(log).not.toContain(token);
    } finally {
      await test.close();
    }
  });
});
