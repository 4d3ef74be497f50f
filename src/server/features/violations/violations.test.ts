import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Task } from "../../../shared/contract/tasks";
import type { CaseViolations, Violation } from "../../../shared/contract/violations";
import type { JobQueue } from "../../platform/jobs";
import { signInSecondNorthSupervisor } from "../../test-support/accounts";
import { eventQueue } from "../../test-support/event-queue";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { taskEventConsumer } from "../tasks/task-events";
import { defaultMatrixRows } from "./response-matrix";
import { violationEventConsumer } from "./violation-events";

describe(`violations and graduated responses (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let southOfficer: Client;
  let supervisor: Client;
  let secondSupervisor: Client;
  let admin: Client;
  let queue: JobQueue;

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 30 * 86_400, sessionAbsoluteTimeoutSeconds: 30 * 86_400 });
    test.clock.set(new Date("2026-04-06T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    southOfficer = await signIn(test, "officer.south1");
    supervisor = await signIn(test, "supervisor.north");
    secondSupervisor = await signInSecondNorthSupervisor(test);
    admin = await signIn(test, "admin");
    // Both consumers exactly as main.ts registers them, on a queue the test runs by hand.
    queue = eventQueue(test, taskEventConsumer, violationEventConsumer);
  });
  afterAll(() => test.close());

  const violationsOf = async (client: Client, caseId: string): Promise<CaseViolations> => {
    const response = await client.get(`/api/v1/cases/${caseId}/violations`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const tasksOf = async (caseId: string): Promise<Task[]> =>
    ((await officer.get(`/api/v1/cases/${caseId}/tasks`)).json().tasks as Task[]).filter((task) =>
      ["violation_response_due", "response_approval_requested"].includes(task.kind),
    );

  /** A case with a testing program and a positive test two hours ago (thc and cocaine, both pending the lab). */
  async function positiveTest() {
    const { caseId, personId } = await intake(officer);
    const program = { frequency: "weekly", testsPerMonth: 4, panel: ["thc", "cocaine"], method: "urine", startedOn: "2026-03-01" };
    expect((await officer.put(`/api/v1/cases/${caseId}/testing-program`, program)).statusCode).toBe(200);
    const recorded = await officer.post(`/api/v1/cases/${caseId}/tests`, {
      status: "collected",
      specimenId: `S-${caseId.slice(0, 8)}`,
      collectedAt: new Date(test.clock.now().getTime() - 2 * 3_600_000).toISOString(),
      method: "urine",
      results: [
        { substance: "thc", result: "positive", confirmation: "pending" },
        { substance: "cocaine", result: "positive", confirmation: "pending" },
      ],
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    return { caseId, personId, testId: recorded.json().id as string };
  }

  it("turns a positive drug test into a violation with its evidence, and withdraws it when the lab overturns the result", async () => {
    const { caseId, testId } = await positiveTest();
    expect((await violationsOf(officer, caseId)).violations).toEqual([]);
    await queue.runUntilIdle();
    const { violations, riskLevelUsed } = await violationsOf(officer, caseId);
    expect(riskLevelUsed).toBe("moderate");
    expect(violations).toHaveLength(1);
    const [violation] = violations as [Violation];
    expect(violation).toMatchObject({
      type: "positive_test",
      severity: "medium",
      status: "open",
      recordedByName: null,
      evidence: [{ sourceType: "drug_test", sourceId: testId, eventKind: "positive_test", withdrawnAt: null }],
      // The default matrix's medium × moderate cell.
      allowedResponses: defaultMatrixRows[1]!.cells.moderate,
    });
    expect(
      await auditRows(test.db, "action = 'violation.created' AND record_id = $1 AND actor_username = 'system'", [violation.id]),
    ).toHaveLength(1);
    // Delivered again: nothing new.
    await queue.runUntilIdle();
    expect((await violationsOf(officer, caseId)).violations).toHaveLength(1);
    // Other units may not read it.
    expect((await southOfficer.get(`/api/v1/cases/${caseId}/violations`)).statusCode).toBe(403);

    // A response chosen before the lab answers is cancelled with the violation.
    const chosen = await officer.post(`/api/v1/violations/${violation.id}/responses`, {
      expectedVersion: violation.version,
      response: "treatment_referral",
      dueOn: "2026-04-10",
    });
    expect(chosen.statusCode, chosen.body).toBe(201);
    expect((await tasksOf(caseId)).map((task) => [task.kind, task.status, task.dueOn])).toEqual([
      ["violation_response_due", "open", "2026-04-10"],
    ]);

    // One result overturned: the other still stands, so does the violation.
    expect((await officer.patch(`/api/v1/tests/${testId}/results/thc`, { confirmation: "overturned" })).statusCode).toBe(200);
    await queue.runUntilIdle();
    expect((await violationsOf(officer, caseId)).violations[0]!.status).toBe("open");
    expect((await officer.patch(`/api/v1/tests/${testId}/results/cocaine`, { confirmation: "overturned" })).statusCode).toBe(200);
    await queue.runUntilIdle();
    const [withdrawn] = (await violationsOf(officer, caseId)).violations as [Violation];
    expect(withdrawn.status).toBe("withdrawn");
    expect(withdrawn.statusReason).toBe("Positive drug test withdrawn: The lab overturned the cocaine result");
    expect(withdrawn.evidence[0]!.withdrawnReason).toBe("The lab overturned the cocaine result");
    expect(withdrawn.responses.map((response) => response.status)).toEqual(["cancelled"]);
    const [task] = await tasksOf(caseId);
    expect(task).toMatchObject({ status: "dismissed" });
    expect(task!.statusReason).toContain("The lab overturned the cocaine result");
    expect(await auditRows(test.db, "action = 'violation.withdrawn' AND record_id = $1", [withdrawn.id])).toHaveLength(1);
  });

  it("groups a no-show and the missed appointment it was recorded against into one violation", async () => {
    const { caseId } = await intake(officer);
    const startsAt = new Date(test.clock.now().getTime() + 3_600_000);
    const booked = await officer.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "office_visit",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
    });
    expect(booked.statusCode).toBe(201);
    test.clock.advance(2 * 3_600_000);
    const noShow = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      outcome: "no_show",
      occurredAt: new Date(startsAt.getTime() + 20 * 60_000).toISOString(),
      appointmentId: booked.json().id,
    });
    expect(noShow.statusCode, noShow.body).toBe(201);
    await queue.runUntilIdle();
    const { violations } = await violationsOf(officer, caseId);
    expect(violations).toHaveLength(1);
    expect(violations[0]!.evidence.map((item) => item.eventKind).sort()).toEqual(["contact_no_show", "missed_appointment"]);

    // By hand: two violations of one episode grouped into one; the grouped one is withdrawn, saying where it went.
    const first = await officer.post(`/api/v1/cases/${caseId}/violations`, {
      type: "curfew_breach",
      occurredAt: "2026-04-05T03:00:00Z",
      description: "Not home at 11 pm on the curfew check",
    });
    expect(first.statusCode, first.body).toBe(201);
    const merged = await officer.post(`/api/v1/violations/${first.json().id}/merge`, {
      expectedVersion: first.json().version,
      violationIds: [violations[0]!.id],
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().evidence).toHaveLength(2);
    expect(merged.json().occurredAt).toBe("2026-04-05T03:00:00.000Z");
    const after = (await violationsOf(officer, caseId)).violations;
    expect(after.map((violation) => violation.id)).toEqual([first.json().id]);
  });

  it("records a violation by hand with the agency's severity, refuses one on a closed case, and keeps edits in order", async () => {
    const { caseId } = await intake(officer);
    const recorded = await officer.post(`/api/v1/cases/${caseId}/violations`, {
      type: "zone_breach",
      occurredAt: "2026-04-06T10:00:00Z",
      description: "Seen at the victim's street by the neighbourhood officer",
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({
      type: "zone_breach",
      severity: "high",
      status: "open",
      recordedByName: "Olivia Ortiz",
      evidence: [],
    });
    const id = recorded.json().id as string;
    const future = await officer.post(`/api/v1/cases/${caseId}/violations`, {
      type: "other",
      occurredAt: "2026-05-01T10:00:00Z",
      description: "x",
    });
    expect(future.statusCode).toBe(400);

    const account = await officer.patch(`/api/v1/violations/${id}`, {
      expectedVersion: 1,
      personsAccount: "Says he was visiting his mother",
    });
    expect(account.statusCode, account.body).toBe(200);
    expect(account.json()).toMatchObject({ personsAccount: "Says he was visiting his mother", version: 2 });
    const stale = await officer.patch(`/api/v1/violations/${id}`, { expectedVersion: 1, severity: "low" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toBe("edit_conflict");
    expect(await auditRows(test.db, "action = 'violation.updated' AND record_id = $1 AND outcome = 'allowed'", [id])).toHaveLength(1);
    expect((await southOfficer.patch(`/api/v1/violations/${id}`, { expectedVersion: 2, severity: "low" })).statusCode).toBe(403);

    const closed = await officer.patch(`/api/v1/cases/${caseId}`, {
      expectedVersion: 1,
      status: "closed",
      closureReason: "successful_completion",
      actualEnd: "2026-04-06",
      reason: "Term completed",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const onClosed = await officer.post(`/api/v1/cases/${caseId}/violations`, {
      type: "other",
      occurredAt: "2026-04-06T10:00:00Z",
      description: "Late",
    });
    expect(onClosed.statusCode).toBe(409);
    expect(onClosed.json().message).toContain("closed");
    expect((await officer.patch(`/api/v1/violations/${id}`, { expectedVersion: 2, severity: "low" })).statusCode).toBe(409);
  });

  it("takes a response from the matrix at once; a departure needs its reason and another supervisor's approval", async () => {
    const { caseId } = await positiveTest();
    await queue.runUntilIdle();
    let [violation] = (await violationsOf(officer, caseId)).violations as [Violation];

    // Outside the cell without a reason: 400, nothing written.
    const noReason = await officer.post(`/api/v1/violations/${violation.id}/responses`, {
      expectedVersion: violation.version,
      response: "short_sanction",
      dueOn: "2026-04-08",
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().issues).toEqual([{ field: "departureReason", message: "required outside the matrix" }]);
    expect((await violationsOf(officer, caseId)).violations[0]!.responses).toEqual([]);

    // The officer departs with a reason: it awaits the unit's supervisors.
    const departed = await officer.post(`/api/v1/violations/${violation.id}/responses`, {
      expectedVersion: violation.version,
      response: "short_sanction",
      dueOn: "2026-04-08",
      departureReason: "Third positive test this month after two treatment referrals",
    });
    expect(departed.statusCode, departed.body).toBe(201);
    violation = departed.json();
    const departure = violation.responses[0]!;
    expect(departure).toMatchObject({
      withinMatrix: false,
      needsApproval: true,
      status: "awaiting_approval",
      proposedByName: "Olivia Ortiz",
    });
    const approvals = (await supervisor.get("/api/v1/tasks/mine?kind=response_approval_requested")).json().tasks as Task[];
    expect(approvals.map((task) => task.sourceId)).toContain(departure.id);

    // The officer may not approve; nor may another unit.
    expect((await officer.post(`/api/v1/violation-responses/${departure.id}/decision`, { decision: "approved" })).statusCode).toBe(403);
    // Approved by a supervisor who did not propose it: to carry out, with the officer's task.
    const approved = await supervisor.post(`/api/v1/violation-responses/${departure.id}/decision`, { decision: "approved" });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().responses[0]).toMatchObject({ status: "to_do", decidedByName: "Samuel Okafor" });
    expect(approved.json().status).toBe("referred");
    expect((await tasksOf(caseId)).map((task) => [task.kind, task.status]).sort()).toEqual([
      ["response_approval_requested", "done"],
      ["violation_response_due", "open"],
    ]);
    const again = await secondSupervisor.post(`/api/v1/violation-responses/${departure.id}/decision`, { decision: "approved" });
    expect(again.statusCode).toBe(409);

    // A supervisor's own departure: their own approval is refused (403, audited); another supervisor approves.
    const ownDeparture = await supervisor.post(`/api/v1/violations/${violation.id}/responses`, {
      expectedVersion: approved.json().version,
      response: "verbal_warning",
      dueOn: "2026-04-07",
      departureReason: "A warning is enough: the lab result was borderline",
    });
    expect(ownDeparture.statusCode, ownDeparture.body).toBe(201);
    const ownId = (ownDeparture.json() as Violation).responses.at(-1)!.id;
    const selfApproval = await supervisor.post(`/api/v1/violation-responses/${ownId}/decision`, { decision: "approved" });
    expect(selfApproval.statusCode).toBe(403);
    const denied = await auditRows(test.db, "action = 'violation.response_decided' AND record_id = $1 AND outcome = 'denied'", [ownId]);
    expect(denied).toHaveLength(1);
    expect(denied[0]!.actor_username).toBe("supervisor.north");
    expect(denied[0]!.justification).toBe("violation_response.approve is never granted on one's own account");
    const byAnother = await secondSupervisor.post(`/api/v1/violation-responses/${ownId}/decision`, { decision: "approved" });
    expect(byAnother.statusCode, byAnother.body).toBe(200);
    expect((byAnother.json() as Violation).responses.at(-1)).toMatchObject({ status: "to_do", decidedByName: "Nadia Second" });
  });

  it("marks a response carried out, which addresses the violation; a refusal needs its reason", async () => {
    const { caseId } = await positiveTest();
    await queue.runUntilIdle();
    const [violation] = (await violationsOf(officer, caseId)).violations as [Violation];
    const chosen = await officer.post(`/api/v1/violations/${violation.id}/responses`, {
      expectedVersion: violation.version,
      response: "written_warning",
      dueOn: "2026-04-07",
    });
    expect(chosen.statusCode, chosen.body).toBe(201);
    const response = (chosen.json() as Violation).responses[0]!;
    expect(response).toMatchObject({ withinMatrix: true, needsApproval: false, status: "to_do" });
    // In the caseload's "open violation" filter until it is addressed.
    const listed = async () =>
      ((await officer.get("/api/v1/caseload?violation=open&limit=200")).json().entries as { caseId: string }[]).some(
        (entry) => entry.caseId === caseId,
      );
    expect(await listed()).toBe(true);
    const responseDue = async () =>
      ((await officer.get("/api/v1/caseload?violation=response_due&limit=200")).json().entries as { caseId: string }[]).some(
        (entry) => entry.caseId === caseId,
      );
    expect(await responseDue()).toBe(true);
    const done = await officer.post(`/api/v1/violation-responses/${response.id}/done`, { note: "Letter handed over at the office" });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: "addressed", statusReason: "Addressed: written warning letter" });
    expect((await tasksOf(caseId)).map((task) => task.status)).toEqual(["done"]);
    expect(await listed()).toBe(false);
    expect(await responseDue()).toBe(false);
    expect((await officer.post(`/api/v1/violation-responses/${response.id}/done`, {})).statusCode).toBe(409);

    // A report to the authority (outside this cell, so with a reason) awaits a supervisor; refusing needs a reason.
    const report = await officer.post(`/api/v1/violations/${violation.id}/responses`, {
      expectedVersion: done.json().version,
      response: "report_to_authority",
      dueOn: "2026-04-09",
      departureReason: "Repeated use",
    });
    expect(report.statusCode, report.body).toBe(201);
    const reportId = (report.json() as Violation).responses.at(-1)!.id;
    expect((report.json() as Violation).responses.at(-1)).toMatchObject({ status: "awaiting_approval", needsApproval: true });
    expect((await supervisor.post(`/api/v1/violation-responses/${reportId}/decision`, { decision: "refused" })).statusCode).toBe(400);
    const refused = await supervisor.post(`/api/v1/violation-responses/${reportId}/decision`, {
      decision: "refused",
      reason: "Try treatment first",
    });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ status: "addressed" });
    expect((refused.json() as Violation).responses.at(-1)).toMatchObject({ status: "refused", decisionReason: "Try treatment first" });
  });

  it("lets administrators set the matrix, refusing an undefined cell or overlapping severities with the cell named", async () => {
    const settings = await officer.get("/api/v1/violation-settings");
    expect(settings.statusCode).toBe(200);
    expect(settings.json().matrix).toMatchObject({ isDefault: true, version: 1 });
    expect(settings.json().matrix.source).toContain("Modelled on (not copied from)");
    const rows = structuredClone(defaultMatrixRows);

    expect((await officer.put("/api/v1/violation-settings/matrix", { rows, expectedVersion: 1 })).statusCode).toBe(403);
    const undefinedCell = structuredClone(rows);
    delete undefinedCell[2]!.cells.very_high;
    const refused = await admin.put("/api/v1/violation-settings/matrix", { rows: undefinedCell, expectedVersion: 1 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues).toEqual([
      { field: "rows.2.cells.very_high", message: "The cell high severity × very high risk is not defined: allow at least one response" },
    ]);
    const overlapping = structuredClone(rows);
    overlapping[1]!.severities = ["low", "medium"];
    const overlap = await admin.put("/api/v1/violation-settings/matrix", { rows: overlapping, expectedVersion: 1 });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().message).toContain("Severity low is in rows 1 and 2");

    rows[0]!.cells.low = ["verbal_warning"];
    const saved = await admin.put("/api/v1/violation-settings/matrix", { rows, expectedVersion: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().matrix).toMatchObject({ isDefault: false, version: 2 });
    expect((await admin.put("/api/v1/violation-settings/matrix", { rows, expectedVersion: 1 })).statusCode).toBe(409);

    const severities = { ...settings.json().severities, missed_appointment: "medium" };
    const table = await admin.put("/api/v1/violation-settings/severities", { severities });
    expect(table.statusCode, table.body).toBe(200);
    expect(table.json()).toMatchObject({ severitiesAreDefault: false, severities: { missed_appointment: "medium" } });
    expect(await auditRows(test.db, "action = 'violation_settings.matrix_changed' AND outcome = 'allowed'")).toHaveLength(1);
  });
});
