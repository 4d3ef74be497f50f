import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { escalateOverdueFieldVisits } from "../field-safety/field-safety.service";

type UserBody = { id: string; username: string };

// Settings the field-safety and testing services read: an administrator sets them, the services follow.
describe(`agency operating settings (${engineName})`, () => {
  let test: TestApp;
  let admin: Client;
  let users: UserBody[];
  const idOf = (username: string) => users.find((user) => user.username === username)!.id;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    admin = await signIn(test, "admin");
    users = (await admin.get("/api/v1/users")).json();
  });
  afterAll(() => test.close());

  it("shows the defaults and stores the duty contact, escalation minutes and missed-test policy, audited", async () => {
    expect((await admin.get("/api/v1/agency/settings")).json()).toMatchObject({
      fieldEscalationMinutes: 15,
      dutyContactUserId: null,
      missedTestCountsAsPositive: true,
    });
    const changed = await admin.patch("/api/v1/agency/settings", {
      fieldEscalationMinutes: 5,
      dutyContactUserId: idOf("supervisor.south"),
      missedTestCountsAsPositive: false,
    });
    expect(changed.statusCode).toBe(200);
    const expected = { fieldEscalationMinutes: 5, dutyContactUserId: idOf("supervisor.south"), missedTestCountsAsPositive: false };
    expect(changed.json()).toMatchObject(expected);
    expect((await admin.get("/api/v1/agency/settings")).json()).toMatchObject(expected);
    // Other settings are kept when not sent.
    expect((await admin.patch("/api/v1/agency/settings", { passwordMaxAgeDays: 90 })).json()).toMatchObject(expected);
    const [audit] = await test.db.query<{ details: unknown }>(
      "SELECT details FROM audit_log WHERE action = 'agency.settings_changed' ORDER BY id LIMIT 1",
    );
    expect(audit?.details).toMatchObject({ fieldEscalationMinutes: "5", missedTestCountsAsPositive: "false" });
  });

  it("refuses out-of-range minutes and a duty contact who is not an active user of the agency, changing nothing", async () => {
    const before = (await admin.get("/api/v1/agency/settings")).json();
    for (const [body, field] of [
      [{ fieldEscalationMinutes: 0 }, "fieldEscalationMinutes"],
      [{ fieldEscalationMinutes: 241 }, "fieldEscalationMinutes"],
      [{ fieldEscalationMinutes: 2.5 }, "fieldEscalationMinutes"],
      [{ missedTestCountsAsPositive: "yes" }, "missedTestCountsAsPositive"],
      [{ dutyContactUserId: "dispatch" }, "dutyContactUserId"],
      [{ fieldEscalationMinutes: 30, dutyContactUserId: "00000000-0000-4000-8000-000000000000" }, "dutyContactUserId"],
    ] as const) {
      const refused = await admin.patch("/api/v1/agency/settings", body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(refused.json().issues)).toContain(field);
    }
    const disabled = await admin.post(`/api/v1/users/${idOf("officer.south2")}/actions/disable`);
    expect(disabled.statusCode).toBe(200);
    const refused = await admin.patch("/api/v1/agency/settings", { dutyContactUserId: idOf("officer.south2") });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/active user of this agency/);
    expect((await admin.get("/api/v1/agency/settings")).json()).toEqual(before);
  });

  it("lets only administrators change them", async () => {
    const supervisor = await signIn(test, "supervisor.north");
    expect((await supervisor.patch("/api/v1/agency/settings", { fieldEscalationMinutes: 240 })).statusCode).toBe(403);
    expect((await admin.get("/api/v1/agency/settings")).json().fieldEscalationMinutes).toBe(5);
  });

  it("escalates at the agency's interval and tells its duty contact", async () => {
    const officer = await signIn(test, "officer.north1");
    const visit = await officer.post("/api/v1/field-visits", { location: "Settings test visit", expectedMinutes: 30 });
    expect(visit.statusCode).toBe(201);
    const late = new Date(new Date(visit.json().expectedEndAt).getTime() + 60_000);
    expect(await escalateOverdueFieldVisits(test.deps, late)).toBe(1);
    // Five minutes later (the agency's setting, not the default fifteen) it escalates again.
    expect(await escalateOverdueFieldVisits(test.deps, new Date(late.getTime() + 4 * 60_000))).toBe(0);
    expect(await escalateOverdueFieldVisits(test.deps, new Date(late.getTime() + 5 * 60_000))).toBe(1);
    const notified = await test.db.query<{ title: string }>(
      "SELECT title FROM notification WHERE user_id = $1 AND record_id = $2 ORDER BY created_at",
      [idOf("supervisor.south"), visit.json().id],
    );
    expect(notified.map((row) => row.title)).toEqual([
      "Olivia Ortiz has not checked out (level 1)",
      "Olivia Ortiz has not checked out (level 2)",
    ]);
    test.clock.set(new Date(late.getTime() + 6 * 60_000));
    expect((await (await signIn(test, "officer.north1")).post("/api/v1/field-visits/check-out")).statusCode).toBe(200);
  });

  it("tells the browser the agency's time zone in the session, following the agency's setting", async () => {
    // The clock moved on in the escalation test: a fresh session.
    admin = await signIn(test, "admin");
    const session = async (client: Client) => (await client.get("/api/auth/session")).json().user.agencyTimeZone;
    expect(await session(admin)).toBe("America/New_York");
    const standards = (await admin.get("/api/v1/contact-standards")).json();
    const { isDefault: _, ...body } = standards;
    expect((await admin.put("/api/v1/contact-standards", { ...body, timeZone: "America/Chicago" })).statusCode).toBe(200);
    expect(await session(admin)).toBe("America/Chicago");
    expect((await admin.put("/api/v1/contact-standards", { ...body, timeZone: "America/New_York" })).statusCode).toBe(200);
  });

  it("records a missed test as not positive when the agency says so", async () => {
    const officer = await signIn(test, "officer.north1");
    const { caseId } = await intake(officer, { case: { supervisionStart: "2026-02-01" } });
    const missed = await officer.post(`/api/v1/cases/${caseId}/tests`, {
      status: "missed",
      collectedAt: "2026-03-10T09:00:00-04:00",
      method: "urine",
    });
    expect(missed.statusCode).toBe(201);
    expect(missed.json().countsAsPositive).toBe(false);
  });
});
