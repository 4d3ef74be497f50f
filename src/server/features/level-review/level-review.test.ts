import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monthsBefore } from "../../../shared/time/calendar-date";
import { raiseEvent } from "../../platform/events/supervision-events";
import { completedAssessment } from "../../test-support/assessment-fixtures";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { caseVersion, intake } from "../../test-support/supervision-fixtures";
import { type CaseFacts, listedAfter, loadLevelReviewPolicy, opportunityOf } from "./level-review";

describe("level review rules", () => {
  const policy = loadLevelReviewPolicy();
  const facts = (overrides: Partial<CaseFacts>): CaseFacts => ({
    level: "high",
    assessment: { id: "a1", riskLevel: "moderate", completedAt: "2026-02-01T10:00:00.000Z" },
    streakFrom: "2026-01-05",
    ...overrides,
  });

  it("counts whole months back, to the last day of a shorter month", () => {
    expect(monthsBefore("2026-03-02", 6)).toBe("2025-09-02");
    expect(monthsBefore("2026-08-31", 6)).toBe("2026-02-28");
    expect(monthsBefore("2026-01-15", 1)).toBe("2025-12-15");
  });

  it("suggests the level the assessment supports, or one step down after the streak, and nothing otherwise", () => {
    expect(opportunityOf(facts({}), policy, "2026-03-02")).toMatchObject({
      suggestedLevel: "moderate",
      criteria: [{ kind: "level_above_assessment", riskLevel: "moderate", supportedLevel: "moderate" }],
    });
    // At the supported level, before the streak: none. On the streak's last day: one step down.
    expect(opportunityOf(facts({ level: "moderate" }), policy, "2026-03-02")).toBeNull();
    expect(opportunityOf(facts({ level: "moderate", streakFrom: "2025-09-02" }), policy, "2026-03-01")).toBeNull();
    expect(opportunityOf(facts({ level: "moderate", streakFrom: "2025-09-02" }), policy, "2026-03-02")).toMatchObject({
      suggestedLevel: "low",
      criteria: [{ kind: "compliance_streak", months: 6, since: "2025-09-02" }],
    });
    // Both: the assessment's level is suggested; nothing below the lowest level.
    expect(opportunityOf(facts({ streakFrom: "2025-01-01" }), policy, "2026-03-02")?.criteria.map((c) => c.kind)).toEqual([
      "level_above_assessment",
      "compliance_streak",
    ]);
    expect(opportunityOf(facts({ level: "administrative", assessment: null, streakFrom: "2020-01-01" }), policy, "2026-03-02")).toBeNull();
  });

  it("keeps a denial while the opportunity is the same and a snooze until its day", () => {
    const opportunity = opportunityOf(facts({}), policy, "2026-03-02")!;
    expect(listedAfter(opportunity, { key: opportunity.key, decision: "denied", snoozedUntil: null }, "2026-03-02").listed).toBe(false);
    expect(listedAfter(opportunity, { key: "other", decision: "denied", snoozedUntil: null }, "2026-03-02").listed).toBe(true);
    const snoozed = { key: opportunity.key, decision: "snoozed" as const, snoozedUntil: "2026-03-10" };
    expect(listedAfter(opportunity, snoozed, "2026-03-09")).toEqual({ listed: false, snoozeEnded: null });
    expect(listedAfter(opportunity, snoozed, "2026-03-10")).toEqual({ listed: true, snoozeEnded: "2026-03-10" });
  });
});

