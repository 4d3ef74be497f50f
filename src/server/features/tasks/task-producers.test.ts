import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Task, UnitTasks } from "../../../shared/contract/tasks";
import type { JobQueue } from "../../platform/jobs";
import { eventQueue } from "../../test-support/event-queue";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { outgoingMessage } from "../notifications/delivery";
import { suggestUnannouncedVisits } from "../today/today.service";
import { taskEventConsumer } from "./task-events";

describe(`tasks made by their capabilities, told to their owners and read by unit (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;
  let queue: JobQueue;

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 30 * 86_400, sessionAbsoluteTimeoutSeconds: 30 * 86_400 });
    // 11 am in New York (the demo agency's time zone) on a Monday.
    test.clock.set(new Date("2026-05-04T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    queue = eventQueue(test, taskEventConsumer);
  });
  afterAll(() => test.close());

  // A new case also has the contacts its standard requires as tasks (contact-standing.test.ts covers those).
  const caseTasks = async (caseId: string): Promise<Task[]> =>
    ((await officer.get(`/api/v1/cases/${caseId}/tasks`)).json().tasks as Task[]).filter(
      (task) => task.kind !== "contact_due" && task.kind !== "assessment_due",
    );
  const book = async (caseId: string, startsAt: string) => {
    const response = await officer.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "office_visit",
      startsAt,
      endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000).toISOString(),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; version: number };
  };
  const notificationsOf = async (userId: string) =>
    test.db.query<{ kind: string; title: string; body: string; record_id: string }>(
      "SELECT kind, title, body, record_id FROM notification WHERE user_id = $1 AND kind = 'task' ORDER BY created_at",
      [userId],
    );
  const userId = async (username: string) =>
    (await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = $1", [username]))[0]!.id;

  it("makes each appointment a task of its day: moved when rescheduled, dismissed when cancelled, done at its outcome", async () => {
    // Started this month: its first assessment is due in June, after the appointments (the caseload names the first due).
    const { caseId } = await intake(officer, { case: { supervisionStart: "2026-05-01" } });
    // 8 pm in New York on May 5 is already May 6 in UTC: the task is due on the agency's day.
    const late = await book(caseId, "2026-05-06T00:00:00Z");
    let [task] = await caseTasks(caseId);
    expect(task).toMatchObject({ kind: "appointment", status: "open", dueOn: "2026-05-05", owner: "case_officer", sourceId: late.id });

    const moved = await officer.patch(`/api/v1/appointments/${late.id}`, {
      startsAt: "2026-05-07T14:00:00Z",
      endsAt: "2026-05-07T14:30:00Z",
      expectedVersion: late.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    [task] = await caseTasks(caseId);
    expect(task).toMatchObject({ status: "open", dueOn: "2026-05-07" });

    const cancelled = await officer.post(`/api/v1/appointments/${late.id}/cancel`, {
      reason: "Person in hospital",
      expectedVersion: moved.json().version,
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    [task] = await caseTasks(caseId);
    expect(task).toMatchObject({ status: "dismissed", statusReason: "Appointment cancelled: Person in hospital" });

    const kept = await book(caseId, "2026-05-04T16:00:00Z");
    test.clock.advance(2 * 3_600_000);
    const contact = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      outcome: "completed",
      occurredAt: "2026-05-04T16:05:00Z",
      appointmentId: kept.id,
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const done = (await caseTasks(caseId)).find((candidate) => candidate.sourceId === kept.id);
    expect(done).toMatchObject({ status: "done", statusReason: "Outcome recorded: attended" });
    // The caseload reads the model: filtered by an open task (any, or of a kind), the one due first named in the reason.
    const entryOf = async (query: string) =>
      (
        (await officer.get(`/api/v1/caseload?${query}`)).json().entries as { caseId: string; openTasks: number; priorityReason: string }[]
      ).find((entry) => entry.caseId === caseId);
    // The case's standing tasks are now only the contacts its standard requires.
    expect(await entryOf("task=appointment")).toBeUndefined();
    const next = await book(caseId, "2026-05-06T14:00:00Z");
    expect(await entryOf("task=appointment")).toMatchObject({ topTask: { kind: "appointment", dueOn: "2026-05-06" } });
    expect((await entryOf("task=any"))?.priorityReason).toMatch(/ · task: appointment \(due in 2 days\)$/);
    expect(await entryOf("task=drug_test_due")).toBeUndefined();
    expect((await officer.get("/api/v1/caseload?task=nonsense")).statusCode).toBe(400);
    expect(
      (await officer.post(`/api/v1/appointments/${next.id}/cancel`, { reason: "Moved away", expectedVersion: next.version })).statusCode,
    ).toBe(200);
    // Routine: nobody is notified of each appointment unless they asked to be.
    expect(await notificationsOf(await userId("officer.north1"))).toEqual([]);
  });

  it("tells the owner of a new follow-up (never a name by e-mail), and of the kinds they choose", async () => {
    const officerId = await userId("officer.north2");
    const colleague = await signIn(test, "officer.north2");
    const { caseId } = await intake(colleague, { person: { firstName: "Nora", lastName: "Quill" } });
    const startsAt = new Date(test.clock.now().getTime() + 3_600_000);
    const booked = await colleague.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "office_visit",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
    });
    expect(await notificationsOf(officerId)).toEqual([]);
    test.clock.advance(2 * 3_600_000);
    const missed = await colleague.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      outcome: "attempted",
      occurredAt: new Date(startsAt.getTime() + 20 * 60_000).toISOString(),
      appointmentId: booked.json().id,
    });
    expect(missed.statusCode, missed.body).toBe(201);
    await queue.runUntilIdle();
    const [told] = await notificationsOf(officerId);
    expect(told).toMatchObject({ title: "New task: Follow up on a missed appointment — Nora Quill" });
    expect(told!.body).toMatch(/^Due May \d+, 2026\./);
    const email = outgoingMessage({ address: "a@b.test", kind: "task", urgent: false }, "https://waypoint.test");
    expect(`${email.subject} ${email.text}`).not.toMatch(/Nora|Quill/);
    expect(email.subject).toBe("Waypoint: A new task is waiting");

    // Asking for appointments as well (and nothing else): the next booking tells them, a follow-up no longer does.
    const base = { email: null, smsPhone: null, emailKinds: [], smsKinds: [], quietHours: null };
    expect((await colleague.put("/api/v1/notifications/preferences", { ...base, taskKinds: ["appointment"] })).statusCode).toBe(200);
    expect((await colleague.get("/api/v1/notifications/preferences")).json().preferences.taskKinds).toEqual(["appointment"]);
    await colleague.post(`/api/v1/cases/${caseId}/appointments`, {
      appointmentType: "office_visit",
      startsAt: new Date(test.clock.now().getTime() + 86_400_000).toISOString(),
      endsAt: new Date(test.clock.now().getTime() + 86_400_000 + 1_800_000).toISOString(),
    });
    expect((await notificationsOf(officerId)).map((row) => row.title)).toEqual([
      "New task: Follow up on a missed appointment — Nora Quill",
      "New task: Appointment — Nora Quill",
    ]);
    expect((await colleague.put("/api/v1/notifications/preferences", { ...base, taskKinds: ["parole_board"] })).statusCode).toBe(400);
  });

  it("suggests unannounced visits daily as tasks, closed by a field contact", async () => {
    const { caseId, personId } = await intake(officer);
    const address = { line1: "9 Elm St", city: "Atlanta", state: "GA", postalCode: "30303", movedIn: "2026-05-01" };
    expect((await officer.post(`/api/v1/people/${personId}/addresses`, address)).statusCode).toBe(201);
    await suggestUnannouncedVisits(test.deps, test.clock.now());
    await suggestUnannouncedVisits(test.deps, test.clock.now());
    const suggested = (await caseTasks(caseId)).filter((task) => task.kind === "suggested_unannounced_visit");
    expect(suggested).toEqual([expect.objectContaining({ status: "open", dueOn: "2026-05-04", owner: "case_officer" })]);
    expect(await auditRows(test.db, "action = 'task.suggested_visits' AND actor_username = 'system'")).not.toHaveLength(0);
    const visit = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "unannounced_home_visit",
      outcome: "attempted",
      occurredAt: test.clock.now().toISOString(),
    });
    expect(visit.statusCode, visit.body).toBe(201);
    expect((await caseTasks(caseId)).find((task) => task.id === suggested[0]!.id)).toMatchObject({
      status: "done",
      statusReason: "A field contact was recorded",
    });
  });

  it("words every reason it stores for people, never a code; reasons stored as codes before are reworded (migration 027)", async () => {
    const { caseId } = await intake(officer);
    const missed = await book(caseId, new Date(test.clock.now().getTime() + 3_600_000).toISOString());
    test.clock.advance(2 * 3_600_000);
    const noShow = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      outcome: "no_show",
      occurredAt: new Date(test.clock.now().getTime() - 30 * 60_000).toISOString(),
      appointmentId: missed.id,
    });
    expect(noShow.statusCode, noShow.body).toBe(201);
    const appointmentTask = (await caseTasks(caseId)).find((task) => task.sourceId === missed.id)!;
    expect(appointmentTask).toMatchObject({ status: "done", statusReason: "Outcome recorded: missed appointment (did not show)" });
    await queue.runUntilIdle();
    const { version } = (await officer.get(`/api/v1/cases/${caseId}/appointments?upcoming=false`)).json()[0] as { version: number };
    const corrected = await officer.post(`/api/v1/appointments/${missed.id}/outcome-correction`, {
      status: "completed",
      reason: "He came in late; the front desk saw him",
      expectedVersion: version,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    await queue.runUntilIdle();
    const followUps = (await caseTasks(caseId)).filter((task) => task.kind.endsWith("_follow_up"));
    expect(followUps.map((task) => task.status)).toEqual(["dismissed", "dismissed"]);
    expect(followUps.map((task) => task.statusReason).sort()).toEqual([
      "The missed appointment was withdrawn: Outcome corrected to attended: He came in late; the front desk saw him",
      "The no-show was withdrawn: Outcome corrected to attended: He came in late; the front desk saw him",
    ]);
    const reasons = (await caseTasks(caseId)).flatMap((task) => [task.statusReason, ...task.history.map((change) => change.reason)]);
    expect(reasons.filter(Boolean).join(" | ")).not.toMatch(/_|\bcompleted\b|: missed$/);

    // Stored before reasons were worded: the migration rewords them where they are kept.
    const taskId = appointmentTask.id;
    await test.db.query("UPDATE task SET status_reason = 'Outcome recorded: missed' WHERE id = $1", [taskId]);
    await test.db.query(
      "INSERT INTO task_change (task_id, status, reason, changed_at) VALUES ($1, 'done', 'Outcome recorded: completed', now()), ($1, 'dismissed', 'The missed appointment was withdrawn: Outcome corrected to completed: late', now())",
      [taskId],
    );
    await test.db.exec(readFileSync(join(process.cwd(), "migrations", "027_task_reasons_in_words.sql"), "utf8"));
    const [stored] = await test.db.query<{ status_reason: string }>("SELECT status_reason FROM task WHERE id = $1", [taskId]);
    expect(stored!.status_reason).toBe("Outcome recorded: missed appointment");
    const history = await test.db.query<{ reason: string | null }>("SELECT reason FROM task_change WHERE task_id = $1 ORDER BY id", [
      taskId,
    ]);
    expect(history.map((change) => change.reason).slice(-2)).toEqual([
      "Outcome recorded: attended",
      "The missed appointment was withdrawn: Outcome corrected to attended: late",
    ]);
  });

  it("shows a unit's supervisors today's and overdue tasks by officer, overdue first, to them only", async () => {
    const { caseId } = await intake(officer);
    const overdueAppointment = await book(caseId, new Date(test.clock.now().getTime() + 60_000).toISOString());
    test.clock.advance(86_400_000);
    await book(caseId, new Date(test.clock.now().getTime() + 60_000).toISOString());
    const response = await supervisor.get("/api/v1/tasks/unit");
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json() as UnitTasks;
    expect(view.unitName).toBe("North Field Office");
    const mine = view.officers.find((row) => row.officerName === "Olivia Ortiz")!;
    const ofCase = mine.tasks.filter((task) => task.caseId === caseId && task.kind === "appointment");
    expect(ofCase.map((task) => task.sourceId)[0]).toBe(overdueAppointment.id);
    expect(ofCase.map((task) => task.dueOn)).toEqual([...ofCase.map((task) => task.dueOn)].sort());
    expect(mine.overdue).toBeGreaterThanOrEqual(1);
    expect(mine.dueToday).toBeGreaterThanOrEqual(1);
    expect(mine.overdue + mine.dueToday).toBe(mine.tasks.length);
    // Every active officer of the unit has a row, with or without tasks.
    expect(view.officers.map((row) => row.officerName)).toContain("Marcus Bell");
    expect(await auditRows(test.db, "action = 'task.list_unit' AND outcome = 'allowed'")).not.toHaveLength(0);

    expect((await officer.get("/api/v1/tasks/unit")).statusCode).toBe(403);
    const south = await signIn(test, "supervisor.south");
    expect((await south.get(`/api/v1/tasks/unit?unitId=${view.unitId}`)).statusCode).toBe(403);
    expect((await supervisor.get("/api/v1/tasks/unit?unitId=nope")).statusCode).toBe(400);
    expect(await auditRows(test.db, "action = 'task.list_unit' AND outcome = 'denied'")).toHaveLength(2);
  });
});
