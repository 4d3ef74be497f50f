import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { escalateOverdueFieldVisits } from "./field-safety.service";

type Notification = { title: string; body: string; urgent: boolean; recordId: string };

describe(`officer field safety (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
  });
  // Each test starts on a day of its own (the clock only moves forward: sign-in codes are single-use), signed in afresh.
  beforeEach(async () => {
    test.clock.advance(24 * 3600_000);
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
  });
  // An officer has one open visit at a time: none is left open for the next test, whatever this one did.
  afterEach(async () => {
    const own = await signIn(test, "officer.north1");
    if ((await own.get("/api/v1/field-visits/active")).json().length > 0) await own.post("/api/v1/field-visits/check-out");
  });
  afterAll(() => test.close());

  /** A case of the officer's with a violence caution, which calls for a second officer on a home visit. */
  async function cautionedCase(): Promise<string> {
    const { caseId, personId } = await intake(officer, { person: { firstName: "Rex" } });
    await officer.post(`/api/v1/people/${personId}/cautions`, { kind: "violence", description: "Assaulted an officer in 2019" });
    return caseId;
  }

  it("refuses check-out without check-in, and a second check-in while one is open", async () => {
    const none = await officer.post("/api/v1/field-visits/check-out");
    expect(none.statusCode).toBe(409);
    expect(none.json().message).toMatch(/no field visit in progress/);
    expect((await officer.post("/api/v1/field-visits", { location: "Office errand", expectedMinutes: 30 })).statusCode).toBe(201);
    expect((await officer.post("/api/v1/field-visits", { location: "Elsewhere", expectedMinutes: 30 })).statusCode).toBe(409);
    expect((await officer.post("/api/v1/field-visits/check-out")).json().checkedOutAt).toBeTruthy();
  });

  it("asks for a second officer on a cautioned home visit, and records the reason when going alone", async () => {
    const caseId = await cautionedCase();
    const alone = await officer.post("/api/v1/field-visits", { caseId, location: "12 Elm St", expectedMinutes: 45 });
    expect(alone.statusCode).toBe(409);
    expect(alone.json().issues[0]).toEqual({ field: "secondOfficerId", message: "required because of a violence caution" });
    const overridden = await officer.post("/api/v1/field-visits", {
      caseId,
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
    const caseId = await cautionedCase();
    const started = await officer.post("/api/v1/field-visits", {
      caseId,
      location: "12 Elm St",
      expectedMinutes: 45,
      soloOverrideReason: "Partner out sick; police on standby",
    });
    const visit = started.json();
    const alertsOf = async (client: Client) =>
      ((await client.get("/api/v1/notifications")).json() as (Notification & { id: string })[]).filter(
        (entry) => entry.recordId === visit.id,
      );
    expect(await escalateOverdueFieldVisits(test.deps, new Date(test.clock.now().getTime() + 40 * 60_000))).toBe(0);
    const late = new Date(new Date(visit.expectedEndAt).getTime() + 60_000);
    const [first, second] = await Promise.all([escalateOverdueFieldVisits(test.deps, late), escalateOverdueFieldVisits(test.deps, late)]);
    expect(first + second).toBe(1);
    test.clock.set(late);
    // 45 minutes on, the earlier sessions have timed out.
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    const alerts = await alertsOf(supervisor);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ urgent: true, title: "Olivia Ortiz has not checked out (level 1)", recordId: visit.id });
    // The supervisor is told how to reach the officer; the officer's page can say when the supervisor was alerted.
    expect(alerts[0]?.body).toContain("Call them on (555) 010-0111");
    const [open] = (await supervisor.get("/api/v1/field-visits/active")).json();
    expect(open).toMatchObject({ officer: { phone: "(555) 010-0111" }, escalationLevel: 1, lastEscalatedAt: late.toISOString() });
    expect((await alertsOf(officer))[0]?.title).toBe("Check out of your field visit");
    const southSupervisor = await signIn(test, "supervisor.south");
    expect(await alertsOf(southSupervisor)).toHaveLength(0);

    // Not acknowledged 15 minutes later: every supervisor of the agency is told.
    expect(await escalateOverdueFieldVisits(test.deps, new Date(late.getTime() + 5 * 60_000))).toBe(0);
    expect(await escalateOverdueFieldVisits(test.deps, new Date(late.getTime() + 16 * 60_000))).toBe(1);
    expect((await alertsOf(southSupervisor))[0]?.title).toMatch(/level 2/);
    expect((await southSupervisor.post(`/api/v1/field-visits/${visit.id}/acknowledge`)).statusCode).toBe(403);
    expect((await officer.post(`/api/v1/field-visits/${visit.id}/acknowledge`)).statusCode).toBe(403);
    const deniedAcknowledgements = await auditRows(
      test.db,
      "action = 'field_visit.acknowledged' AND outcome = 'denied' AND record_id = $1",
      [visit.id],
    );
    expect(deniedAcknowledgements.map((row) => row.actor_username)).toEqual(["supervisor.south", "officer.north1"]);
    test.clock.set(new Date(late.getTime() + 17 * 60_000));
    supervisor = await signIn(test, "supervisor.north");
    const acknowledged = await supervisor.post(`/api/v1/field-visits/${visit.id}/acknowledge`);
    expect(acknowledged.json()).toMatchObject({ escalationLevel: 2 });
    expect(acknowledged.json().acknowledgedAt).toBeTruthy();
    expect(await escalateOverdueFieldVisits(test.deps, new Date(late.getTime() + 60 * 60_000))).toBe(0);
    const escalations = await test.db.query("SELECT 1 FROM audit_log WHERE action = 'field_visit.escalated' AND record_id = $1", [
      visit.id,
    ]);
    expect(escalations).toHaveLength(2);
    const newest = (await alertsOf(supervisor))[0]!;
    // Someone else's notification: 403 with a denied audit row, and it stays unread.
    expect((await southSupervisor.post(`/api/v1/notifications/${newest.id}/read`)).statusCode).toBe(403);
    expect(await auditRows(test.db, "action = 'notification.read' AND outcome = 'denied' AND record_id = $1", [newest.id])).toHaveLength(1);
    expect((await alertsOf(supervisor)).find((entry) => entry.id === newest.id)).toMatchObject({ id: newest.id, readAt: null });
    expect((await supervisor.post(`/api/v1/notifications/${newest.id}/read`)).statusCode).toBe(200);
    expect(
      (await supervisor.get("/api/v1/notifications")).json().find((entry: { id: string }) => entry.id === newest.id).readAt,
    ).toBeTruthy();
    // Acknowledged, but still open until the officer checks out.
    expect((await officer.get("/api/v1/field-visits/active")).json()).toHaveLength(1);
  });

  it("tells the supervisor when an overdue officer has no phone number on record", async () => {
    const colleague = await signIn(test, "officer.north2");
    const visit = (await colleague.post("/api/v1/field-visits", { location: "Errand", expectedMinutes: 10 })).json();
    await escalateOverdueFieldVisits(test.deps, new Date(new Date(visit.expectedEndAt).getTime() + 60_000));
    const alert = ((await supervisor.get("/api/v1/notifications")).json() as Notification[]).find((entry) => entry.recordId === visit.id);
    expect(alert?.body).toContain("Their user record has no phone number");
    const listed = (await supervisor.get("/api/v1/field-visits/active")).json().find((entry: { id: string }) => entry.id === visit.id);
    expect(listed.officer.phone).toBeNull();
    expect((await colleague.post("/api/v1/field-visits/check-out")).statusCode).toBe(200);
  });

  it("lists colleagues who can go along as second officer, and refuses a second officer who is not one", async () => {
    const colleagues: { id: string; displayName: string; unitName: string | null; sameUnit: boolean }[] = (
      await officer.get("/api/v1/field-visits/colleagues")
    ).json();
    const names = colleagues.map((entry) => entry.displayName);
    expect(names).toContain("Marcus Bell");
    expect(names).toContain("Sofia Reyes");
    // Not the officer, nor the administrator or auditor; own unit first.
    expect(names).not.toContain("Olivia Ortiz");
    expect(names).not.toContain("Ada Whitfield");
    expect(colleagues.findIndex((entry) => !entry.sameUnit)).toBeGreaterThan(colleagues.findLastIndex((entry) => entry.sameUnit));
    expect(colleagues.find((entry) => entry.displayName === "Marcus Bell")).toMatchObject({
      unitName: "North Field Office",
      sameUnit: true,
    });

    const [self] = await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'officer.north1'");
    const visit = { caseId: await cautionedCase(), location: "12 Elm St", expectedMinutes: 30 };
    const withSelf = await officer.post("/api/v1/field-visits", { ...visit, secondOfficerId: self!.id });
    expect(withSelf.statusCode).toBe(409);
    expect(withSelf.json().issues[0].field).toBe("secondOfficerId");
    const paired = await officer.post("/api/v1/field-visits", {
      ...visit,
      secondOfficerId: colleagues.find((entry) => entry.displayName === "Marcus Bell")!.id,
    });
    expect(paired.statusCode).toBe(201);
    expect(paired.json()).toMatchObject({ secondOfficer: { displayName: "Marcus Bell" }, soloOverrideReason: null });
    expect((await officer.post("/api/v1/field-visits/check-out")).statusCode).toBe(200);
  });
});
