import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobQueue } from "../../platform/jobs";
import { signInSecondNorthSupervisor } from "../../test-support/accounts";
import { eventQueue } from "../../test-support/event-queue";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { caseVersion, intake } from "../../test-support/supervision-fixtures";
import { violationEventConsumer } from "../violations/violation-events";

type Recommendation = {
  id: string;
  status: string;
  version: number;
  facts: string | null;
  authority: string;
  emergency: boolean;
  decideBy: string | null;
  emergencyAuthorised: boolean;
  fileDueOn: string | null;
  fileCompletedAt: string | null;
  history: { responses: { response: string }[]; incentives: { kind: string }[] };
  risk: { caseRiskLevel: string | null };
  violations: { id: string; status: string }[];
  discussion: { discussedOn: string; discussedWith: string; notes: string } | null;
  instructions: string | null;
};

describe(`revocation and recall recommendations, absconding (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;
  let secondSupervisor: Client;
  let southOfficer: Client;
  let queue: JobQueue;

  beforeAll(async () => {
    test = await createTestApp();
    // A Wednesday, 15:00 UTC (10:00 in the demo agency's zone).
    test.clock.set(new Date("2026-03-04T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    southOfficer = await signIn(test, "officer.south1");
    secondSupervisor = await signInSecondNorthSupervisor(test);
    queue = eventQueue(test, violationEventConsumer);
  });
  afterAll(() => test.close());

  const hoursAgo = (hours: number) => new Date(test.clock.now().getTime() - hours * 3_600_000).toISOString();
  const violationOn = async (caseId: string, description: string) => {
    const made = await officer.post(`/api/v1/cases/${caseId}/violations`, {
      type: "other",
      severity: "high",
      occurredAt: hoursAgo(30),
      description,
    });
    expect(made.statusCode, made.body).toBe(201);
    return made.json() as { id: string; version: number };
  };
  const start = (client: Client, caseId: string, body: Record<string, unknown>) => client.post(`/api/v1/cases/${caseId}/revocations`, body);
  const discussion = {
    discussedOn: "2026-03-04",
    discussedWith: "Officer Dana North and Supervisor",
    discussionNotes: "Reviewed the file together.",
  };
  const tasksOf = async (caseId: string, like: string) =>
    test.db.query<{ kind: string; status: string; owner: string; due_on: string }>(
      "SELECT kind, status, owner, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM task WHERE case_id = $1 AND kind LIKE $2 ORDER BY created_at, kind",
      [caseId, like],
    );

  it("builds the file from violations with the responses tried and the risk; refuses an incomplete submission; a supervisor refers it", async () => {
    const { caseId } = await intake(officer, { case: { supervisionType: "parole", authorityName: "State Board of Parole" } });
    const violation = await violationOn(caseId, "Left the county without permission.");
    const responded = await officer.post(`/api/v1/violations/${violation.id}/responses`, {
      expectedVersion: violation.version,
      response: "treatment_referral",
      dueOn: "2026-03-10",
      note: "Outpatient programme",
      departureReason: "Matrix fixture",
    });
    expect(responded.statusCode, responded.body).toBe(201);

    expect((await start(southOfficer, caseId, { violationIds: [violation.id] })).statusCode).toBe(403);
    expect((await start(officer, caseId, { violationIds: [crypto.randomUUID()] })).statusCode).toBe(400);
    expect((await start(officer, caseId, { violationIds: [violation.id], emergency: true })).json().issues).toEqual([
      { field: "emergencyReason", message: "Give why the risk is immediate" },
    ]);
    const started = await start(officer, caseId, { violationIds: [violation.id] });
    expect(started.statusCode, started.body).toBe(201);
    const draft: Recommendation = started.json();
    expect(draft).toMatchObject({ status: "draft", authority: "parole_board", emergency: false, risk: { caseRiskLevel: "moderate" } });
    expect(draft.facts).toContain("Left the county without permission.");
    expect(draft.facts).toContain("March 3, 2026: Other violation (high severity).");
    expect(draft.history.responses.map((entry) => entry.response)).toEqual(["treatment_referral"]);
    expect(draft.violations.map((entry) => entry.id)).toEqual([violation.id]);

    // Not without the facts, the note on the alternatives and the recommendation.
    const submit = (version: number) => officer.post(`/api/v1/revocations/${draft.id}/submit`, { expectedVersion: version });
    const incomplete = await submit(draft.version);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().issues.map((issue: { field: string }) => issue.field)).toEqual(["alternativesNote", "recommendation"]);
    const edited = await officer.patch(`/api/v1/revocations/${draft.id}`, {
      expectedVersion: draft.version,
      facts: `${draft.facts}\n\nHe has not reported since.`,
      alternativesNote: "Treatment referral not attended; two warnings given.",
      recommendation: "revoke",
    });
    expect(edited.statusCode, edited.body).toBe(200);
    // A stale version is a 409.
    expect((await submit(draft.version)).statusCode).toBe(409);
    const submitted = await submit(edited.json().version);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: "awaiting_decision", decideBy: null });
    expect(await tasksOf(caseId, "revocation%")).toEqual([
      { kind: "revocation_decision_requested", status: "open", owner: "unit_supervisors", due_on: "2026-03-09" },
    ]);
    // Submitted: the file is frozen.
    expect(
      (await officer.patch(`/api/v1/revocations/${draft.id}`, { expectedVersion: submitted.json().version, facts: "x" })).statusCode,
    ).toBe(409);
    // On the supervisors' approvals list until decided.
    const approvals = ((await supervisor.get("/api/v1/approvals")).json().items as { caseId: string; kind: string }[]).filter(
      (item) => item.caseId === caseId,
    );
    expect(approvals).toMatchObject([{ kind: "revocation", authorityName: "State Board of Parole", emergency: false }]);

    const decide = (client: Client, body: Record<string, unknown>) => client.post(`/api/v1/revocations/${draft.id}/decision`, body);
    expect((await decide(officer, { decision: "refer", ...discussion })).statusCode).toBe(403);
    expect((await decide(supervisor, { decision: "refer", ...discussion, discussedOn: "2026-03-05" })).statusCode).toBe(400);
    expect((await decide(supervisor, { decision: "emergency_warrant", ...discussion })).statusCode).toBe(400);
    const referred = await decide(supervisor, { decision: "refer", ...discussion });
    expect(referred.statusCode, referred.body).toBe(200);
    expect(referred.json()).toMatchObject({
      status: "referred",
      discussion: { discussedOn: "2026-03-04", discussedWith: discussion.discussedWith, notes: discussion.discussionNotes },
      violations: [{ id: violation.id, status: "referred" }],
    });
    expect((await decide(secondSupervisor, { decision: "no_revocation", ...discussion, reason: "x", instructions: "y" })).statusCode).toBe(
      409,
    );
    expect(await tasksOf(caseId, "revocation%")).toMatchObject([{ kind: "revocation_decision_requested", status: "done" }]);
    const [told] = await test.db.query<{ title: string }>(
      "SELECT title FROM notification WHERE record_id = $1 AND title LIKE 'Revocation recommendation approved%'",
      [caseId],
    );
    expect(told?.title).toContain("it goes to the parole board");
    // The document reads the file as submitted.
    const document = await officer.get(`/api/v1/revocations/${draft.id}`);
    expect(document.json()).toMatchObject({
      status: "referred",
      recommendation: "revoke",
      history: { responses: [{ response: "treatment_referral" }] },
    });
  });

  it("never lets the author decide their own recommendation (403 and a denied audit row); no revocation needs the letter's words", async () => {
    const { caseId } = await intake(officer);
    const violation = await violationOn(caseId, "Missed three reporting days.");
    // The unit's supervisor writes the file: supervisors may change their unit's cases.
    const draft: Recommendation = (await start(supervisor, caseId, { violationIds: [violation.id] })).json();
    const edited = await supervisor.patch(`/api/v1/revocations/${draft.id}`, {
      expectedVersion: draft.version,
      alternativesNote: "Verbal and written warnings.",
      recommendation: "revoke",
    });
    expect((await supervisor.post(`/api/v1/revocations/${draft.id}/submit`, { expectedVersion: edited.json().version })).statusCode).toBe(
      200,
    );
    const own = await supervisor.post(`/api/v1/revocations/${draft.id}/decision`, { decision: "refer", ...discussion });
    expect(own.statusCode).toBe(403);
    const denied = await auditRows(test.db, "action = 'revocation.decided.refer' AND record_id = $1", [caseId]);
    expect(denied).toMatchObject([{ outcome: "denied", actor_username: "supervisor.north" }]);
    // Not on the author's approvals list; counted as their own waiting.
    const list = (await supervisor.get("/api/v1/approvals")).json();
    expect((list.items as { caseId: string }[]).some((item) => item.caseId === caseId)).toBe(false);
    expect(list.ownWaiting).toBeGreaterThanOrEqual(1);

    const decide = (body: Record<string, unknown>) => secondSupervisor.post(`/api/v1/revocations/${draft.id}/decision`, body);
    expect((await decide({ decision: "no_revocation", ...discussion })).json().issues).toEqual([
      { field: "reason", message: "Give the reason for no revocation" },
      { field: "instructions", message: "Say what the person must do now" },
    ]);
    const decided = await decide({
      decision: "no_revocation",
      ...discussion,
      reason: "First serious lapse; new job starting.",
      instructions: "Report to your officer every Monday at 9 AM for the next eight weeks.",
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: "no_revocation",
      instructions: "Report to your officer every Monday at 9 AM for the next eight weeks.",
      // No revocation: the violation is not referred.
      violations: [{ id: violation.id, status: "open" }],
    });
    const allowed = await auditRows(test.db, "action = 'revocation.decided.no_revocation' AND record_id = $1", [caseId]);
    expect(allowed).toMatchObject([{ outcome: "allowed", actor_username: "supervisor.north2" }]);
  });

  it("only the author edits or submits the file, so whoever decides it wrote none of it; a withdrawn violation stops it (409)", async () => {
    const { caseId } = await intake(officer);
    const violation = await violationOn(caseId, "Positive test, later overturned by the lab.");
    const draft: Recommendation = (await start(officer, caseId, { violationIds: [violation.id] })).json();
    const change = { alternativesNote: "Two warnings and a curfew.", recommendation: "revoke" };
    const bySupervisor = await secondSupervisor.patch(`/api/v1/revocations/${draft.id}`, { expectedVersion: draft.version, ...change });
    expect(bySupervisor.statusCode).toBe(403);
    expect(await auditRows(test.db, "action = 'revocation.updated' AND record_id = $1", [caseId])).toMatchObject([
      { outcome: "denied", actor_username: "supervisor.north2" },
    ]);
    const edited = await officer.patch(`/api/v1/revocations/${draft.id}`, { expectedVersion: draft.version, ...change });
    expect(edited.statusCode, edited.body).toBe(200);
    // One file at a time on a violation.
    expect((await start(officer, caseId, { violationIds: [violation.id] })).statusCode).toBe(409);
    expect(
      (await secondSupervisor.post(`/api/v1/revocations/${draft.id}/submit`, { expectedVersion: edited.json().version })).statusCode,
    ).toBe(403);

    const current = (await officer.get(`/api/v1/cases/${caseId}/violations`)).json().violations[0];
    const withdrawn = await officer.patch(`/api/v1/violations/${violation.id}`, {
      expectedVersion: current.version,
      status: "withdrawn",
      statusReason: "The lab overturned the result",
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const refused = await officer.post(`/api/v1/revocations/${draft.id}/submit`, { expectedVersion: edited.json().version });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain("Withdrawn since this file was started: other violation of");
  });

  it("refuses a recommendation on a closed case (409), and deciding one whose case has closed", async () => {
    const { caseId } = await intake(officer);
    const violation = await violationOn(caseId, "Curfew breach.");
    const draft: Recommendation = (await start(officer, caseId, { violationIds: [violation.id] })).json();
    const closed = await officer.patch(`/api/v1/cases/${caseId}`, {
      expectedVersion: await caseVersion(officer, caseId),
      status: "closed",
      closureReason: "transferred",
      actualEnd: "2026-03-04",
      reason: "Moved out of state",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await start(officer, caseId, { violationIds: [violation.id] })).statusCode).toBe(409);
    expect((await officer.post(`/api/v1/revocations/${draft.id}/submit`, { expectedVersion: draft.version })).statusCode).toBe(409);
    expect(
      (await officer.post(`/api/v1/cases/${caseId}/absconding`, { lastContactOn: "2026-03-01", circumstances: "Gone" })).statusCode,
    ).toBe(409);
  });

  it("sends an emergency to the supervisors due within hours, urgently; a warrant request at once, the file completed afterwards", async () => {
    const { caseId } = await intake(officer);
    const violation = await violationOn(caseId, "Threatened the victim by phone.");
    const draft: Recommendation = (
      await start(officer, caseId, { violationIds: [violation.id], emergency: true, emergencyReason: "Threats to the victim tonight." })
    ).json();
    expect(draft.emergency).toBe(true);
    // The reason is enough to go at once.
    const submitted = await officer.post(`/api/v1/revocations/${draft.id}/submit`, { expectedVersion: draft.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    // Within four hours of its submission.
    const { decideBy, submittedAt } = submitted.json() as { decideBy: string; submittedAt: string };
    expect(new Date(decideBy).getTime() - new Date(submittedAt).getTime()).toBe(4 * 3_600_000);
    expect(await tasksOf(caseId, "revocation%")).toEqual([
      { kind: "revocation_emergency_decision", status: "open", owner: "unit_supervisors", due_on: "2026-03-04" },
    ]);
    const notices = await test.db.query<{ urgent: boolean }>(
      `SELECT n.urgent FROM notification n JOIN task t ON t.id = n.record_id
        WHERE t.case_id = $1 AND t.kind = 'revocation_emergency_decision'`,
      [caseId],
    );
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((notice) => notice.urgent)).toBe(true);
    // A short file cannot be referred in the ordinary way: the emergency warrant request.
    expect((await supervisor.post(`/api/v1/revocations/${draft.id}/decision`, { decision: "refer", ...discussion })).statusCode).toBe(400);
    const authorised = await supervisor.post(`/api/v1/revocations/${draft.id}/decision`, { decision: "emergency_warrant", ...discussion });
    expect(authorised.statusCode, authorised.body).toBe(200);
    // Three working days after Wednesday: Monday.
    expect(authorised.json()).toMatchObject({
      status: "referred",
      emergencyAuthorised: true,
      fileDueOn: "2026-03-09",
      fileCompletedAt: null,
    });
    // (Made in the same instant: in the order of their kinds.)
    expect(await tasksOf(caseId, "revocation%")).toEqual([
      { kind: "revocation_complete_file", status: "open", owner: "case_officer", due_on: "2026-03-09" },
      { kind: "revocation_emergency_decision", status: "done", owner: "unit_supervisors", due_on: "2026-03-04" },
    ]);
    // The officer completes the file afterwards: not without its parts.
    const version = authorised.json().version as number;
    expect((await officer.post(`/api/v1/revocations/${draft.id}/submit`, { expectedVersion: version })).statusCode).toBe(400);
    const edited = await officer.patch(`/api/v1/revocations/${draft.id}`, {
      expectedVersion: version,
      alternativesNote: "No alternative protects the victim tonight.",
      recommendation: "revoke",
    });
    const completed = await officer.post(`/api/v1/revocations/${draft.id}/submit`, { expectedVersion: edited.json().version });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json().fileCompletedAt).toBe(test.clock.now().toISOString());
    expect((await tasksOf(caseId, "revocation_complete_file"))[0]).toMatchObject({ status: "done" });
  });

  it("absconding puts the case on warrant status with a violation, pauses the contact standards, and finding the person resumes them", async () => {
    const { caseId } = await intake(officer);
    const contactTasks = () => tasksOf(caseId, "contact_due");
    expect((await contactTasks()).some((task) => task.status === "open")).toBe(true);
    const record = (body: Record<string, unknown>) => officer.post(`/api/v1/cases/${caseId}/absconding`, body);
    expect((await record({ lastContactOn: "2026-03-10", circumstances: "Gone" })).statusCode).toBe(400);
    expect(
      (await southOfficer.post(`/api/v1/cases/${caseId}/absconding`, { lastContactOn: "2026-03-01", circumstances: "Gone" })).statusCode,
    ).toBe(403);
    const recorded = await record({ lastContactOn: "2026-02-26", circumstances: "Not at home; employer says he quit; phone off." });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ caseStatus: "warrant", abscondings: [{ lastContactOn: "2026-02-26", foundOn: null }] });
    expect((await record({ lastContactOn: "2026-02-26", circumstances: "Again" })).statusCode).toBe(409);
    // The case's history says why; the contact standards ask nothing while on warrant.
    const [change] = await test.db.query<{ old_value: string; new_value: string; reason: string }>(
      "SELECT old_value, new_value, reason FROM case_change WHERE case_id = $1 AND field = 'status'",
      [caseId],
    );
    expect(change).toMatchObject({ old_value: "active", new_value: "warrant" });
    expect(change!.reason).toContain("Absconded");
    const paused = await contactTasks();
    expect(paused.length).toBeGreaterThan(0);
    expect(paused.every((task) => task.status === "dismissed")).toBe(true);
    // The caseload shows the warrant.
    const entry = (
      (await officer.get("/api/v1/caseload?status=warrant&limit=200")).json().entries as { caseId: string; priorityReason: string }[]
    ).find((row) => row.caseId === caseId);
    expect(entry?.priorityReason).toContain("Warrant / absconded");
    expect(entry?.priorityReason).toContain("contact standards paused");
    expect(entry).toMatchObject({ status: "warrant", contactStatus: "met", overdue: false, contactDueBy: null });
    // The violations capability makes the absconding event a high-severity violation.
    await queue.runUntilIdle();
    const violations = (await officer.get(`/api/v1/cases/${caseId}/violations`)).json().violations as { type: string; severity: string }[];
    expect(violations).toMatchObject([{ type: "absconding", severity: "high" }]);
    // A revocation can be started from it while on warrant.
    const open = (await officer.get(`/api/v1/cases/${caseId}/revocations`)).json();
    expect(open.openViolations).toMatchObject([{ type: "absconding" }]);

    // The case edit cannot end the warrant while the absconding stands: finding the person does.
    const byEdit = await officer.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 999, reason: "Back", status: "active" });
    expect(byEdit.statusCode).toBe(409);
    expect(byEdit.json().message).toContain("record that they were found");

    // Found: in custody keeps the standards paused; back to active resumes them.
    const abscondingId = recorded.json().abscondings[0].id as string;
    const found = await officer.post(`/api/v1/abscondings/${abscondingId}/found`, {
      foundOn: "2026-03-04",
      status: "in_custody",
      note: "Arrested by county police",
    });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ caseStatus: "in_custody", abscondings: [{ foundOn: "2026-03-04", foundStatus: "in_custody" }] });
    expect((await contactTasks()).every((task) => task.status === "dismissed")).toBe(true);
    expect(
      (await officer.post(`/api/v1/abscondings/${abscondingId}/found`, { foundOn: "2026-03-04", status: "active", note: "x" })).statusCode,
    ).toBe(409);
    const released = await officer.patch(`/api/v1/cases/${caseId}`, {
      expectedVersion: await caseVersion(officer, caseId),
      status: "active",
      reason: "Released to supervision",
    });
    expect(released.statusCode, released.body).toBe(200);
    expect((await contactTasks()).some((task) => task.status === "open")).toBe(true);
  });
});
