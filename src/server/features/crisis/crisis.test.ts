import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseCrises, Crisis } from "../../../shared/contract/crisis";
import type { Task } from "../../../shared/contract/tasks";
import { raiseEvent } from "../../platform/events/supervision-events";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";

describe(`crisis intervention (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let southOfficer: Client;
  let supervisor: Client;
  let admin: Client;
  let northUnitId: string;
  let southUnitId: string;

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 30 * 86_400, sessionAbsoluteTimeoutSeconds: 30 * 86_400 });
    test.clock.set(new Date("2026-04-06T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    southOfficer = await signIn(test, "officer.south1");
    supervisor = await signIn(test, "supervisor.north");
    admin = await signIn(test, "admin");
    const units = await test.db.query<{ id: string; name: string }>("SELECT id, name FROM unit");
    northUnitId = units.find((unit) => unit.name === "North Field Office")!.id;
    southUnitId = units.find((unit) => unit.name !== "North Field Office")!.id;
  });
  afterAll(() => test.close());

  const hoursAgo = (hours: number) => new Date(test.clock.now().getTime() - hours * 3_600_000).toISOString();
  const crisesOf = async (client: Client, caseId: string): Promise<CaseCrises> => {
    const response = await client.get(`/api/v1/cases/${caseId}/crises`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const crisisTasksOf = async (caseId: string): Promise<Task[]> =>
    ((await officer.get(`/api/v1/cases/${caseId}/tasks`)).json().tasks as Task[]).filter((task) =>
      ["crisis_follow_up", "crisis"].includes(task.kind),
    );
  const caseloadFlag = async (caseId: string, filter = "") => {
    const page = (await officer.get(`/api/v1/caseload?limit=200${filter}`)).json() as {
      entries: { caseId: string; crisisOpen: boolean; priorityReason: string }[];
    };
    return page.entries.find((entry) => entry.caseId === caseId);
  };

  async function addContact(body: Record<string, unknown>) {
    const response = await admin.post("/api/v1/crisis-contacts", body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; version: number };
  }

  /** The area contacts the first test makes (as it leaves them), made here when a later test runs alone. */
  async function areaContacts() {
    const { contacts } = (await admin.get("/api/v1/crisis-settings")).json() as { contacts: { name: string }[] };
    if (contacts.some((contact) => contact.name === "North Mobile Crisis")) return;
    await addContact({
      unitId: null,
      name: "988 Suicide & Crisis Lifeline",
      service: "Suicide and crisis line",
      phone: "988",
      available24x7: true,
    });
    await addContact({
      unitId: northUnitId,
      name: "North Mobile Crisis",
      service: "Mobile crisis team",
      phone: "(555) 010-0199",
      available24x7: true,
    });
  }

  const newCrisis = (overrides: Record<string, unknown> = {}) => ({
    type: "mental_health_emergency",
    occurredAt: hoursAgo(1),
    description: "Called the office in distress; says he has not slept for days.",
    checklist: { personSafe: "unknown", emergencyServices: "no", calls: [], referralTo: null },
    followUps: [
      { what: "Check in with the person", dueOn: "2026-04-07" },
      { what: "Follow-up contact", dueOn: "2026-04-09" },
    ],
    ...overrides,
  });

  it("keeps the crisis contacts of each area: administrators only, a contact not 24/7 names its hours", async () => {
    const line = await addContact({
      unitId: null,
      name: "988 Lifeline",
      service: "Suicide and crisis line",
      phone: "988",
      available24x7: true,
    });
    await addContact({
      unitId: northUnitId,
      name: "North Mobile Crisis",
      service: "Mobile crisis team",
      phone: "(555) 010-0199",
      available24x7: true,
    });
    await addContact({
      unitId: southUnitId,
      name: "South Walk-in Clinic",
      service: "Walk-in crisis clinic",
      phone: "555 010 0177",
      available24x7: false,
      hours: "Weekdays 8 am – 8 pm",
    });
    const noHours = await admin.post("/api/v1/crisis-contacts", {
      unitId: null,
      name: "Day line",
      service: "Counselling",
      phone: "555 010 0100",
      available24x7: false,
    });
    expect(noHours.statusCode).toBe(400);
    expect(noHours.json().issues).toEqual([{ field: "hours", message: "required when not 24/7" }]);
    const badPhone = await admin.post("/api/v1/crisis-contacts", {
      unitId: null,
      name: "Day line",
      service: "Counselling",
      phone: "call us",
      available24x7: true,
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().issues[0].field).toBe("body.phone");
    const byOfficer = await officer.post("/api/v1/crisis-contacts", {
      unitId: null,
      name: "Officer's line",
      service: "Line",
      phone: "555 010 0101",
      available24x7: true,
    });
    expect(byOfficer.statusCode).toBe(403);
    // Corrected with the version read; a stale version is a 409 and changes nothing.
    const renamed = await admin.put(`/api/v1/crisis-contacts/${line.id}`, {
      unitId: null,
      name: "988 Suicide & Crisis Lifeline",
      service: "Suicide and crisis line",
      phone: "988",
      available24x7: true,
      active: true,
      expectedVersion: line.version,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const stale = await admin.put(`/api/v1/crisis-contacts/${line.id}`, {
      unitId: null,
      name: "Stale",
      service: "Suicide and crisis line",
      phone: "988",
      available24x7: true,
      active: true,
      expectedVersion: line.version,
    });
    expect(stale.statusCode).toBe(409);
    const settings = (await officer.get("/api/v1/crisis-settings")).json();
    expect(settings.contacts.map((contact: { name: string }) => contact.name)).toEqual([
      "988 Suicide & Crisis Lifeline",
      "North Mobile Crisis",
      "South Walk-in Clinic",
    ]);
    expect(settings.followUpDefaultsAreShipped).toBe(true);
  });

  it("offers a case the crisis contacts of its own area and of every area", async () => {
    await areaContacts();
    const { caseId } = await intake(officer);
    const { contacts } = await crisesOf(officer, caseId);
    expect(contacts.map((contact) => contact.name)).toEqual(["North Mobile Crisis", "988 Suicide & Crisis Lifeline"]);
  });

  it("records a crisis with its checklist and follow-up tasks, flags the caseload until closed, and audits each step", async () => {
    await areaContacts();
    const { caseId } = await intake(officer);
    const { contacts } = await crisesOf(officer, caseId);
    const mobile = contacts.find((contact) => contact.name === "North Mobile Crisis")!;
    const opened = await officer.post(
      `/api/v1/cases/${caseId}/crises`,
      newCrisis({
        checklist: {
          personSafe: "no",
          emergencyServices: "yes",
          emergencyNote: "Ambulance called to the home",
          calls: [
            { contactId: mobile.id, at: hoursAgo(0.5) },
            { name: "His sister, Ana", at: hoursAgo(0.4) },
          ],
          referralTo: "County crisis stabilisation unit",
        },
      }),
    );
    expect(opened.statusCode, opened.body).toBe(201);
    const crisis = opened.json() as Crisis;
    expect(crisis).toMatchObject({ status: "open", type: "mental_health_emergency", recordedByName: "Olivia Ortiz", trigger: null });
    expect(crisis.checklist.map((entry) => [entry.item, entry.answer ?? entry.name, entry.recordedByName])).toEqual([
      ["person_safe", "no", "Olivia Ortiz"],
      ["called", "North Mobile Crisis (Mobile crisis team)", "Olivia Ortiz"],
      ["called", "His sister, Ana", "Olivia Ortiz"],
      ["referral", "County crisis stabilisation unit", "Olivia Ortiz"],
      ["emergency_services", "yes", "Olivia Ortiz"],
    ]);
    expect(crisis.checklist[1]).toMatchObject({ phone: "(555) 010-0199", contactId: mobile.id });
    expect(crisis.followUps.map((followUp) => [followUp.what, followUp.dueOn, followUp.taskStatus])).toEqual([
      ["Check in with the person", "2026-04-07", "open"],
      ["Follow-up contact", "2026-04-09", "open"],
    ]);
    expect((await crisisTasksOf(caseId)).map((task) => [task.kind, task.dueOn, task.status])).toEqual([
      ["crisis_follow_up", "2026-04-07", "open"],
      ["crisis_follow_up", "2026-04-09", "open"],
    ]);
    expect(await caseloadFlag(caseId, "&crisis=open")).toMatchObject({
      crisisOpen: true,
      priorityReason: expect.stringMatching(/^Crisis open/),
    });

    // Later: the person is safe now, and one more follow-up.
    const safe = await officer.post(`/api/v1/crises/${crisis.id}/checklist`, {
      item: "person_safe",
      answer: "yes",
      note: "Admitted overnight",
    });
    expect(safe.statusCode, safe.body).toBe(200);
    expect(safe.json().checklist.at(-1)).toMatchObject({ item: "person_safe", answer: "yes", note: "Admitted overnight" });
    // A note of only spaces is no note (it was a 500: the column holds 1 to 1,000 characters).
    const blank = await officer.post(`/api/v1/crises/${crisis.id}/checklist`, { item: "person_safe", answer: "yes", note: "   " });
    expect(blank.statusCode, blank.body).toBe(200);
    expect(blank.json().checklist.at(-1)).toMatchObject({ item: "person_safe", note: null });
    const added = await officer.post(`/api/v1/crises/${crisis.id}/follow-ups`, { what: "Call the ward", dueOn: "2026-04-08" });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().followUps).toHaveLength(3);

    // Closing asks what happens to the open follow-ups: done here.
    const closed = await officer.post(`/api/v1/crises/${crisis.id}/close`, {
      expectedVersion: crisis.version,
      summary: "Stabilised; discharged to his sister's with an outpatient appointment.",
      openFollowUps: "done",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: "closed", closedByName: "Olivia Ortiz" });
    expect((await crisisTasksOf(caseId)).map((task) => task.status)).toEqual(["done", "done", "done"]);
    expect(await caseloadFlag(caseId, "&crisis=open")).toBeUndefined();
    expect(await caseloadFlag(caseId)).toMatchObject({ crisisOpen: false });
    // A closed crisis no longer changes.
    const again = await officer.post(`/api/v1/crises/${crisis.id}/checklist`, { item: "emergency_services", answer: "no" });
    expect(again.statusCode).toBe(409);

    const audited = await auditRows(test.db, "outcome = 'allowed' AND action LIKE 'crisis.%' AND actor_username = 'officer.north1'");
    expect(new Set(audited.map((row) => row.action))).toEqual(
      new Set(["crisis.list", "crisis.opened", "crisis.checklist_recorded", "crisis.follow_up_added", "crisis.closed"]),
    );
  });

  it("keeps or dismisses the open follow-ups as the officer chooses when closing, and refuses a stale version", async () => {
    const { caseId } = await intake(officer);
    const crisis = (await officer.post(`/api/v1/cases/${caseId}/crises`, newCrisis({ type: "family_conflict" }))).json() as Crisis;
    const stale = await officer.post(`/api/v1/crises/${crisis.id}/close`, {
      expectedVersion: crisis.version + 1,
      summary: "Resolved",
      openFollowUps: "keep",
    });
    expect(stale.statusCode).toBe(409);
    const closed = await officer.post(`/api/v1/crises/${crisis.id}/close`, {
      expectedVersion: crisis.version,
      summary: "Resolved at a family meeting",
      openFollowUps: "keep",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await crisisTasksOf(caseId)).map((task) => task.status)).toEqual(["open", "open"]);

    const second = (await officer.post(`/api/v1/cases/${caseId}/crises`, newCrisis({ type: "relapse" }))).json() as Crisis;
    await officer.post(`/api/v1/crises/${second.id}/close`, {
      expectedVersion: second.version,
      summary: "Back in treatment",
      openFollowUps: "dismissed",
    });
    const statuses = (await crisisTasksOf(caseId)).map((task) => task.status).sort();
    expect(statuses).toEqual(["dismissed", "dismissed", "open", "open"]);
  });

  it("shows a follow-up done on the task list as done on the crisis, the crisis still open", async () => {
    const { caseId } = await intake(officer);
    const crisis = (await officer.post(`/api/v1/cases/${caseId}/crises`, newCrisis({ type: "victimisation" }))).json() as Crisis;
    const [first] = await crisisTasksOf(caseId);
    const done = await officer.post(`/api/v1/tasks/${first!.id}/done`, { note: "Spoke to her by phone" });
    expect(done.statusCode, done.body).toBe(200);
    const [read] = (await crisesOf(officer, caseId)).crises;
    expect(read!.followUps.map((followUp) => followUp.taskStatus)).toEqual(["done", "open"]);
    expect(read).toMatchObject({ id: crisis.id, status: "open" });
  });

  it("refuses bad input with a 400 naming the field, and a crisis on a closed case with a 409; nothing is written", async () => {
    const { caseId } = await intake(officer);
    const cases = [
      [newCrisis({ type: "flood" }), "type"],
      [newCrisis({ occurredAt: new Date(test.clock.now().getTime() + 3_600_000).toISOString() }), "occurredAt"],
      [newCrisis({ description: "  " }), "description"],
      [newCrisis({ followUps: [{ what: "Late", dueOn: "2026-04-01" }] }), "followUps.0.dueOn"],
      [
        newCrisis({ checklist: { personSafe: "yes", emergencyServices: "no", calls: [{ at: hoursAgo(1) }], referralTo: null } }),
        "checklist.calls.0.name",
      ],
      [
        newCrisis({
          checklist: {
            personSafe: "yes",
            emergencyServices: "no",
            calls: [{ contactId: "00000000-0000-4000-8000-000000000000", at: hoursAgo(1) }],
            referralTo: null,
          },
        }),
        "checklist.calls.0.contactId",
      ],
      [newCrisis({ triggerEventId: "00000000-0000-4000-8000-000000000000" }), "triggerEventId"],
    ] as const;
    for (const [body, field] of cases) {
      const response = await officer.post(`/api/v1/cases/${caseId}/crises`, body);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      // Schema errors name the body's field ("body.type"), the service's own checks the field itself.
      expect(response.json().issues.map((issue: { field: string }) => issue.field.replace(/^body\./, ""))).toContain(field);
    }
    expect((await crisesOf(officer, caseId)).crises).toEqual([]);
    expect(await crisisTasksOf(caseId)).toEqual([]);

    const { caseId: closedCaseId } = await intake(officer);
    await test.db.query(
      "UPDATE supervision_case SET status = 'closed', closure_reason = 'successful_completion', actual_end = '2026-04-06' WHERE id = $1",
      [closedCaseId],
    );
    expect((await officer.post(`/api/v1/cases/${closedCaseId}/crises`, newCrisis())).statusCode).toBe(409);
  });

  it("is the case's data: another unit's officer is refused and audited, the unit's supervisor reads it", async () => {
    const { caseId } = await intake(officer);
    const crisis = (await officer.post(`/api/v1/cases/${caseId}/crises`, newCrisis({ type: "suicide_risk" }))).json() as Crisis;
    expect((await southOfficer.get(`/api/v1/cases/${caseId}/crises`)).statusCode).toBe(403);
    expect((await southOfficer.post(`/api/v1/cases/${caseId}/crises`, newCrisis())).statusCode).toBe(403);
    expect((await southOfficer.post(`/api/v1/crises/${crisis.id}/checklist`, { item: "person_safe", answer: "yes" })).statusCode).toBe(403);
    expect((await admin.get(`/api/v1/cases/${caseId}/crises`)).statusCode).toBe(403);
    expect((await crisesOf(supervisor, caseId)).crises.map((item) => item.id)).toEqual([crisis.id]);
    const denied = await auditRows(test.db, "outcome = 'denied' AND actor_username = 'officer.south1' AND action LIKE 'crisis.%'");
    expect(denied.map((row) => row.action)).toEqual(["crisis.list", "crisis.opened", "crisis.checklist_recorded"]);
  });

  it("links a crisis to the supervision event that set it off, named in words", async () => {
    const { caseId } = await intake(officer);
    // The event the address book raises when a person leaves a home for no fixed address (person-details.service).
    await raiseEvent(test.db, {
      caseId,
      kind: "housing_lost",
      sourceType: "person_address",
      sourceId: randomUUID(),
      occurredAt: hoursAgo(20),
      now: test.clock.now(),
    });
    // An event of a kind a crisis does not name is not offered.
    await raiseEvent(test.db, {
      caseId,
      kind: "goal_completed",
      sourceType: "case_plan_goal",
      sourceId: randomUUID(),
      occurredAt: hoursAgo(2),
      now: test.clock.now(),
    });
    const { linkableEvents } = await crisesOf(officer, caseId);
    expect(linkableEvents.map((event) => event.kind)).toEqual(["housing_lost"]);
    const opened = await officer.post(
      `/api/v1/cases/${caseId}/crises`,
      newCrisis({ type: "housing_loss", triggerEventId: linkableEvents[0]!.id }),
    );
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json().trigger).toMatchObject({ kind: "event", eventKind: "housing_lost", withdrawnAt: null });
  });

  it("opens a crisis linked to the screener's suicide-risk item when the answer is saved, with the agency's follow-ups", async () => {
    const defaults = await admin.put("/api/v1/crisis-settings/follow-ups", {
      followUps: [
        { what: "Same-day safety check", withinHours: 4 },
        { what: "Check in", withinHours: 48 },
      ],
    });
    expect(defaults.statusCode, defaults.body).toBe(200);
    expect((await officer.put("/api/v1/crisis-settings/follow-ups", { followUps: [] })).statusCode).toBe(403);
    const { caseId } = await intake(officer);
    const started = (await officer.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "intake_needs_screener" })).json();
    const save = (version: number) =>
      officer.put(`/api/v1/assessments/${started.id}/answers`, { answers: { suicidal_thoughts: true }, expectedVersion: version });
    expect((await save(1)).statusCode).toBe(200);
    expect((await save(2)).statusCode).toBe(200);
    const { crises } = await crisesOf(officer, caseId);
    expect(crises).toHaveLength(1);
    expect(crises[0]).toMatchObject({
      type: "suicide_risk",
      status: "open",
      recordedByName: null,
      trigger: { kind: "assessment", assessmentId: started.id, instrumentTitle: expect.any(String), flagLabel: "Suicide risk" },
    });
    expect((crises[0]!.trigger as { itemPrompt: string }).itemPrompt).toMatch(/suicide|kill|harm/i);
    expect(crises[0]!.followUps.map((followUp) => [followUp.what, followUp.dueOn])).toEqual([
      ["Same-day safety check", "2026-04-06"],
      ["Check in", "2026-04-08"],
    ]);
    expect((await crisisTasksOf(caseId)).map((task) => task.kind).sort()).toEqual(["crisis", "crisis_follow_up", "crisis_follow_up"]);
    // Closing the crisis settles the screener's crisis task with its follow-ups.
    await officer.post(`/api/v1/crises/${crises[0]!.id}/close`, {
      expectedVersion: crises[0]!.version,
      summary: "Safety plan made with the clinic",
      openFollowUps: "done",
    });
    expect((await crisisTasksOf(caseId)).map((task) => task.status)).toEqual(["done", "done", "done"]);
  });
});
