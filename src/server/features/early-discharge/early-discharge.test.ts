import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raiseEvent } from "../../platform/events/supervision-events";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { caseVersion, intake } from "../../test-support/supervision-fixtures";
import {
  type DischargeFacts,
  daysPastExpectedEnd,
  earlyDischargePolicy,
  evaluateEligibility,
  loadEarlyDischargePolicy,
  termShareServedOn,
} from "./early-discharge";
import { evaluateDueCases } from "./early-discharge.job";

describe("early discharge eligibility rules", () => {
  const policy = loadEarlyDischargePolicy();
  const facts = (overrides: Partial<DischargeFacts>): DischargeFacts => ({
    supervisionStart: "2025-01-01",
    expectedEnd: "2027-01-01",
    lastConcern: null,
    openViolations: [],
    conditions: [{ id: "c1", title: "Report as directed", compliance: "compliant" }],
    ...overrides,
  });
  const criterion = (kind: string, at: DischargeFacts, today: string) =>
    evaluateEligibility(at, policy, today).criteria.find((entry) => entry.kind === kind)!;

  it("meets the term share on exactly the day the share is served, not the day before", () => {
    // 730 days from 2025-01-01 to 2027-01-01: half is 365 days, served on 2026-01-01.
    expect(termShareServedOn("2025-01-01", "2027-01-01", 0.5)).toBe("2026-01-01");
    // An odd term rounds the share's days up: 5 days, half is 2.5, so 3 days.
    expect(termShareServedOn("2026-01-01", "2026-01-06", 0.5)).toBe("2026-01-04");
    expect(termShareServedOn("2026-01-01", "2026-01-11", 0.3)).toBe("2026-01-04");
    expect(criterion("term_served", facts({}), "2026-01-01")).toMatchObject({
      met: true,
      eligibleFrom: "2026-01-01",
      daysServed: 365,
      termDays: 730,
    });
    expect(criterion("term_served", facts({}), "2025-12-31")).toMatchObject({ met: false, daysServed: 364 });
    // No expected end date: the share cannot be served.
    expect(criterion("term_served", facts({ expectedEnd: null }), "2030-01-01")).toMatchObject({
      met: false,
      eligibleFrom: null,
      termDays: null,
    });
  });

  it("meets the streak after exactly N whole months without a concern, not a day sooner", () => {
    const months = policy.complianceStreak.months;
    expect(months).toBe(12);
    const concern = (on: string) => ({
      kind: "positive_test",
      on,
      recordType: "supervision_event" as const,
      recordId: crypto.randomUUID(),
    });
    expect(criterion("compliance_streak", facts({ lastConcern: concern("2025-03-15") }), "2026-03-15")).toMatchObject({
      met: true,
      since: "2025-03-15",
    });
    expect(criterion("compliance_streak", facts({ lastConcern: concern("2025-03-16") }), "2026-03-15")).toMatchObject({ met: false });
    // A concern before the start does not count; the streak runs from the start.
    expect(criterion("compliance_streak", facts({ lastConcern: concern("2024-06-01") }), "2026-01-01")).toMatchObject({
      met: true,
      since: "2025-01-01",
    });
    // Month ends: from Feb 29 of a leap year, twelve months back from Feb 28 is Feb 28, so the streak is met on Mar 1.
    const leap = facts({ supervisionStart: "2024-02-29", expectedEnd: "2026-02-28" });
    expect(criterion("compliance_streak", leap, "2025-02-28")).toMatchObject({ met: false });
    expect(criterion("compliance_streak", leap, "2025-03-01")).toMatchObject({ met: true });
  });

  it("needs every enabled criterion: no open violation, every current condition compliant or not applicable", () => {
    const today = "2026-03-01";
    expect(evaluateEligibility(facts({}), policy, today).eligible).toBe(true);
    const open = facts({ openViolations: [{ id: crypto.randomUUID(), type: "other", occurredAt: "2026-02-01T10:00:00.000Z" }] });
    expect(evaluateEligibility(open, policy, today)).toMatchObject({ eligible: false });
    const pending = facts({
      conditions: [
        { id: "c1", title: "Report as directed", compliance: "pending" },
        { id: "c2", title: "No contact", compliance: "not_applicable" },
      ],
    });
    expect(criterion("conditions_complete", pending, today)).toEqual({
      kind: "conditions_complete",
      met: false,
      conditions: 2,
      outstanding: [{ id: "c1", title: "Report as directed", compliance: "pending" }],
    });
    expect(daysPastExpectedEnd("2026-02-20", "2026-03-02")).toBe(10);
    expect(daysPastExpectedEnd("2026-03-02", "2026-03-02")).toBe(0);
    expect(daysPastExpectedEnd(null, "2026-03-02")).toBe(0);
  });

  it("refuses a policy that tracks fees (they are not tracked) or enables neither the term nor the streak", () => {
    const file = loadEarlyDischargePolicy();
    expect(earlyDischargePolicy.safeParse({ ...file, feesPaid: { enabled: true } }).error?.issues[0]?.message).toBe(
      "Fees are not tracked in Waypoint: feesPaid cannot be enabled",
    );
    const neither = {
      ...file,
      termServed: { ...file.termServed, enabled: false },
      complianceStreak: { ...file.complianceStreak, enabled: false },
    };
    expect(earlyDischargePolicy.safeParse(neither).success).toBe(false);
    expect(earlyDischargePolicy.safeParse({ ...file, termServed: { enabled: true, share: 1.5 } }).success).toBe(false);
  });
});

