import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { condition } from "../../../shared/contract/conditions";
import type { Task } from "../../../shared/contract/tasks";
import type { CaseViolations, Violation } from "../../../shared/contract/violations";
import type { JobQueue } from "../../platform/jobs";
import { signInSecondNorthSupervisor } from "../../test-support/accounts";
import { eventQueue } from "../../test-support/event-queue";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { taskEventConsumer } from "../tasks/task-events";
import { violationEventConsumer } from "./violation-events";

type Condition = z.infer<typeof condition>;

describe(`responses that act, and enforcement while recording an outcome (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;
  let queue: JobQueue;

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 30 * 86_400, sessionAbsoluteTimeoutSeconds: 30 * 86_400 });
    test.clock.set(new Date("2026-04-06T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signInSecondNorthSupervisor(test);
    queue = eventQueue(test, taskEventConsumer, violationEventConsumer);
  });
  afterAll(() => test.close());

  const today = () => test.clock.now().toISOString().slice(0, 10);
  const violationsOf = async (caseId: string): Promise<CaseViolations> => {
    const response = await officer.get(`/api/v1/cases/${caseId}/violations`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  /** The case's open tasks of a kind, as the client sees them. */
  const openTasks = async (client: Client, caseId: string, kind: Task["kind"]): Promise<Task[]> =>
    ((await client.get(`/api/v1/cases/${caseId}/tasks`)).json().tasks as Task[]).filter(
      (task) => task.kind === kind && task.status === "open",
    );
  const tasksOf = (caseId: string, kind: Task["kind"]) => openTasks(officer, caseId, kind);
  const supervisorTasksOf = (caseId: string, kind: Task["kind"]) => openTasks(supervisor, caseId, kind);
  const byHand = async (caseId: string, severity: "low" | "medium" | "high"): Promise<Violation> => {
    const recorded = await officer.post(`/api/v1/cases/${caseId}/violations`, {
      type: "curfew_breach",
      severity,
      occurredAt: new Date(test.clock.now().getTime() - 3_600_000).toISOString(),
      description: "Out after hours, seen on a home visit",
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    return recorded.json();
  };
  const respond = (violation: Violation, body: Record<string, unknown>) =>
    officer.post(`/api/v1/violations/${violation.id}/responses`, { expectedVersion: violation.version, dueOn: today(), ...body });

  it("a curfew response makes a curfew condition version with the officer's hours, and a second one supersedes it", async () => {
    const { caseId, personId } = await intake(officer);
    const curfewsOf = async () =>
      ((await officer.get(`/api/v1/people/${personId}`)).json().cases[0].conditions as Condition[]).filter(
        (condition) => condition.kind === "curfew",
      );
    const violation = await byHand(caseId, "medium");
    const missing = await respond(violation, { response: "curfew" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().issues).toContainEqual(expect.objectContaining({ field: "effect.curfew" }));
    const badHours = await respond(violation, { response: "curfew", effect: { curfew: { start: "25:00", end: "06:00" } } });
    expect(badHours.statusCode).toBe(400);
    expect(JSON.stringify(badHours.json().issues)).toContain("effect.curfew.start");
    expect(await curfewsOf()).toEqual([]);

    const chosen = await respond(violation, { response: "curfew", effect: { curfew: { start: "21:00", end: "06:00" } } });
    expect(chosen.statusCode, chosen.body).toBe(201);
    const applied = (chosen.json() as Violation).responses[0]!.applied!;
    const [curfew] = await curfewsOf();
    expect(curfew).toMatchObject({ id: applied.conditionId, parameters: { start: "21:00", end: "06:00" }, effectiveFrom: "2026-04-06" });

    const again = await byHand(caseId, "medium");
    const tighter = await respond(again, { response: "curfew", effect: { curfew: { start: "19:00", end: "07:00" } } });
    expect(tighter.statusCode, tighter.body).toBe(201);
    const versions = await curfewsOf();
    const latest = versions.find((version) => version.id === (tighter.json() as Violation).responses[0]!.applied!.conditionId)!;
    expect(latest).toMatchObject({ parameters: { start: "19:00", end: "07:00" }, supersedes: curfew!.id });
  });

  it("a higher level goes through the level history once a supervisor approves the departure, never before", async () => {
    const { caseId } = await intake(officer);
    const violation = await byHand(caseId, "low");
    const notHigher = await respond(violation, {
      response: "supervision_level_increase",
      departureReason: "Third curfew breach this month",
      effect: { supervisionLevel: "moderate" },
    });
    expect(notHigher.statusCode).toBe(400);
    expect(notHigher.json().issues).toContainEqual(expect.objectContaining({ field: "effect.supervisionLevel" }));
    const departed = await respond(violation, {
      response: "supervision_level_increase",
      departureReason: "Third curfew breach this month",
      effect: { supervisionLevel: "high" },
    });
    expect(departed.statusCode, departed.body).toBe(201);
    const response = (departed.json() as Violation).responses[0]!;
    expect(response).toMatchObject({ status: "awaiting_approval", applied: null, effect: { supervisionLevel: "high" } });
    const levelOf = async () =>
      (await test.db.query<{ supervision_level: string }>("SELECT supervision_level FROM supervision_case WHERE id = $1", [caseId]))[0]!
        .supervision_level;
    expect(await levelOf()).toBe("moderate");

    const approved = await supervisor.post(`/api/v1/violation-responses/${response.id}/decision`, { decision: "approved" });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((approved.json() as Violation).responses[0]!.applied).toEqual({ levelFrom: "moderate", levelTo: "high" });
    expect(await levelOf()).toBe("high");
    const history = await test.db.query<{ supervision_level: string; previous_level: string; cause: string }>(
      "SELECT supervision_level, previous_level, cause FROM case_level_change WHERE case_id = $1 AND cause <> 'intake'",
      [caseId],
    );
    expect(history).toEqual([{ supervision_level: "high", previous_level: "moderate", cause: "violation_response" }]);
  });

  it("an approved higher level never lowers a level that rose meanwhile", async () => {
    const { caseId } = await intake(officer);
    const first = await byHand(caseId, "low");
    const departed = await respond(first, {
      response: "supervision_level_increase",
      departureReason: "Repeated breaches",
      effect: { supervisionLevel: "high" },
    });
    expect(departed.statusCode, departed.body).toBe(201);
    // Meanwhile a serious violation's response, in the matrix's cell, raises the level to intensive at once.
    const serious = await byHand(caseId, "high");
    const raised = await respond(serious, { response: "supervision_level_increase", effect: { supervisionLevel: "intensive" } });
    expect(raised.statusCode, raised.body).toBe(201);
    expect((raised.json() as Violation).responses[0]!.applied).toEqual({ levelFrom: "moderate", levelTo: "intensive" });
    const pending = (departed.json() as Violation).responses[0]!;
    const approved = await supervisor.post(`/api/v1/violation-responses/${pending.id}/decision`, { decision: "approved" });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((approved.json() as Violation).responses[0]!.applied).toBeNull();
    const [row] = await test.db.query<{ supervision_level: string }>("SELECT supervision_level FROM supervision_case WHERE id = $1", [
      caseId,
    ]);
    expect(row!.supervision_level).toBe("intensive");
  });

  it("a written warning generates a letter with the person's name, the violation, the response and the date", async () => {
    const { caseId } = await intake(officer, { person: { firstName: "Lena", lastName: "Warnock" } });
    const violation = await byHand(caseId, "low");
    const warned = await respond(violation, { response: "written_warning" });
    expect(warned.statusCode, warned.body).toBe(201);
    const response = (warned.json() as Violation).responses[0]!;
    const letter = await officer.get(`/api/v1/warning-letters/${response.applied!.letterId}`);
    expect(letter.statusCode, letter.body).toBe(200);
    expect(letter.json()).toMatchObject({
      caseId,
      violationType: "curfew_breach",
      response: "written_warning",
      letterDate: "2026-04-06",
    });
    expect(letter.json().personName).toBe("Lena Warnock");
    // Its own task, closed when the response is recorded as carried out.
    expect(await tasksOf(caseId, "violation_response_due")).toHaveLength(1);
    expect((await officer.post(`/api/v1/violation-responses/${response.id}/done`, {})).statusCode).toBe(200);
    expect(await tasksOf(caseId, "violation_response_due")).toEqual([]);
  });

  /** An office appointment an hour from now; the clock then moves past it. */
  async function missedAppointment() {
    const { caseId } = await intake(officer);
    const startsAt = new Date(test.clock.now().getTime() + 3_600_000);
    const booked = await officer.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "office_visit",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 1_800_000).toISOString(),
    });
    expect(booked.statusCode, booked.body).toBe(201);
    test.clock.set(new Date(test.clock.now().getTime() + 2 * 3_600_000));
    const outcome = (enforcement?: Record<string, unknown>) =>
      officer.post(`/api/v1/cases/${caseId}/contacts`, {
        contactType: "office_visit",
        occurredAt: startsAt.toISOString(),
        outcome: "no_show",
        appointmentId: booked.json().id,
        ...(enforcement ? { enforcement } : {}),
      });
    return { caseId, appointmentId: booked.json().id as string, outcome };
  }

  it("refuses an incomplete decision with a 400 naming the field, and writes nothing of the outcome", async () => {
    const { caseId, outcome } = await missedAppointment();
    const cases = [
      [{ decision: "pending_explanation" }, "enforcement.explanationDueOn"],
      [{ decision: "no_action" }, "enforcement.reason"],
      [{ decision: "matrix_response", dueOn: today() }, "enforcement.response"],
      // Missed appointment: low severity at moderate risk; a curfew is outside that cell.
      [
        { decision: "matrix_response", response: "curfew", dueOn: today(), effect: { curfew: { start: "21:00", end: "06:00" } } },
        "enforcement.departureReason",
      ],
      [{ decision: "pending_explanation", explanationDueOn: "2026-01-01" }, "enforcement.explanationDueOn"],
    ] as const;
    for (const [enforcement, field] of cases) {
      const refused = await outcome(enforcement);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().issues).toContainEqual(expect.objectContaining({ field }));
      expect(refused.json().message.length).toBeGreaterThan(10);
    }
    // Nothing was written: no contact, the appointment still scheduled, no violation, no decision.
    expect((await officer.get(`/api/v1/cases/${caseId}/contacts`)).json()).toEqual([]);
    expect(await violationsOf(caseId)).toMatchObject({ violations: [], enforcementDecisions: [] });
  });

  it("a warning with the outcome makes the violation at once with its letter; the events' later delivery adds nothing", async () => {
    const { caseId, appointmentId, outcome } = await missedAppointment();
    const recorded = await outcome({ decision: "warning" });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const before = await violationsOf(caseId);
    expect(before.violations).toHaveLength(1);
    const [violation] = before.violations;
    expect(violation).toMatchObject({ type: "missed_appointment", status: "open" });
    expect(violation!.evidence.map((evidence) => evidence.eventKind).sort()).toEqual(["contact_no_show", "missed_appointment"]);
    expect(violation!.responses).toEqual([expect.objectContaining({ response: "written_warning", status: "to_do" })]);
    expect(violation!.responses[0]!.applied!.letterId).toBeTruthy();
    expect(before.enforcementDecisions).toEqual([
      expect.objectContaining({ decision: "warning", violationId: violation!.id, appointmentId, responseId: violation!.responses[0]!.id }),
    ]);

    await queue.runUntilIdle();
    const after = await violationsOf(caseId);
    expect(after.violations).toHaveLength(1);
    expect(after.violations[0]!.evidence).toHaveLength(2);
  });

  it("no action closes the violation as addressed with the reason; pending explanation sets a task due on the deadline", async () => {
    const first = await missedAppointment();
    const noAction = await first.outcome({ decision: "no_action", reason: "Hospital admission, confirmed by the ward" });
    expect(noAction.statusCode, noAction.body).toBe(201);
    const { violations } = await violationsOf(first.caseId);
    expect(violations[0]).toMatchObject({ status: "addressed", statusReason: "No action: Hospital admission, confirmed by the ward" });

    const second = await missedAppointment();
    const pending = await second.outcome({ decision: "pending_explanation", explanationDueOn: "2026-04-13" });
    expect(pending.statusCode, pending.body).toBe(201);
    const decided = await violationsOf(second.caseId);
    expect(decided.enforcementDecisions).toEqual([
      expect.objectContaining({ decision: "pending_explanation", explanationDueOn: "2026-04-13", responseId: null }),
    ]);
    expect(decided.violations[0]).toMatchObject({ status: "open", responses: [] });
    expect((await tasksOf(second.caseId, "explanation_due")).map((task) => task.dueOn)).toEqual(["2026-04-13"]);

    // The person explains: recording the account settles the wait, and the task is done without anyone closing it.
    const explained = await officer.patch(`/api/v1/violations/${decided.violations[0]!.id}`, {
      expectedVersion: decided.violations[0]!.version,
      personsAccount: "Bus cancelled; came the next morning",
    });
    expect(explained.statusCode, explained.body).toBe(200);
    expect(await tasksOf(second.caseId, "explanation_due")).toEqual([]);
  });

  it("a matrix response with the outcome is chosen in the cell; outside it, a reason makes it a departure awaiting approval", async () => {
    const inCell = await missedAppointment();
    const chosen = await inCell.outcome({ decision: "matrix_response", response: "increased_reporting", dueOn: "2026-04-20" });
    expect(chosen.statusCode, chosen.body).toBe(201);
    const [violation] = (await violationsOf(inCell.caseId)).violations;
    expect(violation!.responses).toEqual([
      expect.objectContaining({
        response: "increased_reporting",
        withinMatrix: true,
        status: "to_do",
        dueOn: "2026-04-20",
        applied: { reportingRecorded: true },
      }),
    ]);

    const outside = await missedAppointment();
    const departed = await outside.outcome({
      decision: "matrix_response",
      response: "curfew",
      dueOn: today(),
      departureReason: "Missed while out overnight",
      effect: { curfew: { start: "22:00", end: "06:00" } },
    });
    expect(departed.statusCode, departed.body).toBe(201);
    const [departure] = (await violationsOf(outside.caseId)).violations;
    expect(departure!.responses[0]).toMatchObject({ withinMatrix: false, status: "awaiting_approval", applied: null });
    expect(await supervisorTasksOf(outside.caseId, "response_approval_requested")).toHaveLength(1);
  });

  it("an enforcement decision on an attended appointment is a 400 naming it", async () => {
    const { caseId } = await intake(officer);
    const refused = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      occurredAt: new Date(test.clock.now().getTime() - 60_000).toISOString(),
      outcome: "completed",
      enforcement: { decision: "warning" },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues).toContainEqual(expect.objectContaining({ field: "enforcement" }));
    expect((await officer.get(`/api/v1/cases/${caseId}/contacts`)).json()).toEqual([]);
  });

  it("the third warning within six months crosses the agency's clock: the supervisors get a review task, once", async () => {
    const { caseId } = await intake(officer);
    const warn = async () => {
      const violation = await byHand(caseId, "low");
      const warned = await respond(violation, { response: "verbal_warning" });
      expect(warned.statusCode, warned.body).toBe(201);
    };
    await warn();
    await warn();
    expect(await supervisorTasksOf(caseId, "enforcement_escalation")).toEqual([]);
    await warn();
    expect(await supervisorTasksOf(caseId, "enforcement_escalation")).toHaveLength(1);
    await warn();
    expect(await supervisorTasksOf(caseId, "enforcement_escalation")).toHaveLength(1);
  });

  it("withdrawing the violation whose warning crossed the clock dismisses the supervisors' review with it", async () => {
    const { caseId } = await intake(officer);
    let third: Violation | undefined;
    for (let count = 1; count <= 3; count++) {
      const violation = await byHand(caseId, "low");
      const warned = await respond(violation, { response: "verbal_warning" });
      expect(warned.statusCode, warned.body).toBe(201);
      third = warned.json();
    }
    expect(await supervisorTasksOf(caseId, "enforcement_escalation")).toHaveLength(1);
    const withdrawn = await officer.patch(`/api/v1/violations/${third!.id}`, {
      expectedVersion: third!.version,
      status: "withdrawn",
      statusReason: "Recorded on the wrong person",
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(await supervisorTasksOf(caseId, "enforcement_escalation")).toEqual([]);
  });
});
