import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { escalateOverdueFieldVisits } from "./field-safety.service";

type Notification = { title: string; urgent: boolean; recordId: string };

describe(`officer field safety (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;
  let cautionedCase: string;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    const { caseId, personId } = await intake(officer, { person: { firstName: "Rex" } });
    await officer.post(`/api/v1/people/${personId}/cautions`, { kind: "violence", description: "Assaulted an officer in 2019" });
    cautionedCase = caseId;
  });
  afterAll(() => test.close());

  it("refuses check-out without check-in, and a second check-in while one is open", async () => {
    const none = await officer.post("/api/v1/field-visits/check-out");
    expect(none.statusCode).toBe(409);
    expect(none.json().message).toMatch(/no field visit in progress/);
    expect((await officer.post("/api/v1/field-visits", { location: "Office errand", expectedMinutes: 30 })).statusCode).toBe(201);
    expect((await officer.post("/api/v1/field-visits", { location: "Elsewhere", expectedMinutes: 30 })).statusCode).toBe(409);
    expect((await officer.post("/api/v1/field-visits/check-out")).json().checkedOutAt).toBeTruthy();
  });

  it("asks for a second officer on a cautioned home visit, and records the reason when going alone", async () => {
    const alone = await officer.post("/api/v1/field-visits", { caseId: cautionedCase, location: "12 Elm St", expectedMinutes: 45 });
    expect(alone.statusCode).toBe(409);
    expect(alone.json().issues[0]).toEqual({ field: "secondOfficerId", message: "required because of a violence caution" });
    const overridden = await officer.post("/api/v1/field-visits", {
      caseId: cautionedCase,
      location: "12 Elm St",
      expectedMinutes: 45,
      soloOverrideReason: "Partner out sick; police on standby",
    });
    expect(overridden.statusCode).toBe(201);
    expect(overridden.json()).toMatchObject({
      soloOverrideReason: "Partner out sick; police on standby",
      secondOfficer: null,
      escalationLevel: 0,
    });
    expect((await supervisor.get("/api/v1/field-visits/active")).json().map((visit: { location: string }) => visit.location)).toEqual([
      "12 Elm St",
    ]);
  });

  it("escalates an overdue visit until a supervisor acknowledges it, without double alerts from two instances", async () => {
    const [visit] = (await officer.get("/api/v1/field-visits/active")).json();
    expect(await escalateOverdueFieldVisits(test.deps, new Date("2026-03-10T14:40:00Z"))).toBe(0);
    const late = new Date(new Date(visit.expectedEndAt).getTime() + 60_000);
    const [first, second] = await Promise.all([escalateOverdueFieldVisits(test.deps, late), escalateOverdueFieldVisits(test.deps, late)]);
    expect(first + second).toBe(1);
    test.clock.set(late);
    // 45 minutes on, the earlier sessions have timed out.
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    const alerts: Notification[] = (await supervisor.get("/api/v1/notifications")).json();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ urgent: true, title: "Olivia Ortiz has not checked out (level 1)", recordId: visit.id });
    expect((await officer.get("/api/v1/notifications")).json()[0].title).toBe("Check out of your field visit");
    const southSupervisor = await signIn(test, "supervisor.south");
    expect((await southSupervisor.get("/api/v1/notifications")).json()).toHaveLength(0);

    // Not acknowledged 15 minutes later: every supervisor of the agency is told.
    expect(await escalateOverdueFieldVisits(test.deps, new Date(late.getTime() + 5 * 60_000))).toBe(0);
    expect(await escalateOverdueFieldVisits(test.deps, new Date(late.getTime() + 16 * 60_000))).toBe(1);
    expect((await southSupervisor.get("/api/v1/notifications")).json()[0].title).toMatch(/level 2/);
    expect((await southSupervisor.post(`/api/v1/field-visits/${visit.id}/acknowledge`)).statusCode).toBe(403);
    test.clock.set(new Date(late.getTime() + 17 * 60_000));
    supervisor = await signIn(test, "supervisor.north");
    const acknowledged = await supervisor.post(`/api/v1/field-visits/${visit.id}/acknowledge`);
    expect(acknowledged.json()).toMatchObject({ escalationLevel: 2 });
    expect(acknowledged.json().acknowledgedAt).toBeTruthy();
    expect(await escalateOverdueFieldVisits(test.deps, new Date(late.getTime() + 60 * 60_000))).toBe(0);
    const escalations = await test.db.query("SELECT 1 FROM audit_log WHERE action = 'field_visit.escalated'");
    expect(escalations).toHaveLength(2);
    const newest = (await supervisor.get("/api/v1/notifications")).json()[0];
    expect((await supervisor.post(`/api/v1/notifications/${newest.id}/read`)).statusCode).toBe(200);
    expect(
      (await supervisor.get("/api/v1/notifications")).json().find((entry: { id: string }) => entry.id === newest.id).readAt,
    ).toBeTruthy();
  });
});
