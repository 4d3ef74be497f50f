import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Task } from "../../../shared/contract/tasks";
import { addDays, localDate } from "../../../shared/time/calendar-date";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { evaluateStandards, type RequirementState } from "./contact-standards";
import { refreshDueStandings, standingOfCases } from "./contact-standing";
import { readStoredStandings } from "./contact-standing.queries";
import { loadAgencyStandards, loadCaseFacts } from "./contacts.queries";

// The status table (migration 020) is kept current by every change that moves a case's standing, in the change's
// own transaction. Reads fall back to evaluating a case whose stored rows do not hold, so the API alone cannot
// tell a stale table from a current one: these tests look at the table itself.
describe(`contact-standard status kept current (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let agencyId: string;

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 60 * 86_400, sessionAbsoluteTimeoutSeconds: 60 * 86_400 });
    test.clock.set(new Date("2026-03-10T14:00:00Z")); // 10:00 in New York
    officer = await signIn(test, "officer.north1");
    [{ id: agencyId }] = (await test.db.query<{ id: string }>(
      "SELECT agency_id AS id FROM app_user WHERE username = 'officer.north1'",
    )) as [{ id: string }];
  });
  afterAll(() => test.close());

  const kindOrder = ["face_to_face", "field", "home_verification", "whereabouts"];
  /** The case evaluated from its facts now, the way every request did before the table. */
  async function evaluated(caseId: string): Promise<RequirementState[]> {
    const standards = await loadAgencyStandards(test.db, agencyId);
    const today = localDate(test.clock.now(), standards.timeZone);
    const facts = (await loadCaseFacts(test.db, [caseId], standards.policy, today, standards.timeZone)).get(caseId)!;
    return evaluateStandards(standards.policy, facts, today).sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
  }
  const today = () => localDate(test.clock.now(), "America/New_York");
  /** Whether the table holds an evaluation of the case that is good for today. */
  const isStored = async (caseId: string) => (await readStoredStandings(test.db, [caseId], today())).fresh.has(caseId);
  /** The stored standing: it must hold today and equal the evaluation from the facts. */
  async function stored(caseId: string): Promise<RequirementState[]> {
    expect(await isStored(caseId)).toBe(true);
    const read = (await standingOfCases(test.db, agencyId, [caseId], test.clock.now())).states.get(caseId)!;
    expect(read).toEqual(await evaluated(caseId));
    return read;
  }
  const storedState = async (caseId: string, kind: string) => (await stored(caseId)).find((state) => state.kind === kind);
  /** The case's contact_due tasks, standing (open or snoozed) ones only unless `all`. */
  const contactTasks = async (caseId: string, all = false): Promise<Task[]> => {
    const response = await officer.get(`/api/v1/cases/${caseId}/tasks`);
    expect(response.statusCode).toBe(200);
    return (response.json().tasks as Task[]).filter(
      (task) => task.kind === "contact_due" && (all || task.status === "open" || task.status === "snoozed"),
    );
  };
  const record = async (caseId: string, body: Record<string, unknown>) => {
    const response = await officer.post(`/api/v1/cases/${caseId}/contacts`, { outcome: "completed", ...body });
    expect(response.statusCode).toBe(201);
  };

  it("stores a new case's standing from its first day, and a contact moves it in the contact's transaction", async () => {
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    const { caseId } = await intake(officer, { case: { supervisionStart: "2026-03-01", supervisionLevel: "moderate" } });
    expect(await storedState(caseId, "face_to_face")).toMatchObject({ required: 2, done: 0, status: "due", dueBy: "2026-03-31" });
    // Due at the end of the month, three weeks away: beyond the agency's horizon, so no task yet.
    expect(await contactTasks(caseId)).toEqual([]);
    await record(caseId, { contactType: "office_visit", occurredAt: "2026-03-09T15:00:00-05:00" });
    expect(await storedState(caseId, "face_to_face")).toMatchObject({ done: 1, status: "due" });
    await record(caseId, { contactType: "field_visit", occurredAt: "2026-03-10T09:00:00-05:00" });
    expect(await storedState(caseId, "face_to_face")).toMatchObject({ done: 2, status: "met" });
    expect(await storedState(caseId, "field")).toMatchObject({ done: 1, status: "met" });
  });

  it("follows a level change, prorating the month", async () => {
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    const { caseId } = await intake(officer, { case: { supervisionStart: "2026-02-01", supervisionLevel: "moderate" } });
    const changed = await officer.patch(`/api/v1/cases/${caseId}`, {
      expectedVersion: 1, // a new case
      supervisionLevel: "intensive",
      reason: "New arrest",
    });
    expect(changed.statusCode).toBe(200);
    // Moderate (2) 1–9 March, intensive (8) from the 10th: 2·9/31 + 8·22/31 = 6.26 → 6.
    expect(await storedState(caseId, "face_to_face")).toMatchObject({ required: 6, done: 0 });
  });

  it("follows a change of the agency's standards for every open case at once", async () => {
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    const first = await intake(officer, { case: { supervisionStart: "2026-03-01", supervisionLevel: "moderate" } });
    const second = await intake(officer, { case: { supervisionStart: "2026-03-01", supervisionLevel: "moderate" } });
    const admin = await signIn(test, "admin");
    const { isDefault: _isDefault, ...current } = (await admin.get("/api/v1/contact-standards")).json();
    const requirements = current.requirements.map((rule: { supervisionLevel: string; kind: string; count: number }) =>
      rule.supervisionLevel === "moderate" && rule.kind === "face_to_face" ? { ...rule, count: 5 } : rule,
    );
    expect((await admin.put("/api/v1/contact-standards", { ...current, requirements })).statusCode).toBe(200);
    try {
      expect(await storedState(first.caseId, "face_to_face")).toMatchObject({ required: 5 });
      expect(await storedState(second.caseId, "face_to_face")).toMatchObject({ required: 5 });
    } finally {
      expect((await admin.put("/api/v1/contact-standards", current)).statusCode).toBe(200);
    }
    expect(await storedState(first.caseId, "face_to_face")).toMatchObject({ required: 2 });
  });

  it("follows the address: a new one to verify, its verification, a move-out", async () => {
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    const { caseId, personId } = await intake(officer, { case: { supervisionStart: "2026-03-01", supervisionLevel: "moderate" } });
    const added = await officer.post(`/api/v1/people/${personId}/addresses`, {
      line1: "9 Oak St",
      city: "Atlanta",
      state: "GA",
      postalCode: "30301",
      movedIn: "2026-03-05",
    });
    expect(added.statusCode).toBe(201);
    expect(await storedState(caseId, "home_verification")).toMatchObject({ status: "due", dueBy: "2026-03-15" });
    // Due within the agency's horizon (its 7 "due soon" days): a contact_due task for the officer, due that day.
    const [task] = await contactTasks(caseId);
    expect(task).toMatchObject({ status: "open", dueOn: "2026-03-15", owner: "case_officer", sourceType: "contact_standing" });
    const address = (await officer.get(`/api/v1/people/${personId}`)).json().addresses[0];
    const verified = await officer.patch(`/api/v1/addresses/${address.id}/verification`, { status: "verified", verifiedOn: "2026-03-10" });
    expect(verified.statusCode, verified.body).toBeLessThan(300);
    expect(await storedState(caseId, "home_verification")).toMatchObject({ status: "met", done: 1 });
    expect(await contactTasks(caseId)).toEqual([]);
    expect((await contactTasks(caseId, true)).find((candidate) => candidate.id === task!.id)?.status).toBe("done");
    const current = (await officer.get(`/api/v1/people/${personId}`)).json().addresses[0];
    const movedOut = await officer.post(`/api/v1/addresses/${current.id}/move-out`, {
      movedOut: "2026-03-10",
      expectedVersion: current.version,
    });
    expect(movedOut.statusCode, movedOut.body).toBeLessThan(300);
    expect(await storedState(caseId, "home_verification")).toBeUndefined();
  });

  it("keeps nothing for a closed case, and dismisses its contact tasks", async () => {
    test.clock.set(new Date("2026-03-26T14:00:00Z"));
    const { caseId } = await intake(officer, { case: { supervisionStart: "2026-03-01", supervisionLevel: "moderate" } });
    // Five days before the month ends: the face-to-face and field contacts are due within the horizon.
    expect((await contactTasks(caseId)).map((task) => task.dueOn)).toEqual(["2026-03-31", "2026-03-31"]);
    const closed = await officer.patch(`/api/v1/cases/${caseId}`, {
      expectedVersion: 1, // a new case
      status: "closed",
      closureReason: "transferred",
      actualEnd: "2026-03-26",
      reason: "Transferred to another state",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await isStored(caseId)).toBe(false);
    expect(await test.db.query("SELECT 1 FROM contact_standing WHERE case_id = $1", [caseId])).toEqual([]);
    expect((await contactTasks(caseId, true)).map((task) => task.status)).toEqual(["dismissed", "dismissed"]);
  });

  it("names each contact task's requirement and period, on the task lists and in the owner's notification", async () => {
    test.clock.set(new Date("2026-03-26T14:00:00Z"));
    // The officer asks to hear of contact tasks too (by default they are not notified: they would flood).
    const base = { email: null, smsPhone: null, emailKinds: [], smsKinds: [], quietHours: null };
    expect((await officer.put("/api/v1/notifications/preferences", { ...base, taskKinds: ["contact_due"] })).statusCode).toBe(200);
    try {
      const { caseId } = await intake(officer, { case: { supervisionStart: "2026-03-01", supervisionLevel: "moderate" } });
      const { personId } = (await officer.get(`/api/v1/cases/${caseId}`)).json() as { personId: string };
      const address = { line1: "3 Birch St", city: "Atlanta", state: "GA", postalCode: "30301", movedIn: "2026-03-20" };
      expect((await officer.post(`/api/v1/people/${personId}/addresses`, address)).statusCode).toBe(201);
      // Three tasks at once, each saying which requirement and period it is for, so they can be told apart.
      const tasks = await contactTasks(caseId);
      expect(tasks.map((task) => [task.contactDue, task.dueOn])).toEqual(
        expect.arrayContaining([
          [{ requirement: "face_to_face", missed: false, periodStart: "2026-03-01", periodEnd: "2026-03-31" }, "2026-03-31"],
          [{ requirement: "field", missed: false, periodStart: "2026-03-01", periodEnd: "2026-03-31" }, "2026-03-31"],
          [{ requirement: "home_verification", missed: false, periodStart: "2026-03-20", periodEnd: "2026-03-30" }, "2026-03-30"],
        ]),
      );
      expect(tasks).toHaveLength(3);
      // The officer's own list carries the same.
      const mine = ((await officer.get("/api/v1/tasks/mine")).json().tasks as Task[]).filter(
        (task) => task.caseId === caseId && task.kind === "contact_due",
      );
      expect(mine.map((task) => task.contactDue?.requirement).sort()).toEqual(["face_to_face", "field", "home_verification"]);
      // The notifications name the requirement and its day in words, never the generic label or an ISO date.
      const titles = ((await officer.get("/api/v1/notifications")).json() as { title: string }[])
        .map((notification) => notification.title)
        .filter((title) => title.endsWith(` — ${tasks[0]!.personName}`))
        .sort();
      expect(titles.map((title) => title.replace(/ — .*$/, ""))).toEqual([
        "New task: Face-to-face contact due by Tue, Mar 31",
        "New task: Field contact due by Tue, Mar 31",
        "New task: Home visit (verification) due by Mon, Mar 30",
      ]);
    } finally {
      expect((await officer.put("/api/v1/notifications/preferences", base)).statusCode).toBe(200);
    }
  });

  it("rolls over to a new period: reads are right before the job runs, the job stores it and opens the overdue task", async () => {
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    const { caseId } = await intake(officer, { case: { supervisionStart: "2026-03-01", supervisionLevel: "moderate" } });
    await record(caseId, { contactType: "office_visit", occurredAt: "2026-03-09T15:00:00-05:00" });
    test.clock.set(new Date("2026-04-02T14:00:00Z"));
    // March ended short; the job has not run: the stored rows no longer hold, and the read evaluates the case instead.
    expect(await isStored(caseId)).toBe(false);
    const before = (await officer.get(`/api/v1/cases/${caseId}/standards`)).json().states;
    expect(before[0]).toMatchObject({ kind: "face_to_face", status: "overdue", dueBy: "2026-03-31", periodStart: "2026-04-01" });
    expect(await refreshDueStandings(test.db, test.clock.now())).toBeGreaterThan(0);
    const states = await stored(caseId);
    expect(states[0]).toMatchObject({ status: "overdue", missedPeriod: { periodStart: "2026-03-01", required: 2, done: 1 } });
    expect((await officer.get(`/api/v1/cases/${caseId}/standards`)).json().states).toEqual(before);
    // The missed March rows (face-to-face and field) each have an overdue task; April's are weeks away.
    const tasks = await contactTasks(caseId);
    expect(tasks.map((task) => [task.dueOn, task.status])).toEqual([
      ["2026-03-31", "open"],
      ["2026-03-31", "open"],
    ]);
    // Each names the missed period it is for.
    expect(tasks.map((task) => task.contactDue).sort((a, b) => a!.requirement.localeCompare(b!.requirement))).toEqual([
      { requirement: "face_to_face", missed: true, periodStart: "2026-03-01", periodEnd: "2026-03-31" },
      { requirement: "field", missed: true, periodStart: "2026-03-01", periodEnd: "2026-03-31" },
    ]);
    // The job's task changes are audited as the system's own, naming the tasks (and written with them).
    const systemRows = () =>
      test.db.query<{ action: string; user_agent: string; details: { kind: string; taskIds: string; reason: string | null } }>(
        "SELECT action, user_agent, details FROM audit_log WHERE record_id = $1 AND actor_username = 'system' AND action LIKE 'task.%' ORDER BY id",
        [caseId],
      );
    expect(await systemRows()).toEqual([
      {
        action: "task.created",
        user_agent: "contact standing job",
        details: { kind: "contact_due", taskIds: expect.any(String), reason: null },
      },
    ]);
    expect((await systemRows())[0]!.details.taskIds.split(",").sort()).toEqual(tasks.map((task) => task.id).sort());
    // A second run finds nothing more to do for the case until its next turn, and audits nothing.
    expect(await readStoredStandings(test.db, [caseId], today())).toMatchObject({ fresh: new Set([caseId]) });
    await refreshDueStandings(test.db, test.clock.now());
    expect(await contactTasks(caseId)).toHaveLength(2);
    expect(await systemRows()).toHaveLength(1);
    // A face-to-face contact in April makes up for March: that task is done, the field one stays.
    await record(caseId, { contactType: "office_visit", occurredAt: "2026-04-02T09:00:00-04:00" });
    expect(await storedState(caseId, "face_to_face")).toMatchObject({ status: "due", missedPeriod: null });
    expect((await contactTasks(caseId, true)).map((task) => task.status).sort()).toEqual(["done", "open"]);
    // May comes with no field contact in April: the job closes March's field task and opens April's, both audited.
    const marchField = (await contactTasks(caseId))[0]!;
    test.clock.set(new Date("2026-05-02T14:00:00Z"));
    await refreshDueStandings(test.db, test.clock.now());
    const [closedByJob] = (await contactTasks(caseId, true)).filter((task) => task.id === marchField.id);
    expect(closedByJob?.status).toMatch(/^(done|dismissed)$/);
    const closing = (await systemRows()).find((row) => row.action === `task.${closedByJob?.status}`);
    expect(closing?.details).toMatchObject({ kind: "contact_due", taskIds: marchField.id, reason: closedByJob?.statusReason });
    expect((await systemRows()).filter((row) => row.action === "task.created")).toHaveLength(2);
  });

  it("opens a task when the end of the period comes within the horizon, and closes it when the contacts are made", async () => {
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    const { caseId } = await intake(officer, { case: { supervisionStart: "2026-03-01", supervisionLevel: "moderate" } });
    expect(await contactTasks(caseId)).toEqual([]);
    test.clock.set(new Date("2026-03-24T14:00:00Z"));
    // Still stored (the month has not ended); the job's turn for the case has come: the horizon starts on the 24th.
    expect(await isStored(caseId)).toBe(true);
    await refreshDueStandings(test.db, test.clock.now());
    expect((await contactTasks(caseId)).map((task) => task.dueOn)).toEqual(["2026-03-31", "2026-03-31"]);
    await record(caseId, { contactType: "field_visit", occurredAt: "2026-03-24T09:00:00-04:00" });
    await record(caseId, { contactType: "office_visit", occurredAt: "2026-03-24T10:00:00-04:00" });
    expect(await contactTasks(caseId)).toEqual([]);
    expect((await contactTasks(caseId, true)).map((task) => task.status)).toEqual(["done", "done"]);
  });

  it("gives the same status from the stored rows as from the rules on every day they hold", async () => {
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    const { caseId, personId } = await intake(officer, { case: { supervisionStart: "2026-02-01", supervisionLevel: "low" } });
    await officer.post(`/api/v1/people/${personId}/addresses`, {
      line1: "1 Elm St",
      city: "Atlanta",
      state: "GA",
      postalCode: "30301",
      movedIn: "2026-03-10",
    });
    await record(caseId, { contactType: "office_visit", occurredAt: "2026-03-10T09:00:00-04:00" });
    for (let day = "2026-03-10"; day <= "2026-03-31"; day = addDays(day, 1)) {
      test.clock.set(new Date(`${day}T16:00:00Z`));
      await stored(caseId);
    }
  });

  it("backfills a case the table has never seen (an upgraded database, a bulk load)", async () => {
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    const { caseId } = await intake(officer, { case: { supervisionStart: "2026-03-01", supervisionLevel: "moderate" } });
    await test.db.query("DELETE FROM contact_standing WHERE case_id = $1", [caseId]);
    await test.db.query("DELETE FROM contact_standing_case WHERE case_id = $1", [caseId]);
    expect(await isStored(caseId)).toBe(false);
    expect((await standingOfCases(test.db, agencyId, [caseId], test.clock.now())).states.get(caseId)).toEqual(await evaluated(caseId));
    await refreshDueStandings(test.db, test.clock.now());
    await stored(caseId);
  });
});
