import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Task } from "../../../shared/contract/tasks";
import type { JobQueue } from "../../platform/jobs";
import { eventQueue } from "../../test-support/event-queue";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { caseVersion, intake } from "../../test-support/supervision-fixtures";
import { taskEventConsumer } from "./task-events";
import { createTask } from "./tasks";

describe(`one task model (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let colleague: Client;
  let southOfficer: Client;
  let supervisor: Client;
  let queue: JobQueue;

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 30 * 86_400, sessionAbsoluteTimeoutSeconds: 30 * 86_400 });
    test.clock.set(new Date("2026-04-06T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    colleague = await signIn(test, "officer.north2");
    southOfficer = await signIn(test, "officer.south1");
    supervisor = await signIn(test, "supervisor.north");
    // The consumer exactly as main.ts registers it, on a queue the test runs by hand.
    queue = eventQueue(test, taskEventConsumer);
  });
  afterAll(() => test.close());

  /** The case's tasks other than the contacts its standard requires (contact-standing.test.ts covers those), the
   * appointments' own (task-producers.test.ts) and the assessment due (assessments/assessment-levels.test.ts). */
  const caseTasks = async (client: Client, caseId: string): Promise<Task[]> => {
    const response = await client.get(`/api/v1/cases/${caseId}/tasks`);
    expect(response.statusCode).toBe(200);
    return (response.json().tasks as Task[]).filter(
      (task) => task.kind !== "contact_due" && task.kind !== "appointment" && task.kind !== "assessment_due",
    );
  };
  const mine = async (client: Client, query = ""): Promise<Task[]> => {
    const response = await client.get(`/api/v1/tasks/mine${query}`);
    expect(response.statusCode).toBe(200);
    return response.json().tasks;
  };

  /** An appointment an hour from now, then a no-show for it once it has passed: a missed appointment and a no-show. */
  async function missedAppointment(caseId: string) {
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
    expect(noShow.statusCode).toBe(201);
    return booked.json() as { id: string };
  }

  it("turns a missed appointment into a follow-up for the case's officer, and dismisses it when the event is withdrawn", async () => {
    const { caseId, personId } = await intake(officer);
    const appointment = await missedAppointment(caseId);
    // Nothing before the events are delivered: the consumer makes the tasks.
    expect(await caseTasks(officer, caseId)).toEqual([]);
    await queue.runUntilIdle();
    const tasks = await caseTasks(officer, caseId);
    expect(tasks.map((task) => task.kind).sort()).toEqual(["missed_appointment_follow_up", "no_show_follow_up"]);
    const followUp = tasks.find((task) => task.kind === "missed_appointment_follow_up")!;
    expect(followUp).toMatchObject({
      personId,
      owner: "case_officer",
      ownerName: expect.any(String),
      status: "open",
      sourceType: "supervision_event",
      dueOn: "2026-04-06",
      humanCloses: true,
      history: [{ status: "open", changedByName: null }],
    });
    // The officer's list has it; a colleague of the same unit does not own it and the other unit may not read it.
    expect((await mine(officer)).map((task) => task.id)).toContain(followUp.id);
    expect((await mine(colleague)).map((task) => task.id)).not.toContain(followUp.id);
    expect((await southOfficer.get(`/api/v1/cases/${caseId}/tasks`)).statusCode).toBe(403);

    // Delivered again (a second dispatch), nothing new: one standing task per source and kind.
    await queue.runUntilIdle();
    expect(await caseTasks(officer, caseId)).toHaveLength(2);

    // The appointment was kept after all: its events are withdrawn and so are their follow-ups.
    const corrected = await officer.post(`/api/v1/appointments/${appointment.id}/outcome-correction`, {
      status: "completed",
      reason: "Recorded against the wrong appointment",
      expectedVersion: (await officer.get(`/api/v1/cases/${caseId}/appointments?upcoming=false`)).json()[0].version,
    });
    expect(corrected.statusCode).toBe(200);
    await queue.runUntilIdle();
    // The no-show recorded for that appointment is withdrawn with it: both follow-ups are dismissed.
    const afterAll = await caseTasks(officer, caseId);
    expect(afterAll.map((task) => task.status)).toEqual(["dismissed", "dismissed"]);
    const after = afterAll.find((task) => task.id === followUp.id)!;
    expect(after.statusReason).toContain("Recorded against the wrong appointment");
    expect(after.history.map((change) => change.status)).toEqual(["open", "dismissed"]);
    expect((await mine(officer)).map((task) => task.id)).not.toContain(followUp.id);
    expect(await auditRows(test.db, "action = 'task.dismissed' AND record_id = $1 AND actor_username = 'system'", [caseId])).toHaveLength(
      2,
    );
  });

  it("snoozes and dismisses only with a reason, reopens a snooze when its time comes, and keeps every change", async () => {
    const { caseId } = await intake(officer);
    await missedAppointment(caseId);
    await queue.runUntilIdle();
    const [task] = (await caseTasks(officer, caseId)).filter((candidate) => candidate.kind === "no_show_follow_up");
    const until = new Date(test.clock.now().getTime() + 2 * 86_400_000).toISOString();

    for (const body of [{ until }, { until, reason: "   " }]) {
      const refused = await officer.post(`/api/v1/tasks/${task!.id}/snooze`, body);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toContain("Give a reason");
      expect(refused.json().issues).toEqual([{ field: "body.reason", message: "Give a reason" }]);
    }
    expect((await officer.post(`/api/v1/tasks/${task!.id}/dismiss`, {})).json().message).toContain("Give a reason");
    const past = await officer.post(`/api/v1/tasks/${task!.id}/snooze`, { until: "2026-01-01T00:00:00Z", reason: "Later" });
    expect(past.statusCode).toBe(400);
    expect(past.json().issues).toEqual([{ field: "until", message: "not in the future" }]);
    // Nothing changed by the refusals.
    expect((await caseTasks(officer, caseId)).find((candidate) => candidate.id === task!.id)!.history).toHaveLength(1);

    const snoozed = await officer.post(`/api/v1/tasks/${task!.id}/snooze`, { until, reason: "  In hospital until Wednesday " });
    expect(snoozed.statusCode).toBe(200);
    expect(snoozed.json()).toMatchObject({ status: "snoozed", statusReason: "In hospital until Wednesday", snoozedUntil: until });
    expect((await mine(officer)).find((candidate) => candidate.id === task!.id)?.status).toBe("snoozed");
    test.clock.advance(2 * 86_400_000 + 1000);
    expect((await mine(officer)).find((candidate) => candidate.id === task!.id)?.status).toBe("open");

    const done = await officer.post(`/api/v1/tasks/${task!.id}/done`, { note: "Spoke with him by phone" });
    expect(done.statusCode).toBe(200);
    expect(done.json().history.map((change: { status: string; reason: string | null }) => [change.status, change.reason])).toEqual([
      ["open", null],
      ["snoozed", "In hospital until Wednesday"],
      ["done", "Spoke with him by phone"],
    ]);
    expect(done.json().history[2].changedByName).toBeTruthy();
    // Final: no second change.
    const again = await officer.post(`/api/v1/tasks/${task!.id}/dismiss`, { reason: "Not needed" });
    expect(again.statusCode).toBe(409);
    expect((await mine(officer)).map((candidate) => candidate.id)).not.toContain(task!.id);

    // Another unit's officer may not act on it; an unknown task is 404, a malformed id 400.
    const other = await southOfficer.post(`/api/v1/tasks/${task!.id}/dismiss`, { reason: "Not mine" });
    expect(other.statusCode).toBe(403);
    expect((await officer.post("/api/v1/tasks/00000000-0000-4000-8000-000000000000/dismiss", { reason: "x" })).statusCode).toBe(404);
    expect((await officer.post("/api/v1/tasks/nope/dismiss", { reason: "x" })).statusCode).toBe(400);
    expect(await auditRows(test.db, "action = 'task.snoozed' AND record_id = $1 AND outcome = 'allowed'", [task!.id])).toHaveLength(1);
    expect(await auditRows(test.db, "action = 'task.done' AND record_id = $1", [task!.id])).toHaveLength(1);
    expect(await auditRows(test.db, "action = 'task.dismissed' AND record_id = $1 AND outcome = 'denied'", [task!.id])).toHaveLength(1);
  });

  it("moves the officer's tasks with a transfer of the case: the owner is whoever supervises it now", async () => {
    const { caseId } = await intake(officer);
    const refused = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "scheduled_home_visit",
      outcome: "refused",
      occurredAt: new Date(test.clock.now().getTime() - 3_600_000).toISOString(),
    });
    expect(refused.statusCode).toBe(201);
    await queue.runUntilIdle();
    const [task] = await caseTasks(officer, caseId);
    expect(task).toMatchObject({ kind: "no_show_follow_up", owner: "case_officer" });
    expect((await mine(officer)).map((candidate) => candidate.id)).toContain(task!.id);

    const [north2] = await test.db.query<{ id: string; display_name: string }>(
      "SELECT id, display_name FROM app_user WHERE username = 'officer.north2'",
    );
    const transfer = await supervisor.post(`/api/v1/cases/${caseId}/transfer`, {
      officerId: north2!.id,
      reason: "Caseload balance",
      expectedVersion: await caseVersion(supervisor, caseId),
    });
    expect(transfer.statusCode).toBe(200);
    expect((await mine(officer)).map((candidate) => candidate.id)).not.toContain(task!.id);
    const theirs = (await mine(colleague)).find((candidate) => candidate.id === task!.id);
    expect(theirs).toMatchObject({ ownerName: north2!.display_name, status: "open" });
    const tomorrow = new Date(test.clock.now().getTime() + 86_400_000).toISOString();
    expect((await officer.post(`/api/v1/tasks/${task!.id}/snooze`, { reason: "x", until: tomorrow })).statusCode).toBe(403);
  });

  it("gives the unit's supervisors an approval task for a submitted request, done when it is decided", async () => {
    const { caseId } = await intake(officer);
    const catalogue = (await officer.get("/api/v1/condition-types")).json() as { id: string; kind: string }[];
    const conditionTypeId = catalogue.find((type) => type.kind === "standard")!.id;
    const request = (
      await officer.post(`/api/v1/cases/${caseId}/modification-requests`, { conditionTypeId, justification: "Needs a curfew" })
    ).json();
    // A draft awaits nobody.
    expect(await caseTasks(officer, caseId)).toEqual([]);
    expect((await officer.patch(`/api/v1/modification-requests/${request.id}`, { status: "submitted" })).statusCode).toBe(200);
    const [approval] = await caseTasks(supervisor, caseId);
    expect(approval).toMatchObject({ kind: "approval_requested", owner: "unit_supervisors", ownerName: null, humanCloses: false });
    expect(approval!.sourceId).toBe(request.id);
    expect((await mine(supervisor, "?kind=approval_requested")).map((task) => task.id)).toContain(approval!.id);
    expect((await mine(officer)).map((task) => task.id)).not.toContain(approval!.id);
    expect((await mine(supervisor, "?kind=drug_test_due")).map((task) => task.id)).not.toContain(approval!.id);
    expect((await supervisor.get("/api/v1/tasks/mine?kind=nonsense")).statusCode).toBe(400);

    // It closes with the decision, not by hand.
    const byHand = await supervisor.post(`/api/v1/tasks/${approval!.id}/done`, {});
    expect(byHand.statusCode).toBe(409);
    expect(byHand.json().message).toBe("This task closes when the request is granted or denied.");
    // Nor is it dismissed while the request awaits its decision; it may be put off.
    expect((await supervisor.post(`/api/v1/tasks/${approval!.id}/dismiss`, { reason: "Later" })).statusCode).toBe(409);
    const putOff = await supervisor.post(`/api/v1/tasks/${approval!.id}/snooze`, {
      reason: "Waiting for the court's letter",
      until: new Date(test.clock.now().getTime() + 86_400_000).toISOString(),
    });
    expect(putOff.json()).toMatchObject({ status: "snoozed", dismissable: false });
    expect((await supervisor.patch(`/api/v1/modification-requests/${request.id}`, { status: "denied" })).statusCode).toBe(200);
    const [decided] = await caseTasks(supervisor, caseId);
    expect(decided).toMatchObject({ status: "done", statusReason: "Request denied" });
    expect(decided!.history.map((change) => change.status)).toEqual(["open", "snoozed", "done"]);
    expect((await mine(supervisor, "?kind=approval_requested")).map((task) => task.id)).not.toContain(approval!.id);
  });

  it("lets who owns a task act on it: the supervisors' task only the unit's supervisors, a named user's that user or a supervisor", async () => {
    const { caseId } = await intake(officer);
    const [named] = await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'officer.north2'");
    const task = (owner: Parameters<typeof createTask>[1]["owner"]) =>
      createTask(test.db, {
        caseId,
        kind: "missed_appointment_follow_up",
        owner,
        due: "2026-04-07",
        sourceType: "permission-test",
        sourceId: crypto.randomUUID(),
        by: null,
        now: test.clock.now(),
      }) as Promise<string>;
    const snooze = (client: Client, id: string) =>
      client.post(`/api/v1/tasks/${id}/snooze`, {
        reason: "Later this week",
        until: new Date(test.clock.now().getTime() + 86_400_000).toISOString(),
      });
    const denials = (id: string, action: string) =>
      auditRows(test.db, "action = $1 AND record_id = $2 AND outcome = 'denied'", [action, id]);

    // The unit's supervisors' task: not the case's officer (who may change the case), only a supervisor of the unit.
    const supervisors = await task({ owner: "unit_supervisors" });
    expect((await snooze(officer, supervisors)).statusCode).toBe(403);
    expect((await officer.post(`/api/v1/tasks/${supervisors}/dismiss`, { reason: "Not needed" })).statusCode).toBe(403);
    expect((await officer.post(`/api/v1/tasks/${supervisors}/done`, {})).statusCode).toBe(403);
    expect(await denials(supervisors, "task.snoozed")).toHaveLength(1);
    expect(await denials(supervisors, "task.dismissed")).toHaveLength(1);
    expect(await denials(supervisors, "task.done")).toHaveLength(1);
    expect((await snooze(supervisor, supervisors)).statusCode).toBe(200);
    expect((await supervisor.post(`/api/v1/tasks/${supervisors}/done`, { note: "Talked to the court" })).json()).toMatchObject({
      status: "done",
    });

    // A named user's task: that user (not on the caseload) or a supervisor of the unit; not the case's officer.
    const mineByName = await task({ owner: "user", userId: named!.id });
    expect((await snooze(officer, mineByName)).statusCode).toBe(403);
    expect((await snooze(southOfficer, mineByName)).statusCode).toBe(403);
    expect(await denials(mineByName, "task.snoozed")).toHaveLength(2);
    expect((await snooze(colleague, mineByName)).statusCode).toBe(200);
    expect((await colleague.post(`/api/v1/tasks/${mineByName}/dismiss`, { reason: "Done by phone" })).statusCode).toBe(200);
    const forSupervisor = await task({ owner: "user", userId: named!.id });
    expect((await supervisor.post(`/api/v1/tasks/${forSupervisor}/done`, {})).statusCode).toBe(200);

    // The case's officer's task: its officer and the unit's supervisors, not a colleague of the unit.
    const officers = await task({ owner: "case_officer" });
    expect((await colleague.post(`/api/v1/tasks/${officers}/done`, {})).statusCode).toBe(403);
    expect(await denials(officers, "task.done")).toHaveLength(1);
    expect((await snooze(supervisor, officers)).statusCode).toBe(200);
    expect((await officer.post(`/api/v1/tasks/${officers}/done`, {})).statusCode).toBe(200);
  });

  it("makes a drawn drug test a task for the day, done when a test of that day is recorded", async () => {
    const { caseId } = await intake(officer, { case: { supervisionStart: "2026-03-01" } });
    const program = { frequency: "random", testsPerMonth: 31, panel: ["cocaine"], method: "urine", startedOn: "2026-03-01" };
    expect((await officer.put(`/api/v1/cases/${caseId}/testing-program`, program)).statusCode).toBe(200);
    const today = test.clock.now().toISOString().slice(0, 10);
    const draw = await supervisor.post("/api/v1/testing/draws", { date: today });
    expect(draw.statusCode).toBe(201);
    const [due] = await caseTasks(officer, caseId);
    expect(due).toMatchObject({ kind: "drug_test_due", owner: "case_officer", dueOn: today, sourceType: "random_draw", status: "open" });
    expect((await mine(officer, "?kind=drug_test_due")).map((task) => task.id)).toContain(due!.id);
    expect((await officer.post(`/api/v1/tasks/${due!.id}/done`, {})).statusCode).toBe(409);

    const recorded = await officer.post(`/api/v1/cases/${caseId}/tests`, {
      status: "collected",
      specimenId: `SP-${caseId.slice(0, 8)}`,
      collectedAt: test.clock.now().toISOString(),
      method: "urine",
      results: [{ substance: "cocaine", result: "negative" }],
    });
    expect(recorded.statusCode).toBe(201);
    const [met] = await caseTasks(officer, caseId);
    expect(met).toMatchObject({ id: due!.id, status: "done", statusReason: "Test recorded" });
    expect(met!.history.at(-1)!.changedByName).toBeTruthy();
  });
});
