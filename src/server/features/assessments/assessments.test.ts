import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lowRiskRest, lowRiskScored } from "../../test-support/assessment-fixtures";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";

describe(`assessments (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let otherUnitOfficer: Client;

  // Hand-worked on 2026-03-02: 3 prior arrests (2) + violent (1) + age 30 (1) + unemployed (1) = 5, low.
  const scored = lowRiskScored;
  const rest = lowRiskRest;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-02T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    otherUnitOfficer = await signIn(test, "officer.south1");
  });
  afterAll(() => test.close());

  it("starts, saves partially, refuses bad answers naming the item, completes with every item's contribution and the risk level", async () => {
    const { caseId } = await intake(officer);
    const started = await officer.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "general_risk_needs" });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({
      status: "in_progress",
      instrument: { id: "general_risk_needs", version: 2 },
      startedBy: { displayName: "Olivia Ortiz" },
      score: { total: 0, category: null },
      version: 1,
    });
    expect(started.json().score.missing).toHaveLength(15);
    const id = started.json().id;

    const partial = await officer.put(`/api/v1/assessments/${id}/answers`, { answers: scored, expectedVersion: 1 });
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ score: { total: 5, category: null }, version: 2 });
    expect(partial.json().score.missing).toEqual(Object.keys(rest));

    // Wrong type, and a date after the assessment date: 400 naming each item, nothing written.
    const bad = await officer.put(`/api/v1/assessments/${id}/answers`, {
      answers: { prior_arrests: "three", date_of_birth: "2026-03-03" },
      expectedVersion: 2,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((issue: { field: string }) => issue.field)).toEqual(["answers.prior_arrests", "answers.date_of_birth"]);
    // Based on an older version (another tab): 409, nothing written.
    expect((await officer.put(`/api/v1/assessments/${id}/answers`, { answers: { prior_arrests: 9 }, expectedVersion: 1 })).statusCode).toBe(
      409,
    );
    const unchanged = await officer.get(`/api/v1/assessments/${id}`);
    expect(unchanged.json()).toMatchObject({ answers: scored, version: 2 });

    const early = await officer.post(`/api/v1/assessments/${id}/complete`, { expectedVersion: 2 });
    expect(early.statusCode).toBe(400);
    expect(early.json().issues.map((issue: { field: string }) => issue.field)).toEqual(Object.keys(rest).map((item) => `answers.${item}`));

    expect((await officer.put(`/api/v1/assessments/${id}/answers`, { answers: rest, expectedVersion: 2 })).statusCode).toBe(200);
    const completed = await officer.post(`/api/v1/assessments/${id}/complete`, { expectedVersion: 3 });
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({
      status: "completed",
      score: { total: 5, category: { id: "low", label: "Low" }, missing: [] },
      riskLevel: "low",
      completedBy: { displayName: "Olivia Ortiz" },
      completedAt: test.clock.now().toISOString(),
    });
    const contribution = (item: string) =>
      completed.json().score.items.find((entry: { item: string }) => entry.item === item) as { points: number; status: string };
    expect([contribution("prior_arrests").points, contribution("date_of_birth").points, contribution("education").points]).toEqual([
      2, 1, 0,
    ]);

    // A completed assessment keeps its answers and score.
    expect(
      (await officer.put(`/api/v1/assessments/${id}/answers`, { answers: { drug_problem: true }, expectedVersion: 4 })).statusCode,
    ).toBe(409);
    expect((await officer.get(`/api/v1/assessments/${id}`)).json().score.total).toBe(5);

    const audit = await auditRows(test.db, "record_id = $1 AND outcome = 'allowed'", [id]);
    expect(audit.map((row) => row.action)).toEqual([
      "assessment.save",
      "assessment.read",
      "assessment.save",
      "assessment.complete",
      "assessment.read",
    ]);
    const stored = await test.db.query<{ total: number; category: string; risk_level: string }>(
      "SELECT total, category, risk_level FROM assessment WHERE id = $1",
      [id],
    );
    expect(stored).toEqual([{ total: 5, category: "low", risk_level: "low" }]);
  });

  it("raises the screener's immediate crisis, sets no risk level, and keeps the instrument version used", async () => {
    const { caseId } = await intake(officer);
    const started = (await officer.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "intake_needs_screener" })).json();
    const answers = {
      housing: "stable",
      food: false,
      needs_work: true,
      missing_documents: ["photo_id"],
      needs_benefits: false,
      no_transportation: false,
      substance_use: false,
      mental_health: false,
      suicidal_thoughts: true,
      suicidal_thoughts_now: false,
    };
    expect((await officer.put(`/api/v1/assessments/${started.id}/answers`, { answers, expectedVersion: 1 })).statusCode).toBe(200);
    const completed = await officer.post(`/api/v1/assessments/${started.id}/complete`, { expectedVersion: 2 });
    expect(completed.json()).toMatchObject({ score: { total: 3, category: { id: "some_needs" } }, riskLevel: null });
    expect(completed.json().score.flags.map((flag: { id: string; severity: string }) => [flag.id, flag.severity])).toEqual([
      ["suicide_risk", "crisis"],
    ]);
    const versions = await test.db.query<{ instrument_id: string; version: number }>(
      "SELECT instrument_id, version FROM instrument_version WHERE instrument_id = 'intake_needs_screener'",
    );
    expect(versions).toEqual([{ instrument_id: "intake_needs_screener", version: 1 }]);
  });

  it("refuses an unknown instrument, and an officer outside the case's unit (audited)", async () => {
    const { caseId } = await intake(officer);
    const unknown = await officer.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "lsi_r" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues[0].field).toBe("instrumentId");
    const id = (await officer.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "general_risk_needs" })).json().id;
    expect((await otherUnitOfficer.get(`/api/v1/assessments/${id}`)).statusCode).toBe(403);
    expect((await otherUnitOfficer.put(`/api/v1/assessments/${id}/answers`, { answers: {}, expectedVersion: 1 })).statusCode).toBe(403);
    expect((await otherUnitOfficer.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "general_risk_needs" })).statusCode).toBe(
      403,
    );
    const denied = await auditRows(test.db, "outcome = 'denied' AND actor_username = 'officer.south1' AND action LIKE 'assessment.%'");
    expect(denied.map((row) => row.action)).toEqual(["assessment.read", "assessment.save", "assessment.start"]);
  });
});