describe(`early discharge opportunities (${engineName})`, () => {
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

  type State = {
    listed: boolean;
    daysPastExpectedEnd: number;
    snoozeEnded: string | null;
    evaluation: {
      eligible: boolean;
      opportunityKey: string;
      criteria: { kind: string; met: boolean; outstanding?: { id: string }[] }[];
    } | null;
    recommendations: { id: string; status: string; authority: string; authorityName: string }[];
  };
  const state = async (client: Client, caseId: string): Promise<State> => {
    const response = await client.get(`/api/v1/cases/${caseId}/early-discharge`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const evaluate = async (client: Client, caseId: string): Promise<State> => {
    const response = await client.post(`/api/v1/cases/${caseId}/early-discharge/evaluate`, {});
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const caseloadIds = async (client: Client, filter: string) =>
    (await client.get(`/api/v1/caseload?${filter}&limit=200`)).json().entries.map((row: { caseId: string }) => row.caseId) as string[];

  /** A case half-way through its term with a clean year behind it: eligible once its conditions are marked compliant. */
  const eligibleCase = async (supervisionType = "probation") => {
    const made = await intake(officer, { case: { supervisionType, supervisionStart: "2025-02-01", expectedEnd: "2027-02-01" } });
    const first = await evaluate(officer, made.caseId);
    const conditions = first.evaluation!.criteria.find((criterion) => criterion.kind === "conditions_complete")!;
    for (const { id } of conditions.outstanding ?? []) {
      const marked = await officer.patch(`/api/v1/conditions/${id}/compliance`, { compliance: "compliant" });
      expect(marked.statusCode, marked.body).toBe(200);
    }
    return { ...made, before: first, after: await evaluate(officer, made.caseId) };
  };

  it("evaluates a case on demand with each criterion's evidence; lists it for its officer and the caseload filter", async () => {
    const { caseId, before, after } = await eligibleCase();
    expect(before.evaluation!.criteria.map((criterion) => [criterion.kind, criterion.met])).toEqual([
      ["term_served", true],
      ["compliance_streak", true],
      ["no_open_violations", true],
      ["conditions_complete", (before.evaluation!.criteria[3]!.outstanding ?? []).length === 0],
    ]);
    expect(after).toMatchObject({ listed: true, daysPastExpectedEnd: 0, evaluation: { eligible: true }, feesTracked: false });
    expect(after.evaluation!.criteria[0]).toMatchObject({
      eligibleFrom: "2026-02-01",
      supervisionStart: "2025-02-01",
      expectedEnd: "2027-02-01",
    });
    expect(await caseloadIds(officer, "discharge=eligible")).toContain(caseId);
    expect(await caseloadIds(supervisor, "discharge=eligible")).toContain(caseId);
    expect((await otherUnitOfficer.get(`/api/v1/cases/${caseId}/early-discharge`)).statusCode).toBe(403);
    expect((await otherUnitOfficer.post(`/api/v1/cases/${caseId}/early-discharge/evaluate`, {})).statusCode).toBe(403);
    expect(await caseloadIds(otherUnitOfficer, "discharge=eligible")).not.toContain(caseId);

    // A positive test ends the streak: not eligible, the concern named as evidence.
    const event = await raiseEvent(test.db, {
      caseId,
      kind: "positive_test",
      sourceType: "test",
      sourceId: caseId,
      occurredAt: "2026-02-20T15:00:00Z",
      now: test.clock.now(),
    });
    expect(event).toBeTruthy();
    const broken = await evaluate(officer, caseId);
    expect(broken.listed).toBe(false);
    expect(broken.evaluation!.criteria.find((criterion) => criterion.kind === "compliance_streak")).toMatchObject({
      met: false,
      since: "2026-02-20",
      lastConcern: { kind: "positive_test", on: "2026-02-20", recordType: "supervision_event" },
    });
    expect(await caseloadIds(officer, "discharge=eligible")).not.toContain(caseId);
  });

  it("recommends with a note to the unit's supervisors, who approve (never their own) and so ask the court for it", async () => {
    const { caseId, after } = await eligibleCase();
    const key = after.evaluation!.opportunityKey;
    const recommend = (client: Client, body: Record<string, unknown>) =>
      client.post(`/api/v1/cases/${caseId}/early-discharge/recommend`, body);
    expect((await recommend(officer, { opportunityKey: key, note: " " })).json().issues).toEqual([
      { field: "body.note", message: "Write a note for the supervisor" },
    ]);
    expect((await recommend(officer, { opportunityKey: "stale", note: "Ready" })).statusCode).toBe(409);
    expect((await recommend(otherUnitOfficer, { opportunityKey: key, note: "Ready" })).statusCode).toBe(403);
    const made = await recommend(officer, { opportunityKey: key, note: "Two years clean, employed, stable housing" });
    expect(made.statusCode, made.body).toBe(201);
    const recommended: State = made.json();
    expect(recommended.listed).toBe(false);
    const [recommendation] = recommended.recommendations;
    expect(recommendation).toMatchObject({ status: "awaiting_approval", authority: "court", authorityName: "Superior Court, Demo County" });
    // Recommending twice is a 409; it leaves the caseload's eligible filter.
    expect((await recommend(officer, { opportunityKey: key, note: "Again" })).statusCode).toBe(409);
    expect(await caseloadIds(officer, "discharge=eligible")).not.toContain(caseId);
    const tasks = await test.db.query<{ kind: string; status: string; owner: string }>(
      "SELECT kind, status, owner FROM task WHERE case_id = $1 AND kind LIKE 'early_discharge%' ORDER BY kind",
      [caseId],
    );
    expect(tasks).toEqual([{ kind: "early_discharge_approval_requested", status: "open", owner: "unit_supervisors" }]);
    // On the supervisors' approvals list, with the authority it would go to, until it is decided.
    const approvalsOf = async () =>
      ((await supervisor.get("/api/v1/approvals")).json().items as { caseId: string }[]).filter((item) => item.caseId === caseId);
    expect(await approvalsOf()).toMatchObject([{ kind: "early_discharge", authorityName: "Superior Court, Demo County" }]);

    const decide = (client: Client, body: Record<string, unknown>) =>
      client.post(`/api/v1/early-discharge-recommendations/${recommendation!.id}/decision`, body);
    expect((await decide(officer, { decision: "approved" })).statusCode).toBe(403);
    expect((await decide(supervisor, { decision: "returned" })).json().issues).toEqual([
      { field: "body.reason", message: "Give the reason for returning it" },
    ]);
    const approved = await decide(supervisor, { decision: "approved" });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().recommendations[0]).toMatchObject({ status: "approved", reviewedBy: { displayName: expect.any(String) } });
    expect(await approvalsOf()).toEqual([]);
    expect((await decide(supervisor, { decision: "returned", reason: "Changed my mind" })).statusCode).toBe(409);
    const after2 = await test.db.query<{ kind: string; status: string; owner: string }>(
      "SELECT kind, status, owner FROM task WHERE case_id = $1 AND kind LIKE 'early_discharge%' ORDER BY kind",
      [caseId],
    );
    expect(after2).toEqual([
      { kind: "early_discharge_approval_requested", status: "done", owner: "unit_supervisors" },
      { kind: "early_discharge_request_to_court", status: "open", owner: "case_officer" },
    ]);
    const told = await test.db.query<{ title: string }>(
      "SELECT n.title FROM notification n JOIN app_user u ON u.id = n.user_id WHERE u.username = 'officer.north1' AND n.record_id = $1",
      [caseId],
    );
    expect(told.map((row) => row.title)).toContain("Early discharge approved: send the request to the court (Superior Court, Demo County)");
    const audit = await auditRows(test.db, "record_id = $1 AND action LIKE 'early_discharge.%' AND action <> 'early_discharge.read'", [
      caseId,
    ]);
    expect(audit.map((entry) => `${entry.action} ${entry.outcome}`)).toEqual([
      "early_discharge.evaluated allowed",
      "early_discharge.evaluated allowed",
      "early_discharge.recommended denied",
      "early_discharge.recommended allowed",
      "early_discharge.approved denied",
      "early_discharge.approved allowed",
    ]);
  });

  it("refuses a supervisor's approval of their own recommendation (403, audited); a returned one is listed again", async () => {
    const { caseId, after } = await eligibleCase("parole");
    const made = await supervisor.post(`/api/v1/cases/${caseId}/early-discharge/recommend`, {
      opportunityKey: after.evaluation!.opportunityKey,
      note: "Recommended by the supervisor",
    });
    expect(made.statusCode, made.body).toBe(201);
    const recommendation = made.json().recommendations[0];
    expect(recommendation.authority).toBe("parole_board");
    const own = await supervisor.post(`/api/v1/early-discharge-recommendations/${recommendation.id}/decision`, { decision: "approved" });
    expect(own.statusCode).toBe(403);
    const denied = await auditRows(test.db, "record_id = $1 AND action = 'early_discharge.approved'", [caseId]);
    expect(denied.map((entry) => entry.outcome)).toEqual(["denied"]);
    const [row] = await test.db.query<{ status: string }>("SELECT status FROM early_discharge_decision WHERE id = $1", [recommendation.id]);
    expect(row!.status).toBe("awaiting_approval");
    expect(
      (await supervisor.post(`/api/v1/early-discharge-recommendations/${crypto.randomUUID()}/decision`, { decision: "approved" }))
        .statusCode,
    ).toBe(404);

    // Another case: the officer's recommendation returned with a reason lists the case again.
    const second = await eligibleCase();
    const sent = await officer.post(`/api/v1/cases/${second.caseId}/early-discharge/recommend`, {
      opportunityKey: second.after.evaluation!.opportunityKey,
      note: "Ready",
    });
    const returned = await supervisor.post(`/api/v1/early-discharge-recommendations/${sent.json().recommendations[0].id}/decision`, {
      decision: "returned",
      reason: "Add the treatment provider's letter",
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({
      listed: true,
      recommendations: [{ status: "returned", reviewReason: "Add the treatment provider's letter" }],
    });

    // A recommendation on a case closed meanwhile cannot be decided (409), and its closed case lists nothing.
    const third = await eligibleCase();
    const pending = await officer.post(`/api/v1/cases/${third.caseId}/early-discharge/recommend`, {
      opportunityKey: third.after.evaluation!.opportunityKey,
      note: "Ready",
    });
    const closed = await officer.patch(`/api/v1/cases/${third.caseId}`, {
      expectedVersion: await caseVersion(officer, third.caseId),
      reason: "Completed",
      status: "closed",
      closureReason: "successful_completion",
      actualEnd: "2026-03-02",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const late = await supervisor.post(`/api/v1/early-discharge-recommendations/${pending.json().recommendations[0].id}/decision`, {
      decision: "approved",
    });
    expect(late.statusCode, late.body).toBe(409);
    expect(await state(officer, third.caseId)).toMatchObject({ listed: false, evaluation: null, daysPastExpectedEnd: 0 });
  });

  it("flags an active case past its expected end date with how many days", async () => {
    const { caseId } = await intake(officer, { case: { supervisionStart: "2025-03-01", expectedEnd: "2026-02-20" } });
    expect(await state(officer, caseId)).toMatchObject({ daysPastExpectedEnd: 10, expectedEnd: "2026-02-20" });
    expect(await caseloadIds(officer, "discharge=past_end")).toContain(caseId);
    const row = (await officer.get("/api/v1/caseload?discharge=past_end&limit=200"))
      .json()
      .entries.find((entry: { caseId: string }) => entry.caseId === caseId);
    expect(row.priorityReason).toContain("past the expected end date by 10 days");
    const onTime = await intake(officer, { case: { supervisionStart: "2025-03-01", expectedEnd: "2026-03-02" } });
    expect(await caseloadIds(officer, "discharge=past_end")).not.toContain(onTime.caseId);
    expect((await officer.get("/api/v1/caseload?discharge=soon")).statusCode).toBe(400);
  });

  it("evaluates every active case once a night as a job, with an audit row per agency", async () => {
    const { caseId } = await intake(officer, { case: { supervisionStart: "2025-02-01", expectedEnd: "2027-02-01" } });
    test.clock.set(new Date("2026-03-03T07:00:00Z"));
    const evaluated = await evaluateDueCases(test.deps, test.clock.now());
    expect(evaluated).toBeGreaterThan(0);
    const [row] = await test.db.query<{ eligible: boolean; evaluated_on: string }>(
      "SELECT eligible, to_char(evaluated_on, 'YYYY-MM-DD') AS evaluated_on FROM early_discharge_evaluation WHERE case_id = $1",
      [caseId],
    );
    expect(row).toEqual({ eligible: false, evaluated_on: "2026-03-03" });
    // The same night again: nothing left to evaluate.
    expect(await evaluateDueCases(test.deps, new Date("2026-03-03T08:00:00Z"))).toBe(0);
    const audit = await auditRows(test.db, "action = 'early_discharge.evaluated_nightly'");
    expect(audit.length).toBeGreaterThanOrEqual(1);
    test.clock.set(new Date("2026-03-02T15:00:00Z"));
  });
  it("snoozes until a day (listed again then), and denies with a reason", async () => {
    const { caseId, after } = await eligibleCase();
    const key = after.evaluation!.opportunityKey;
    const snooze = (body: Record<string, unknown>) => officer.post(`/api/v1/cases/${caseId}/early-discharge/snooze`, body);
    expect((await snooze({ opportunityKey: key, reason: "Waiting", until: "2026-03-02" })).json().issues).toEqual([
      { field: "until", message: "after today, at most 180 days ahead" },
    ]);
    expect((await snooze({ opportunityKey: key, until: "2026-03-10" })).statusCode).toBe(400);
    const snoozed = await snooze({ opportunityKey: key, reason: "Waiting for the court date", until: "2026-03-10" });
    expect(snoozed.statusCode, snoozed.body).toBe(200);
    expect(snoozed.json().listed).toBe(false);
    expect(await caseloadIds(officer, "discharge=eligible")).not.toContain(caseId);
    test.clock.set(new Date("2026-03-10T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    expect(await state(officer, caseId)).toMatchObject({ listed: true, snoozeEnded: "2026-03-10" });
    expect(await caseloadIds(officer, "discharge=eligible")).toContain(caseId);
    const deny = await officer.post(`/api/v1/cases/${caseId}/early-discharge/deny`, { opportunityKey: key, reason: "The victim objects" });
    expect(deny.statusCode, deny.body).toBe(200);
    expect(deny.json()).toMatchObject({ listed: false, lastDecision: { decision: "denied", reason: "The victim objects", current: true } });
    expect(await caseloadIds(officer, "discharge=eligible")).not.toContain(caseId);
  });
});
