import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lowRiskAnswers } from "../../test-support/assessment-fixtures";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { addMonths } from "./assessment-schedule";
import { reassessmentTriggerConsumer } from "./reassessment-triggers";

// Issue 12 §3–§5: what a completed assessment does to the case (level, risk, their histories with the cause, the
// contact standards, the reassessment clock), what stays as facts, crisis tasks, and overrides decided by someone else.
describe(`assessments drive the case (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;

  // Hand-worked on 2026-03-02: 3 prior arrests (2) + violent (1) + age 30 (1) + unemployed (1) = 5, low.
  const lowAnswers = {
    ...lowRiskAnswers,
    prior_convictions: 2,
    age_at_first_arrest: 19,
    prior_arrests_violent: 1,
    prior_convictions_drug: 2,
    prior_revocations: 1,
    supervision_failure: true,
  };
  // supervision_failure adds 1: total 6, low/moderate → moderate level and moderate risk.
  const total = 6;

  beforeAll(async () => {
    // Sessions outlast the week the banner test moves the clock on.
    test = await createTestApp({ sessionIdleTimeoutSeconds: 60 * 86_400, sessionAbsoluteTimeoutSeconds: 60 * 86_400 });
    test.clock.set(new Date("2026-03-02T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
  });
  afterAll(() => test.close());

  async function completed(
    client: Client,
    caseId: string,
    answers: Record<string, unknown> = lowAnswers,
    instrumentId = "general_risk_needs",
  ) {
    const started = await client.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id as string;
    expect((await client.put(`/api/v1/assessments/${id}/answers`, { answers, expectedVersion: 1 })).statusCode).toBe(200);
    const done = await client.post(`/api/v1/assessments/${id}/complete`, { expectedVersion: 2 });
    expect(done.statusCode, done.body).toBe(200);
    return done.json();
  }
  const tasksOf = (caseId: string, kind: string) =>
    test.db.query<{ status: string; due_on: string; status_reason: string | null; owner: string }>(
      "SELECT status, to_char(due_on, 'YYYY-MM-DD') AS due_on, status_reason, owner FROM task WHERE case_id = $1 AND kind = $2 ORDER BY status, due_on",
      [caseId, kind],
    );
  const caseRow = async (caseId: string) =>
    (
      await test.db.query<{ supervision_level: string; risk_level: string | null; version: number }>(
        "SELECT supervision_level, risk_level, version FROM supervision_case WHERE id = $1",
        [caseId],
      )
    )[0]!;

  it("sets the level and risk from the assessment with their cause, moves the contact standards, shows the banner and restarts the clock", async () => {
    const { personId, caseId } = await intake(officer, { case: { supervisionLevel: "high", riskLevel: "high" } });
    // Intake: the first assessment is due 25 working days after the supervision start, Martin Luther King Jr. Day
    // (a federal holiday) not counted: Mon Jan 5 → Tue Feb 10.
    expect(await tasksOf(caseId, "assessment_due")).toEqual([
      { status: "open", due_on: "2026-02-10", status_reason: null, owner: "case_officer" },
    ]);
    const before = (await officer.get(`/api/v1/cases/${caseId}/standards`)).json();
    expect(before.states.find((state: { kind: string }) => state.kind === "face_to_face").required).toBe(4);

    const assessment = await completed(officer, caseId);
    expect(assessment).toMatchObject({
      score: { total, category: { id: "low_moderate" } },
      riskLevel: "moderate",
      supervisionLevel: "moderate",
    });
    expect(await caseRow(caseId)).toMatchObject({ supervision_level: "moderate", risk_level: "moderate", version: 2 });

    const levels = await test.db.query<{
      supervision_level: string;
      previous_level: string | null;
      cause: string;
      assessment_id: string | null;
    }>(
      "SELECT supervision_level, previous_level, cause, assessment_id FROM case_level_change WHERE case_id = $1 ORDER BY effective_on, created_at",
      [caseId],
    );
    expect(levels).toEqual([
      { supervision_level: "high", previous_level: null, cause: "intake", assessment_id: null },
      { supervision_level: "moderate", previous_level: "high", cause: "assessment", assessment_id: assessment.id },
    ]);
    const risks = await test.db.query("SELECT risk_level, previous_risk_level, cause FROM case_risk_change WHERE case_id = $1", [caseId]);
    expect(risks).toEqual([{ risk_level: "moderate", previous_risk_level: "high", cause: "assessment" }]);
    // The case's history shows it with the reason in words.
    const record = (await officer.get(`/api/v1/people/${personId}`)).json();
    const changes = record.cases[0].changes as { field: string; oldValue: string; newValue: string; reason: string }[];
    expect(changes.find((change) => change.field === "supervision_level")).toMatchObject({ oldValue: "high", newValue: "moderate" });
    expect(changes.find((change) => change.field === "risk_level")?.reason).toContain("Low/moderate");

    // Prorated like a change by hand: high (4) for Mar 1, moderate (2) from Mar 2 → 2.
    const after = (await officer.get(`/api/v1/cases/${caseId}/standards`)).json();
    expect(after.states.find((state: { kind: string }) => state.kind === "face_to_face").required).toBe(2);

    const section = (await officer.get(`/api/v1/cases/${caseId}/assessments`)).json();
    expect(section.levelChange).toEqual({
      from: "high",
      to: "moderate",
      effectiveOn: "2026-03-02",
      cause: "assessment",
      changedBy: "Olivia Ortiz",
      before: [
        { kind: "face_to_face", count: 4, periodMonths: 1 },
        { kind: "field", count: 2, periodMonths: 1 },
      ],
      after: [
        { kind: "face_to_face", count: 2, periodMonths: 1 },
        { kind: "field", count: 1, periodMonths: 1 },
      ],
    });
    expect(section.assessments[0]).toMatchObject({ id: assessment.id, total, category: { label: "Low/moderate" }, status: "completed" });
    // Moderate: reassessed 12 months on; the intake's due task is done.
    expect(section.reassessmentDueOn).toBe(addMonths("2026-03-02", 12));
    expect((await tasksOf(caseId, "assessment_due")).map((task) => [task.status, task.due_on])).toEqual([
      ["done", "2026-02-10"],
      ["open", "2027-03-02"],
    ]);

    // Seven days later the banner is gone.
    test.clock.set(new Date("2026-03-10T15:00:00Z"));
    try {
      expect((await officer.get(`/api/v1/cases/${caseId}/assessments`)).json().levelChange).toBeNull();
    } finally {
      test.clock.set(new Date("2026-03-02T15:00:00Z"));
    }
  });

  it("keeps a completed assessment final in the database, and its criminal history as facts", async () => {
    const { caseId } = await intake(officer);
    const assessment = await completed(officer, caseId);
    await expect(test.db.query("UPDATE assessment SET total = 0 WHERE id = $1", [assessment.id])).rejects.toThrow(
      /completed assessments cannot be changed/,
    );
    const facts = await test.db.query(
      "SELECT fact, offense_category, value FROM criminal_history_fact WHERE assessment_id = $1 ORDER BY fact, offense_category",
      [assessment.id],
    );
    expect(facts).toEqual([
      { fact: "age_at_first_arrest", offense_category: "any", value: 19 },
      { fact: "prior_arrests", offense_category: "any", value: 3 },
      { fact: "prior_arrests", offense_category: "violent", value: 1 },
      { fact: "prior_convictions", offense_category: "any", value: 2 },
      { fact: "prior_convictions", offense_category: "drug", value: 2 },
      { fact: "prior_revocations", offense_category: "any", value: 1 },
      { fact: "supervision_failure", offense_category: "any", value: 1 },
    ]);
  });

  it("opens a crisis task for the officer as soon as the screener's suicide question is saved, and tells them at once", async () => {
    const { caseId } = await intake(officer);
    const started = (await officer.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "intake_needs_screener" })).json();
    const saved = await officer.put(`/api/v1/assessments/${started.id}/answers`, {
      answers: { suicidal_thoughts: true },
      expectedVersion: 1,
    });
    expect(saved.statusCode).toBe(200);
    expect((await tasksOf(caseId, "crisis")).map((task) => [task.status, task.owner, task.due_on])).toEqual([
      ["open", "case_officer", "2026-03-02"],
    ]);
    const [officerRow] = await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'officer.north1'");
    const told = await test.db.query<{ title: string; urgent: boolean }>(
      // The crisis record it opens has follow-up tasks of their own ("New task: Crisis follow-up"), not urgent.
      "SELECT title, urgent FROM notification WHERE user_id = $1 AND title LIKE 'New task: Crisis: act today%' ORDER BY created_at",
      [officerRow!.id],
    );
    expect(told).toEqual([{ title: expect.stringContaining("Crisis: act today"), urgent: true }]);
    // Saving again does not make a second task; completing keeps the one.
    await officer.put(`/api/v1/assessments/${started.id}/answers`, {
      answers: {
        housing: "stable",
        food: false,
        needs_work: false,
        missing_documents: [],
        needs_benefits: false,
        no_transportation: false,
        substance_use: false,
        mental_health: false,
        suicidal_thoughts_now: false,
      },
      expectedVersion: 2,
    });
    expect((await officer.post(`/api/v1/assessments/${started.id}/complete`, { expectedVersion: 3 })).statusCode).toBe(200);
    expect(await tasksOf(caseId, "crisis")).toHaveLength(1);
    // A screener sets no level and does not close the assessment-due task.
    expect((await tasksOf(caseId, "assessment_due")).map((task) => task.status)).toEqual(["open"]);
  });

  it("applies an override only once a supervisor who did not ask approves it; one's own approval is refused and audited", async () => {
    const { caseId } = await intake(officer);
    const assessment = await completed(officer, caseId);
    const badRequest = await officer.post(`/api/v1/assessments/${assessment.id}/overrides`, { supervisionLevel: "high", reason: " " });
    expect(badRequest.statusCode).toBe(400);
    expect(badRequest.json().issues[0].field).toBe("body.reason");
    const same = await officer.post(`/api/v1/assessments/${assessment.id}/overrides`, { supervisionLevel: "moderate", reason: "Same" });
    expect(same.statusCode).toBe(400);
    expect(same.json().issues[0].field).toBe("supervisionLevel");

    const requested = await officer.post(`/api/v1/assessments/${assessment.id}/overrides`, {
      supervisionLevel: "high",
      reason: "Threats against the victim reported by the police last week.",
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const overrideId = requested.json().id;
    expect(requested.json()).toMatchObject({ status: "requested", assessedLevel: "moderate", requestedLevel: "high" });
    expect(
      (await officer.post(`/api/v1/assessments/${assessment.id}/overrides`, { supervisionLevel: "intensive", reason: "Again" })).statusCode,
    ).toBe(409);
    const approvals = await test.db.query<{ status: string; owner: string }>(
      "SELECT status, owner FROM task WHERE source_type = 'assessment_override' AND source_id = $1",
      [overrideId],
    );
    expect(approvals).toEqual([{ status: "open", owner: "unit_supervisors" }]);
    // Nothing changes until it is decided; the officer may not decide.
    expect((await caseRow(caseId)).supervision_level).toBe("moderate");
    expect((await officer.post(`/api/v1/assessment-overrides/${overrideId}/decision`, { decision: "approved" })).statusCode).toBe(403);
    const deny = await supervisor.post(`/api/v1/assessment-overrides/${overrideId}/decision`, { decision: "denied" });
    expect(deny.statusCode).toBe(400);
    expect(deny.json().issues[0].field).toBe("reason");

    const approved = await supervisor.post(`/api/v1/assessment-overrides/${overrideId}/decision`, { decision: "approved" });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: "approved", decidedBy: { displayName: expect.any(String) } });
    expect((await caseRow(caseId)).supervision_level).toBe("high");
    const [change] = await test.db.query<{ cause: string; override_id: string; previous_level: string }>(
      "SELECT cause, override_id, previous_level FROM case_level_change WHERE case_id = $1 ORDER BY created_at DESC LIMIT 1",
      [caseId],
    );
    expect(change).toEqual({ cause: "override", override_id: overrideId, previous_level: "moderate" });
    expect(
      (await test.db.query("SELECT status FROM task WHERE source_type = 'assessment_override' AND source_id = $1", [overrideId])).map(
        (row) => (row as { status: string }).status,
      ),
    ).toEqual(["done"]);
    // High: reassessed 6 months after the assessment.
    expect((await officer.get(`/api/v1/cases/${caseId}/assessments`)).json().reassessmentDueOn).toBe("2026-09-02");
    expect((await supervisor.post(`/api/v1/assessment-overrides/${overrideId}/decision`, { decision: "approved" })).statusCode).toBe(409);

    // A supervisor's own request: approving it is refused, with a denied audit row, and nothing changes.
    const { caseId: otherCase } = await intake(officer);
    const own = await completed(supervisor, otherCase);
    const ownRequest = (
      await supervisor.post(`/api/v1/assessments/${own.id}/overrides`, { supervisionLevel: "low", reason: "Stable for years." })
    ).json();
    const refused = await supervisor.post(`/api/v1/assessment-overrides/${ownRequest.id}/decision`, { decision: "approved" });
    expect(refused.statusCode).toBe(403);
    const denied = await auditRows(test.db, "record_id = $1 AND outcome = 'denied'", [ownRequest.id]);
    expect(denied.map((row) => [row.action, row.actor_username, row.justification])).toEqual([
      ["assessment.override_decision", "supervisor.north", "assessment_override.decide is never granted on one's own account"],
    ]);
    expect((await caseRow(otherCase)).supervision_level).toBe("moderate");
  });

  it("tells the officer who asked for an override how a supervisor decided, and closes the supervisors' approval task", async () => {
    const { caseId } = await intake(officer);
    const first = await completed(officer, caseId);
    const overrideNotices = async () =>
      (
        (await officer.get("/api/v1/notifications")).json() as {
          kind: string;
          title: string;
          body: string;
          recordType: string;
          recordId: string;
        }[]
      )
        .filter((entry) => entry.kind === "request_decided" && entry.recordId === caseId)
        .map(({ title, body, recordType }) => ({ title, body, recordType }));
    const ask = async (assessmentId: string, supervisionLevel: string) => {
      const requested = await officer.post(`/api/v1/assessments/${assessmentId}/overrides`, {
        supervisionLevel,
        reason: "New threats reported.",
      });
      expect(requested.statusCode, requested.body).toBe(201);
      return requested.json().id as string;
    };

    const approvedId = await ask(first.id, "high");
    expect(await overrideNotices()).toEqual([]);
    expect((await supervisor.post(`/api/v1/assessment-overrides/${approvedId}/decision`, { decision: "approved" })).statusCode).toBe(200);
    const [name] = await test.db.query<{ name: string }>(
      "SELECT p.first_name || ' ' || p.last_name AS name FROM supervision_case c JOIN person p ON p.id = c.person_id WHERE c.id = $1",
      [caseId],
    );
    expect(await overrideNotices()).toEqual([
      {
        title: `Override approved: ${name!.name}`,
        body: `Samuel Okafor approved supervising ${name!.name} at high instead of moderate. The case's level is now high.`,
        recordType: "case",
      },
    ]);

    // A later assessment (a minute on: two completed in one instant have no order).
    test.clock.advance(60_000);
    const second = await completed(officer, caseId);
    const deniedId = await ask(second.id, "intensive");
    const denied = await supervisor.post(`/api/v1/assessment-overrides/${deniedId}/decision`, {
      decision: "denied",
      reason: "The police report does not name him",
    });
    expect(denied.statusCode, denied.body).toBe(200);
    const notices = await overrideNotices();
    expect(notices).toHaveLength(2);
    expect(notices).toContainEqual({
      title: `Override denied: ${name!.name}`,
      body: `Samuel Okafor denied supervising ${name!.name} at intensive instead of moderate: The police report does not name him. The level stays moderate.`,
      recordType: "case",
    });
    const approvalTasks = await test.db.query<{ status: string; status_reason: string }>(
      "SELECT status, status_reason FROM task WHERE source_type = 'assessment_override' AND source_id = ANY($1::uuid[]) ORDER BY status_reason",
      [[approvedId, deniedId]],
    );
    expect(approvalTasks).toEqual([
      { status: "done", status_reason: "Override approved by Samuel Okafor" },
      { status: "done", status_reason: "Override denied by Samuel Okafor" },
    ]);
    // The supervisor who decided is not told about their own decision.
    const supervisorNotices = (await supervisor.get("/api/v1/notifications")).json() as { kind: string }[];
    expect(supervisorNotices.filter((entry) => entry.kind === "request_decided")).toEqual([]);
  });

  it("brings the reassessment forward after a triggering event, unless it is due sooner already", async () => {
    const { caseId } = await intake(officer);
    await completed(officer, caseId);
    const consumer = reassessmentTriggerConsumer();
    expect(consumer.kinds).toEqual(["new_arrest", "condition_non_compliant", "housing_lost"]);
    const event = {
      id: "00000000-0000-4000-8000-000000000001",
      caseId,
      kind: "new_arrest" as const,
      sourceType: "test",
      sourceId: "00000000-0000-4000-8000-000000000002",
      occurredAt: new Date("2026-03-05T18:00:00Z"),
      details: null,
      withdrawnAt: null,
      withdrawnReason: null,
    };
    await test.db.transaction((tx) => consumer.handle(tx, { delivery: "raised", event: event as never, now: test.clock.now() }));
    expect((await tasksOf(caseId, "assessment_due")).map((task) => [task.status, task.due_on, task.status_reason])).toEqual([
      ["dismissed", "2027-03-02", "Reassessment brought forward after a new arrest"],
      ["done", "2026-02-10", "Assessment completed"],
      ["open", "2026-04-04", null],
    ]);
    // A later event does not push it back.
    await test.db.transaction((tx) =>
      consumer.handle(tx, {
        delivery: "raised",
        event: { ...event, occurredAt: new Date("2026-03-20T18:00:00Z") } as never,
        now: test.clock.now(),
      }),
    );
    expect((await tasksOf(caseId, "assessment_due")).filter((task) => task.status === "open").map((task) => task.due_on)).toEqual([
      "2026-04-04",
    ]);
  });

  it("filters the caseload by risk level and by overdue assessment", async () => {
    // Started Jan 5: the first assessment was due Feb 9, so on Mar 2 a case not yet assessed is overdue.
    const { caseId: unassessed } = await intake(officer, { case: { riskLevel: "high" } });
    const { caseId: assessed } = await intake(officer, { case: { riskLevel: "high" } });
    await completed(officer, assessed);
    const ids = async (query: string) =>
      ((await officer.get(`/api/v1/caseload?${query}&limit=200`)).json().entries as { caseId: string }[]).map((entry) => entry.caseId);
    const overdue = await ids("reassessment=overdue");
    expect(overdue).toContain(unassessed);
    expect(overdue).not.toContain(assessed);
    expect(await ids("risk=moderate")).toContain(assessed);
    const high = await ids("risk=high");
    expect(high).toContain(unassessed);
    expect(high).not.toContain(assessed);
    expect((await officer.get("/api/v1/caseload?reassessment=due")).statusCode).toBe(400);
  });

  it("raises a loss of housing when a person leaves a residence for a shelter", async () => {
    const { personId, caseId } = await intake(officer, {});
    const home = await officer.post(`/api/v1/people/${personId}/addresses`, {
      kind: "residence",
      line1: "12 Elm Street",
      city: "Springfield",
      state: "IL",
      postalCode: "62701",
      movedIn: "2026-01-05",
    });
    expect(home.statusCode, home.body).toBe(201);
    const shelter = await officer.post(`/api/v1/people/${personId}/addresses`, {
      kind: "shelter",
      shelterName: "Harbor House",
      line1: "5 Dock Road",
      city: "Springfield",
      state: "IL",
      postalCode: "62701",
      movedIn: "2026-03-01",
    });
    expect(shelter.statusCode, shelter.body).toBe(201);
    const events = await test.db.query("SELECT kind FROM supervision_event WHERE case_id = $1", [caseId]);
    expect(events).toEqual([{ kind: "housing_lost" }]);
  });

  it("expresses the CSOSA pre-assessment standard: 2 office, 1 collateral, 1 home visit and 1 employment verification a month", async () => {
    const admin = await signIn(test, "admin");
    const { isDefault: _isDefault, ...current } = (await admin.get("/api/v1/contact-standards")).json();
    const preAssessment = [
      { supervisionLevel: "intensive", caseloadTag: null, kind: "office", count: 2, periodMonths: 1 },
      { supervisionLevel: "intensive", caseloadTag: null, kind: "collateral", count: 1, periodMonths: 1 },
      { supervisionLevel: "intensive", caseloadTag: null, kind: "home_visit", count: 1, periodMonths: 1 },
      { supervisionLevel: "intensive", caseloadTag: null, kind: "employment_verification", count: 1, periodMonths: 1 },
    ];
    const saved = await admin.put("/api/v1/contact-standards", {
      ...current,
      requirements: [
        ...current.requirements.filter((rule: { supervisionLevel: string }) => rule.supervisionLevel !== "intensive"),
        ...preAssessment,
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    try {
      // Started this month: no earlier period to carry over.
      const { caseId } = await intake(officer, { case: { supervisionLevel: "intensive", supervisionStart: "2026-03-01" } });
      const record = (contactType: string) =>
        officer.post(`/api/v1/cases/${caseId}/contacts`, { occurredAt: "2026-03-02T09:00:00-05:00", contactType, outcome: "completed" });
      for (const type of ["office_visit", "collateral", "scheduled_home_visit", "phone"]) expect((await record(type)).statusCode).toBe(201);
      const states = (await officer.get(`/api/v1/cases/${caseId}/standards`)).json().states as {
        kind: string;
        required: number;
        done: number;
        status: string;
      }[];
      expect(
        states.filter((state) => state.kind !== "home_verification").map((state) => [state.kind, state.required, state.done, state.status]),
      ).toEqual([
        ["office", 2, 1, "due"],
        ["home_visit", 1, 1, "met"],
        ["collateral", 1, 1, "met"],
        ["employment_verification", 1, 0, "due"],
      ]);
    } finally {
      expect((await admin.put("/api/v1/contact-standards", current)).statusCode).toBe(200);
    }
  });
});