describe(`level review opportunities (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;
  let otherUnitOfficer: Client;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-02T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    otherUnitOfficer = await signIn(test, "officer.south1");
  });
  afterAll(() => test.close());

  type Listed = { caseId: string; opportunityKey: string; caseVersion: number; criteria: { kind: string }[]; snoozeEnded: string | null };
  const listed = async (client: Client, caseId: string): Promise<Listed | undefined> => {
    const response = await client.get("/api/v1/level-reviews");
    expect(response.statusCode, response.body).toBe(200);
    return response.json().opportunities.find((entry: Listed) => entry.caseId === caseId);
  };

  /** A completed assessment (risk moderate, which sets the level to moderate), then the officer keeps the case at `level`. */
  const assessedButKeptAt = async (caseId: string, level: string) => {
    await completedAssessment(officer, caseId);
    const kept = await officer.patch(`/api/v1/cases/${caseId}`, {
      expectedVersion: await caseVersion(officer, caseId),
      reason: "Kept higher on the officer's judgment",
      supervisionLevel: level,
    });
    expect(kept.statusCode, kept.body).toBe(200);
  };

  it("lists a case supervised above its assessment for its officer and the unit's supervisor, with the mismatch count", async () => {
    const { caseId } = await intake(officer, { case: { supervisionLevel: "high" } });
    expect(await listed(officer, caseId)).toBeUndefined();
    await assessedButKeptAt(caseId, "high");
    const entry = await listed(officer, caseId);
    expect(entry).toMatchObject({
      supervisionLevel: "high",
      suggestedLevel: "moderate",
      criteria: [{ kind: "level_above_assessment", riskLevel: "moderate", supportedLevel: "moderate" }],
      snoozeEnded: null,
    });
    const unit = (await supervisor.get("/api/v1/level-reviews")).json();
    expect(unit.opportunities.some((opportunity: Listed) => opportunity.caseId === caseId)).toBe(true);
    const mine = unit.byOfficer.find((row: { officer: { displayName: string } }) => row.officer.displayName === "Olivia Ortiz");
    expect(mine.mismatches).toBeGreaterThanOrEqual(1);
    expect(mine.opportunities).toBeGreaterThanOrEqual(1);
    expect(await listed(otherUnitOfficer, caseId)).toBeUndefined();
    // The caseload's filter shows it.
    const caseload = await officer.get("/api/v1/caseload?levelReview=true&limit=200");
    expect(caseload.json().entries.map((row: { caseId: string }) => row.caseId)).toContain(caseId);
  });

  it("snoozes until a day with a reason, then lists it again; denies it; lowers the level through the case's history", async () => {
    const { caseId } = await intake(officer, { case: { supervisionLevel: "intensive" } });
    await assessedButKeptAt(caseId, "intensive");
    const entry = (await listed(officer, caseId))!;
    const snooze = (body: Record<string, unknown>) => officer.post(`/api/v1/cases/${caseId}/level-review/snooze`, body);
    const noReason = await snooze({ opportunityKey: entry.opportunityKey, until: "2026-03-10" });
    expect(noReason.statusCode).toBe(400);
    expect((await snooze({ opportunityKey: entry.opportunityKey, reason: "Waiting", until: "2026-03-02" })).json().issues).toEqual([
      { field: "until", message: "after today, at most 180 days ahead" },
    ]);
    expect((await snooze({ opportunityKey: "stale", reason: "Waiting", until: "2026-03-10" })).statusCode).toBe(409);
    expect(
      (
        await otherUnitOfficer.post(`/api/v1/cases/${caseId}/level-review/snooze`, {
          opportunityKey: entry.opportunityKey,
          reason: "x",
          until: "2026-03-10",
        })
      ).statusCode,
    ).toBe(403);
    const snoozed = await snooze({ opportunityKey: entry.opportunityKey, reason: "Waiting for the treatment report", until: "2026-03-10" });
    expect(snoozed.statusCode, snoozed.body).toBe(200);
    expect(await listed(officer, caseId)).toBeUndefined();
    expect(
      (await officer.get("/api/v1/caseload?levelReview=true&limit=200")).json().entries.map((row: { caseId: string }) => row.caseId),
    ).not.toContain(caseId);
    // Eight days on (a new sign-in: the session would have ended): the snooze's day has come.
    test.clock.set(new Date("2026-03-10T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    expect(await listed(officer, caseId)).toMatchObject({ snoozeEnded: "2026-03-10" });

    const deny = (body: Record<string, unknown>) => officer.post(`/api/v1/cases/${caseId}/level-review/deny`, body);
    expect((await deny({ opportunityKey: entry.opportunityKey, reason: "  " })).statusCode).toBe(400);
    expect(
      (await deny({ opportunityKey: entry.opportunityKey, reason: "Gang ties: the court asked for intensive supervision" })).statusCode,
    ).toBe(200);
    expect(await listed(officer, caseId)).toBeUndefined();

    // A new assessment makes a new opportunity; acting on it lowers the level as a case change with its reason.
    await assessedButKeptAt(caseId, "intensive");
    const fresh = (await listed(officer, caseId))!;
    const action = (body: Record<string, unknown>) => officer.post(`/api/v1/cases/${caseId}/level-review/action`, body);
    const base = { opportunityKey: fresh.opportunityKey, reason: "Stable for a year", expectedVersion: fresh.caseVersion };
    expect((await action({ ...base, level: "intensive" })).json().issues).toEqual([
      { field: "level", message: "not lower than the current level" },
    ]);
    expect((await action({ ...base, level: "moderate", expectedVersion: fresh.caseVersion + 5 })).statusCode).toBe(409);
    // The reason goes into the case's history after "Level review: ", within its 500 characters: too long is a 400, not a 500.
    const tooLong = await action({ ...base, level: "moderate", reason: "x".repeat(490) });
    expect(tooLong.statusCode, tooLong.body).toBe(400);
    expect(tooLong.json().issues).toEqual([{ field: "body.reason", message: "Keep the reason under 486 characters" }]);
    const acted = await action({ ...base, level: "moderate" });
    expect(acted.statusCode, acted.body).toBe(200);
    const [row] = await test.db.query<{ supervision_level: string }>("SELECT supervision_level FROM supervision_case WHERE id = $1", [
      caseId,
    ]);
    expect(row!.supervision_level).toBe("moderate");
    const history = await test.db.query<{ field: string; old_value: string; new_value: string; reason: string }>(
      "SELECT field, old_value, new_value, reason FROM case_change WHERE case_id = $1 AND reason LIKE 'Level review:%'",
      [caseId],
    );
    // One change in the case's history is the level review's (the assessments and the officer's own come before it).
    expect(history).toEqual([
      { field: "supervision_level", old_value: "intensive", new_value: "moderate", reason: "Level review: Stable for a year" },
    ]);
    const levels = await test.db.query<{ supervision_level: string; effective_on: string }>(
      "SELECT supervision_level, to_char(effective_on, 'YYYY-MM-DD') AS effective_on FROM case_level_change WHERE case_id = $1 ORDER BY created_at, effective_on",
      [caseId],
    );
    expect(levels.at(-1)).toEqual({ supervision_level: "moderate", effective_on: "2026-03-10" });
    expect(await listed(officer, caseId)).toBeUndefined();
    const audit = await auditRows(test.db, "record_id = $1 AND action LIKE 'level_review.%'", [caseId]);
    expect(audit.map((entry) => `${entry.action} ${entry.outcome}`)).toEqual([
      "level_review.snoozed denied",
      "level_review.snoozed allowed",
      "level_review.denied allowed",
      "level_review.actioned allowed",
    ]);
  });

  it("lists a compliance streak until a concern is raised", async () => {
    const { caseId } = await intake(officer, { case: { supervisionStart: "2025-06-01", supervisionLevel: "moderate" } });
    expect(await listed(officer, caseId)).toMatchObject({
      suggestedLevel: "low",
      criteria: [{ kind: "compliance_streak", months: 6, since: "2025-06-01" }],
    });
    await raiseEvent(test.db, {
      caseId,
      kind: "missed_appointment",
      sourceType: "test",
      sourceId: caseId,
      occurredAt: "2026-01-20T15:00:00Z",
      now: test.clock.now(),
    });
    expect(await listed(officer, caseId)).toBeUndefined();
  });
});
