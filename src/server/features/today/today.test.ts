import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TodayItem, TodayList, TodayTask } from "../../../shared/contract/today";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { suggestUnannouncedVisits } from "./today.service";

describe(`the officer's Today list (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  const cases: Record<"newAddress" | "overdue" | "booked" | "nothingDue", { caseId: string; personId: string }> = {} as never;
  const address = (movedIn: string) => ({
    line1: "14 Peachtree Pl",
    city: "Atlanta",
    state: "GA",
    postalCode: "30303",
    latitude: 33.76,
    longitude: -84.39,
    movedIn,
  });
  const today = async (client: Client = officer, query = "") => {
    const response = await client.get(`/api/v1/today${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as TodayList;
  };
  const itemFor = (list: TodayList, caseId: string) => list.items.find((item) => item.caseId === caseId);
  const kinds = (item: TodayItem | undefined) => item?.tasks.map((task) => task.kind);

  beforeAll(async () => {
    test = await createTestApp();
    // 10 am in the demo agency's time zone (New York) on a Tuesday.
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    officer = await signIn(test, "officer.north1");
    cases.newAddress = await intake(officer, { person: { firstName: "Ana", phone: "404-555-0101" } });
    expect((await officer.post(`/api/v1/people/${cases.newAddress.personId}/addresses`, address("2026-03-08"))).statusCode).toBe(201);
    expect(
      (await officer.post(`/api/v1/people/${cases.newAddress.personId}/cautions`, { kind: "dog", description: "Large dog in the yard" }))
        .statusCode,
    ).toBe(201);
    // Supervised since January with no contact at all: February's field contact carries over as overdue.
    cases.overdue = await intake(officer, { person: { firstName: "Ben" } });
    expect((await officer.post(`/api/v1/people/${cases.overdue.personId}/addresses`, address("2025-06-01"))).statusCode).toBe(201);
    cases.booked = await intake(officer, { person: { firstName: "Cal" } });
    expect((await officer.post(`/api/v1/people/${cases.booked.personId}/addresses`, address("2025-06-01"))).statusCode).toBe(201);
    const booking = await officer.post(`/api/v1/cases/${cases.booked.caseId}/appointments`, {
      appointmentType: "scheduled_home_visit",
      startsAt: "2026-03-10T18:00:00Z",
      endsAt: "2026-03-10T18:30:00Z",
      location: "Residence",
    });
    expect(booking.statusCode).toBe(201);
    // Administrative supervision that started today: nothing is due yet this quarter.
    cases.nothingDue = await intake(officer, {
      person: { firstName: "Dee" },
      case: { supervisionLevel: "administrative", supervisionStart: "2026-03-10" },
    });
    // The daily job suggests the day's unannounced visits as tasks (main.ts runs it through the job queue).
    await suggestUnannouncedVisits(test.deps, test.clock.now());
  });
  afterAll(() => test.close());

  it("lists what is due today for the officer's own cases, with the reason, address, phone and cautions", async () => {
    const list = await today();
    expect(list).toMatchObject({ date: "2026-03-10", timeZone: "America/New_York" });
    const newAddress = itemFor(list, cases.newAddress.caseId);
    expect(newAddress).toMatchObject({
      phone: "404-555-0101",
      address: { line1: "14 Peachtree Pl", latitude: 33.76, longitude: -84.39, verified: false },
      cautions: [{ kind: "dog", description: "Large dog in the yard" }],
    });
    const suggestion = newAddress?.tasks.find((task) => task.kind === "suggested_unannounced_visit");
    // The reasons are facts (dates, counts), never a sentence with raw dates: the client words and formats them.
    expect(suggestion).toMatchObject({
      reasons: expect.arrayContaining([{ kind: "home_verification_due", movedIn: "2026-03-08", dueBy: "2026-03-18", daysLeft: 8 }]),
    });
    expect(JSON.stringify(list.items.flatMap((item) => item.tasks))).not.toMatch(/"reason":"[^"]*\d{4}-\d{2}-\d{2}/);

    const overdue = itemFor(list, cases.overdue.caseId);
    expect(overdue?.tasks).toContainEqual(
      expect.objectContaining({ kind: "contact_due", requirement: "field", status: "overdue", dueBy: "2026-02-28" }),
    );
    expect(overdue?.tasks).toContainEqual({
      kind: "suggested_unannounced_visit",
      reasons: [
        { kind: "field_contact_overdue", dueBy: "2026-02-28" },
        { kind: "home_verification_overdue", dueBy: "2025-06-11" },
      ],
    });

    // A home visit already booked today: the appointment shows, no second visit is suggested.
    const booked = itemFor(list, cases.booked.caseId);
    expect(kinds(booked)).toContain("appointment");
    expect(kinds(booked)).not.toContain("suggested_unannounced_visit");
    expect(booked?.tasks[0]).toMatchObject({ appointmentType: "scheduled_home_visit", startsAt: "2026-03-10T18:00:00.000Z" });

    expect(itemFor(list, cases.nothingDue.caseId)).toBeUndefined();
    // Highest priority first: the overdue case outranks the one whose contacts are merely due.
    const order = list.items.map((item) => item.priorityScore);
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect((await auditRows(test.db, "action = 'today.list'")).length).toBeGreaterThan(0);
  });

  it("adds the day's drug tests from the random draw until the test is recorded", async () => {
    const program = { frequency: "random", testsPerMonth: 31, panel: ["thc", "cocaine"], method: "urine", startedOn: "2026-03-01" };
    expect((await officer.put(`/api/v1/cases/${cases.nothingDue.caseId}/testing-program`, program)).statusCode).toBe(200);
    const supervisor = await signIn(test, "supervisor.north");
    expect((await supervisor.post("/api/v1/testing/draws", { date: "2026-03-10" })).statusCode).toBe(201);
    officer = await signIn(test, "officer.north1");
    expect(itemFor(await today(), cases.nothingDue.caseId)?.tasks).toEqual([
      { kind: "drug_test", reason: "Selected in the random draw", tested: false },
    ]);
    const missed = await officer.post(`/api/v1/cases/${cases.nothingDue.caseId}/tests`, {
      status: "missed",
      collectedAt: "2026-03-10T13:30:00Z",
      method: "urine",
    });
    expect(missed.statusCode, missed.body).toBe(201);
    expect(itemFor(await today(), cases.nothingDue.caseId)).toBeUndefined();
  });

  it("stops suggesting a visit once one was made today, even an attempt", async () => {
    const attempt = await officer.post(`/api/v1/cases/${cases.overdue.caseId}/contacts`, {
      contactType: "unannounced_home_visit",
      occurredAt: "2026-03-10T13:45:00Z",
      outcome: "attempted",
    });
    expect(attempt.statusCode, attempt.body).toBe(201);
    const overdue = itemFor(await today(), cases.overdue.caseId);
    expect(kinds(overdue)).toContain("contact_due");
    expect(kinds(overdue)).not.toContain("suggested_unannounced_visit");
  });

  it("reads the contacts due from the contact_due tasks: a snoozed one leaves the list until its time, a met one for good", async () => {
    type ContactDue = Extract<TodayTask, { kind: "contact_due" }>;
    const contactsDue = async (caseId: string, query = "") =>
      (itemFor(await today(officer, query), caseId)?.tasks ?? []).filter((task): task is ContactDue => task.kind === "contact_due");
    const field = (await contactsDue(cases.overdue.caseId)).find((task) => task.requirement === "field");
    // February ended short: the missed period's task, with its own counts, overdue since the period's last day.
    expect(field).toMatchObject({ status: "overdue", dueBy: "2026-02-28", done: 0 });
    if (!field) throw new Error("no field contact due");
    const tasks = (await officer.get(`/api/v1/cases/${cases.overdue.caseId}/tasks`)).json().tasks as { id: string; kind: string }[];
    expect(tasks).toContainEqual(expect.objectContaining({ id: field.taskId, kind: "contact_due" }));

    // Snoozed with a reason: off today's list, back on a planned day after the snooze ends.
    const snoozed = await officer.post(`/api/v1/tasks/${field.taskId}/snooze`, {
      until: "2026-03-12T13:00:00Z",
      reason: "Person away at a funeral until Thursday",
    });
    expect(snoozed.statusCode, snoozed.body).toBe(200);
    expect((await contactsDue(cases.overdue.caseId)).map((task) => task.taskId)).not.toContain(field.taskId);
    expect(await contactsDue(cases.overdue.caseId, "?date=2026-03-12")).toContainEqual(
      expect.objectContaining({ taskId: field.taskId, status: "overdue" }),
    );

    // A field contact made: the standards close the task as done, and the list no longer shows it on any day.
    const visit = await officer.post(`/api/v1/cases/${cases.overdue.caseId}/contacts`, {
      contactType: "field_visit",
      occurredAt: "2026-03-10T13:50:00Z",
      outcome: "completed",
    });
    expect(visit.statusCode, visit.body).toBe(201);
    for (const query of ["", "?date=2026-03-12"]) {
      expect(
        (await contactsDue(cases.overdue.caseId, query)).filter((task) => task.requirement === "field"),
        query,
      ).toEqual([]);
    }
  });

  it("plans the coming week only, and shows nobody else's cases", async () => {
    expect((await officer.get("/api/v1/today?date=2026-03-09")).json().issues[0].field).toBe("date");
    expect((await officer.get("/api/v1/today?date=2026-03-18")).statusCode).toBe(400);
    expect((await officer.get("/api/v1/today?date=2026-03-10x")).statusCode).toBe(400);
    const tomorrow = await today(officer, "?date=2026-03-11");
    expect(itemFor(tomorrow, cases.booked.caseId)).toBeDefined();
    expect(kinds(itemFor(tomorrow, cases.booked.caseId))).not.toContain("appointment");

    // Another officer of the same unit, and their supervisor, have none of these cases on their own day.
    const colleague = await signIn(test, "officer.north2");
    const supervisor = await signIn(test, "supervisor.north");
    for (const client of [colleague, supervisor]) {
      const ids = (await today(client)).items.map((item) => item.caseId);
      for (const { caseId } of Object.values(cases)) expect(ids).not.toContain(caseId);
    }
    expect((await (await signIn(test, "auditor")).get("/api/v1/today")).statusCode).toBe(403);
  });

  it("says how many stops the day's route starts with, as the agency set it", async () => {
    expect((await today()).routeStopLimit).toBe(8);
    const admin = await signIn(test, "admin");
    expect((await admin.patch("/api/v1/agency/settings", { routeStopLimit: 5 })).json()).toMatchObject({ routeStopLimit: 5 });
    expect((await today()).routeStopLimit).toBe(5);
    expect((await admin.patch("/api/v1/agency/settings", { routeStopLimit: 41 })).statusCode).toBe(400);
  });

  it("tells the web client where map tiles come from", async () => {
    expect((await officer.get("/api/v1/map-config")).json()).toEqual({
      tileUrl: "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
      attribution: "© OpenStreetMap contributors",
    });
  });
});
