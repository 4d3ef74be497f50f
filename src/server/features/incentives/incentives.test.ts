import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApprovalsList } from "../../../shared/contract/approvals";
import type { CaseIncentives, UnitIncentives } from "../../../shared/contract/incentives";
import type { Task } from "../../../shared/contract/tasks";
import type { Violation } from "../../../shared/contract/violations";
import { raiseEvent, withdrawEvents } from "../../platform/events/supervision-events";
import type { JobQueue } from "../../platform/jobs";
import { signInSecondNorthSupervisor } from "../../test-support/accounts";
import { eventQueue } from "../../test-support/event-queue";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { incentiveEventConsumer } from "./incentive-events";

describe(`incentives, the incentive-to-sanction ratio and the approvals list (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let southOfficer: Client;
  let supervisor: Client;
  let secondSupervisor: Client;
  let admin: Client;
  let queue: JobQueue;
  let officerId: string;

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 30 * 86_400, sessionAbsoluteTimeoutSeconds: 30 * 86_400 });
    test.clock.set(new Date("2026-04-06T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    southOfficer = await signIn(test, "officer.south1");
    supervisor = await signIn(test, "supervisor.north");
    secondSupervisor = await signInSecondNorthSupervisor(test);
    admin = await signIn(test, "admin");
    officerId = (await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'officer.north1'"))[0]!.id;
    queue = eventQueue(test, incentiveEventConsumer);
  });
  afterAll(() => test.close());

  const incentivesOf = async (caseId: string, query = ""): Promise<CaseIncentives> => {
    const response = await officer.get(`/api/v1/cases/${caseId}/incentives${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const achievementTasks = async (caseId: string): Promise<Task[]> =>
    ((await officer.get(`/api/v1/cases/${caseId}/tasks`)).json().tasks as Task[]).filter((task) => task.kind === "acknowledge_achievement");
  const achievement = async (caseId: string, kind: "employment_verified" | "negative_test_streak", sourceId: string) => {
    const id = await raiseEvent(test.db, {
      caseId,
      kind,
      sourceType: "test_source",
      sourceId,
      occurredAt: new Date(test.clock.now().getTime() - 3_600_000),
      now: test.clock.now(),
    });
    await queue.runUntilIdle();
    return id!;
  };
  /** A violation recorded by hand and a response from its matrix cell (a sanction), by the given client. */
  async function sanction(client: Client, caseId: string): Promise<Violation> {
    const recorded = await client.post(`/api/v1/cases/${caseId}/violations`, {
      type: "other",
      occurredAt: new Date(test.clock.now().getTime() - 7_200_000).toISOString(),
      description: "Out after curfew",
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const violation = recorded.json() as Violation;
    const chosen = await client.post(`/api/v1/violations/${violation.id}/responses`, {
      expectedVersion: violation.version,
      response: violation.allowedResponses.find((kind) => kind !== "report_to_authority" && kind !== "short_sanction")!,
      dueOn: "2026-04-10",
    });
    expect(chosen.statusCode, chosen.body).toBe(201);
    return chosen.json();
  }

  it("asks the officer to acknowledge an achievement, and closes the task when an incentive rewards it", async () => {
    const { caseId } = await intake(officer);
    const empty = await incentivesOf(caseId);
    expect(empty).toMatchObject({
      period: { from: "2025-10-06", to: "2026-04-06" },
      targetRatio: 4,
      ratio: { incentives: 0, sanctions: 0, ratio: null, meetsTarget: null },
      incentives: [],
      achievements: [],
    });

    const eventId = await achievement(caseId, "employment_verified", caseId);
    expect((await achievementTasks(caseId)).map((task) => [task.status, task.dueOn, task.owner])).toEqual([
      ["open", "2026-04-13", "case_officer"],
    ]);
    expect((await incentivesOf(caseId)).achievements).toMatchObject([{ eventId, kind: "employment_verified", acknowledged: false }]);
    // Delivered again: no second task.
    await queue.runUntilIdle();
    expect(await achievementTasks(caseId)).toHaveLength(1);

    const recorded = await officer.post(`/api/v1/cases/${caseId}/incentives`, {
      kind: "praise",
      givenOn: "2026-04-06",
      note: "Told him in the office how well he did",
      eventId,
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({
      kind: "praise",
      givenOn: "2026-04-06",
      achievement: { eventId, kind: "employment_verified", withdrawn: false },
      goal: null,
      recordedByName: expect.any(String),
    });
    expect((await achievementTasks(caseId)).map((task) => [task.status, task.statusReason])).toEqual([
      ["done", "Incentive recorded: Praise"],
    ]);
    const after = await incentivesOf(caseId);
    expect(after.ratio).toEqual({ incentives: 1, sanctions: 0, ratio: null, meetsTarget: true });
    expect(after.achievements).toMatchObject([{ eventId, acknowledged: true }]);
    expect(await auditRows(test.db, "action = 'incentive.recorded' AND record_id = $1 AND outcome = 'allowed'", [caseId])).toHaveLength(1);
  });

  it("dismisses the acknowledgement when the achievement is withdrawn, and refuses an incentive for it", async () => {
    const { caseId } = await intake(officer);
    const eventId = await achievement(caseId, "negative_test_streak", caseId);
    await withdrawEvents(test.db, {
      sourceType: "test_source",
      sourceId: caseId,
      reason: "The lab overturned a result",
      now: test.clock.now(),
    });
    await queue.runUntilIdle();
    expect((await achievementTasks(caseId)).map((task) => [task.status, task.statusReason])).toEqual([
      ["dismissed", "Run of negative drug tests was withdrawn: The lab overturned a result"],
    ]);
    const refused = await officer.post(`/api/v1/cases/${caseId}/incentives`, { kind: "certificate", givenOn: "2026-04-06", eventId });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues).toEqual([{ field: "eventId", message: "withdrawn" }]);
  });

  it("counts sanctions that stand (chosen, not awaiting approval) against incentives, within the period's days", async () => {
    const { caseId } = await intake(officer);
    await sanction(officer, caseId);
    expect((await incentivesOf(caseId)).ratio).toEqual({ incentives: 0, sanctions: 1, ratio: 0, meetsTarget: false });
    // A departure awaiting a supervisor's approval is not (yet) a sanction.
    const recorded = await officer.post(`/api/v1/cases/${caseId}/violations`, {
      type: "other",
      occurredAt: "2026-04-06T10:00:00Z",
      description: "Second",
    });
    const violation = recorded.json() as Violation;
    const departed = await officer.post(`/api/v1/violations/${violation.id}/responses`, {
      expectedVersion: violation.version,
      response: "community_service",
      dueOn: "2026-04-20",
      departureReason: "He asked to make amends",
    });
    expect(departed.statusCode, departed.body).toBe(201);
    for (const givenOn of ["2026-04-06", "2026-04-05", "2026-03-01", "2026-02-28"]) {
      expect((await officer.post(`/api/v1/cases/${caseId}/incentives`, { kind: "praise", givenOn })).statusCode).toBe(201);
    }
    expect((await incentivesOf(caseId)).ratio).toEqual({ incentives: 4, sanctions: 1, ratio: 4, meetsTarget: true });
    // Both ends of a period are counted; the days outside are not.
    expect((await incentivesOf(caseId, "?from=2026-03-01&to=2026-04-05")).ratio).toMatchObject({ incentives: 2, sanctions: 0 });
    expect((await incentivesOf(caseId, "?from=2026-03-02&to=2026-04-06")).ratio).toMatchObject({ incentives: 2, sanctions: 1, ratio: 2 });
    expect((await incentivesOf(caseId, "?from=2026-02-28&to=2026-02-28")).period).toEqual({ from: "2026-02-28", to: "2026-02-28" });
    const bad = await officer.get(`/api/v1/cases/${caseId}/incentives?from=2026-04-06&to=2026-04-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([{ field: "from", message: "after the last day" }]);
  });

  it("refuses bad input with a 400 naming the field, other units with a 403 and a denied audit row", async () => {
    const { caseId } = await intake(officer);
    const other = await intake(officer);
    const cases: [Record<string, unknown>, { field: string; message: string }][] = [
      [
        { kind: "praise", givenOn: "2026-04-07" },
        { field: "givenOn", message: "in the future" },
      ],
      [
        { kind: "agency_defined", givenOn: "2026-04-06" },
        { field: "agencyKind", message: "required" },
      ],
      [
        { kind: "agency_defined", agencyKind: "Gift card", givenOn: "2026-04-06" },
        { field: "agencyKind", message: "not the agency's" },
      ],
      [
        { kind: "praise", agencyKind: "Gift card", givenOn: "2026-04-06" },
        { field: "agencyKind", message: "only for the agency's own" },
      ],
      [
        { kind: "praise", givenOn: "2026-04-06", goalId: other.caseId },
        { field: "goalId", message: "not this case's" },
      ],
    ];
    for (const [body, issue] of cases) {
      const response = await officer.post(`/api/v1/cases/${caseId}/incentives`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().issues).toEqual([issue]);
    }
    const otherEvent = await achievement(other.caseId, "employment_verified", other.caseId);
    const wrongCase = await officer.post(`/api/v1/cases/${caseId}/incentives`, {
      kind: "praise",
      givenOn: "2026-04-06",
      eventId: otherEvent,
    });
    expect(wrongCase.json().issues).toEqual([{ field: "eventId", message: "not this case's" }]);
    expect((await officer.post(`/api/v1/cases/${caseId}/incentives`, { kind: "hug", givenOn: "2026-04-06" })).statusCode).toBe(400);
    expect((await incentivesOf(caseId)).incentives).toEqual([]);

    expect((await southOfficer.get(`/api/v1/cases/${caseId}/incentives`)).statusCode).toBe(403);
    expect((await southOfficer.post(`/api/v1/cases/${caseId}/incentives`, { kind: "praise", givenOn: "2026-04-06" })).statusCode).toBe(403);
    expect(await auditRows(test.db, "action = 'incentive.recorded' AND record_id = $1 AND outcome = 'denied'", [caseId])).toHaveLength(1);
  });

  it("takes the agency's target and its own incentives from the administrators, refusing a stale version", async () => {
    const settings = (await admin.get("/api/v1/incentive-settings")).json();
    expect(settings).toEqual({ targetRatio: 4, agencyKinds: [], version: 1 });
    expect((await officer.put("/api/v1/incentive-settings", { targetRatio: 3, agencyKinds: [], expectedVersion: 1 })).statusCode).toBe(403);
    const twice = await admin.put("/api/v1/incentive-settings", {
      targetRatio: 3,
      agencyKinds: ["Gift card", "Gift card"],
      expectedVersion: 1,
    });
    expect(twice.json().issues).toEqual([{ field: "agencyKinds.1", message: "listed twice" }]);
    const saved = await admin.put("/api/v1/incentive-settings", { targetRatio: 3, agencyKinds: ["Gift card"], expectedVersion: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ targetRatio: 3, agencyKinds: ["Gift card"], version: 2 });
    const stale = await admin.put("/api/v1/incentive-settings", { targetRatio: 5, agencyKinds: [], expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: "edit_conflict", issues: [{ field: "expectedVersion" }] });

    const { caseId } = await intake(officer);
    const own = await officer.post(`/api/v1/cases/${caseId}/incentives`, {
      kind: "agency_defined",
      agencyKind: "Gift card",
      givenOn: "2026-04-06",
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ kind: "agency_defined", agencyKind: "Gift card" });
    await sanction(officer, caseId);
    expect(await incentivesOf(caseId)).toMatchObject({
      targetRatio: 3,
      ratio: { incentives: 1, sanctions: 1, ratio: 1, meetsTarget: false },
    });
    expect(
      (await admin.put("/api/v1/incentive-settings", { targetRatio: 4, agencyKinds: ["Gift card"], expectedVersion: 2 })).statusCode,
    ).toBe(200);
  });

  it("shows the unit's supervisors each officer's ratio, by who recorded and who chose", async () => {
    const unit = async (client: Client, query = ""): Promise<UnitIncentives> => {
      const response = await client.get(`/api/v1/incentives/unit${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const before = await unit(supervisor);
    const { caseId } = await intake(officer);
    await officer.post(`/api/v1/cases/${caseId}/incentives`, { kind: "praise", givenOn: "2026-04-06" });
    await officer.post(`/api/v1/cases/${caseId}/incentives`, { kind: "certificate", givenOn: "2026-04-06" });
    await sanction(supervisor, caseId);
    const after = await unit(supervisor);
    const officerRow = after.officers.find((candidate) => candidate.officerId === officerId)!;
    const officerBefore = before.officers.find((candidate) => candidate.officerId === officerId)!;
    expect(officerRow.incentives - officerBefore.incentives).toBe(2);
    expect(officerRow.sanctions).toBe(officerBefore.sanctions);
    // The supervisor who chose a sanction has a row of their own; the unit's total counts everyone.
    const supervisorId = (await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'supervisor.north'"))[0]!.id;
    expect(after.officers.find((candidate) => candidate.officerId === supervisorId)?.sanctions).toBeGreaterThanOrEqual(1);
    expect(after.unit.incentives - before.unit.incentives).toBe(2);
    expect(after.unit.sanctions - before.unit.sanctions).toBe(1);
    expect(after.officers.every((candidate) => candidate.officerName.length > 0)).toBe(true);
    // A period before any of it counts nothing.
    expect((await unit(supervisor, "?from=2026-01-01&to=2026-01-31")).unit).toEqual({
      incentives: 0,
      sanctions: 0,
      ratio: null,
      meetsTarget: null,
    });
    expect((await officer.get("/api/v1/incentives/unit")).statusCode).toBe(403);
    expect(await auditRows(test.db, "action = 'incentive.unit_ratio' AND outcome = 'denied'")).toHaveLength(1);
  });

  it("lists what awaits a supervisor's decision on their unit's cases, never their own requests", async () => {
    const approvals = async (client: Client): Promise<ApprovalsList> => {
      const response = await client.get("/api/v1/approvals");
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const { caseId } = await intake(officer);
    const propose = async (client: Client, reason: string) => {
      const violation = (
        await client.post(`/api/v1/cases/${caseId}/violations`, { type: "other", occurredAt: "2026-04-06T10:00:00Z", description: reason })
      ).json() as Violation;
      const departed = await client.post(`/api/v1/violations/${violation.id}/responses`, {
        expectedVersion: violation.version,
        response: "community_service",
        dueOn: "2026-04-20",
        departureReason: reason,
      });
      expect(departed.statusCode, departed.body).toBe(201);
      return (departed.json() as Violation).responses[0]!.id;
    };
    await propose(officer, "Officer's departure");
    // A condition change the officer asks for, submitted for a decision.
    const catalogue = (await officer.get("/api/v1/condition-types")).json() as { id: string; kind: string; title: string }[];
    const standard = catalogue.find((type) => type.kind === "standard")!;
    const condition = await officer.post(`/api/v1/cases/${caseId}/conditions`, {
      conditionTypeId: standard.id,
      effectiveFrom: "2026-01-05",
      orderedBy: "Superior Court",
    });
    expect(condition.statusCode, condition.body).toBe(201);
    const request = await officer.post(`/api/v1/cases/${caseId}/modification-requests`, {
      conditionId: condition.json().id,
      conditionTypeId: standard.id,
      change: "end",
      justification: "Completed the requirement",
    });
    expect((await officer.patch(`/api/v1/modification-requests/${request.json().id}`, { status: "submitted" })).statusCode).toBe(200);
    const supervisorsOwn = await propose(supervisor, "Supervisor's own departure");

    const first = await approvals(supervisor);
    const mine = first.items.filter((item) => item.caseId === caseId);
    expect(mine).toMatchObject([
      {
        kind: "violation_response",
        reason: "Officer's departure",
        response: "community_service",
        withinMatrix: false,
        requestedByName: expect.any(String),
      },
      { kind: "condition_request", conditionChange: "end", conditionName: standard.title, reason: "Completed the requirement" },
    ]);
    expect(first.ownWaiting).toBeGreaterThanOrEqual(1);
    const second = await approvals(secondSupervisor);
    expect(
      second.items
        .filter((item) => item.caseId === caseId)
        .map((item) => item.reason)
        .sort(),
    ).toEqual(["Completed the requirement", "Officer's departure", "Supervisor's own departure"]);
    // Decided, it leaves the list.
    expect(
      (await secondSupervisor.post(`/api/v1/violation-responses/${supervisorsOwn}/decision`, { decision: "approved" })).statusCode,
    ).toBe(200);
    expect((await approvals(secondSupervisor)).items.filter((item) => item.caseId === caseId)).toHaveLength(2);
    expect((await officer.get("/api/v1/approvals")).statusCode).toBe(403);
    expect((await admin.get("/api/v1/approvals")).statusCode).toBe(403);
  });
});
