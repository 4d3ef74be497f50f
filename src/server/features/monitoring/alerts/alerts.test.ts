import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertList, AlertReport, CaseAlerts, MonitoringAlert } from "../../../../shared/contract/monitoring-alerts";
import type { Task } from "../../../../shared/contract/tasks";
import { createJobQueue } from "../../../platform/jobs";
import { type Activation, activateDevice, alertEvent, raiseAlerts } from "../../../test-support/alert-fixtures";
import { eventQueue } from "../../../test-support/event-queue";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../../test-support/harness";
import { intake } from "../../../test-support/supervision-fixtures";
import { violationEventConsumer } from "../../violations/violation-events";
import { monitoringAlertJobs } from "./alert-jobs";

describe(`monitoring alerts and triage (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let southOfficer: Client;
  let supervisor: Client;
  let admin: Client;
  let officerId: string;
  let supervisorId: string;

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 30 * 86_400, sessionAbsoluteTimeoutSeconds: 30 * 86_400 });
    test.clock.set(new Date("2026-04-06T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    southOfficer = await signIn(test, "officer.south1");
    supervisor = await signIn(test, "supervisor.north");
    admin = await signIn(test, "admin");
    const users = await test.db.query<{ id: string; username: string }>("SELECT id, username FROM app_user");
    officerId = users.find((user) => user.username === "officer.north1")!.id;
    supervisorId = users.find((user) => user.username === "supervisor.north")!.id;
  });
  afterAll(() => test.close());

  const now = () => test.clock.now();
  const minutesAgo = (minutes: number) => new Date(now().getTime() - minutes * 60_000);
  const jobs = () => createJobQueue(test.deps, { handlers: monitoringAlertJobs(test.db) });

  async function monitoredCase(): Promise<Activation> {
    const { caseId } = await intake(officer);
    return activateDevice(test.db, caseId, minutesAgo(24 * 60));
  }
  const caseAlerts = async (caseId: string, client = officer): Promise<CaseAlerts> => {
    const response = await client.get(`/api/v1/cases/${caseId}/monitoring/alerts`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const alertTasks = async (caseId: string): Promise<Task[]> =>
    ((await officer.get(`/api/v1/cases/${caseId}/tasks`)).json().tasks as Task[]).filter((task) => task.kind === "monitoring_alert");
  const notificationsOf = (userId: string, alertId: string) =>
    test.db.query<{ title: string; urgent: boolean }>("SELECT title, urgent FROM notification WHERE user_id = $1 AND record_id = $2", [
      userId,
      alertId,
    ]);

  it("folds repeats of one kind within the agency's window into the open alert, and raises a new one after it", async () => {
    const activation = await monitoredCase();
    const [first] = await raiseAlerts(test.db, [alertEvent(activation, { eventTime: minutesAgo(50), key: "k1" })], now());
    const repeats = await raiseAlerts(
      test.db,
      [alertEvent(activation, { eventTime: minutesAgo(40), key: "k2" }), alertEvent(activation, { eventTime: minutesAgo(30), key: "k3" })],
      now(),
    );
    expect(repeats.map((alert) => [alert.id, alert.outcome])).toEqual([
      [first!.id, "folded"],
      [first!.id, "folded"],
    ]);
    // The same engine event again (a retried batch) is not counted twice.
    expect(await raiseAlerts(test.db, [alertEvent(activation, { eventTime: minutesAgo(30), key: "k3" })], now())).toEqual([]);
    const [alert] = (await caseAlerts(activation.caseId)).alerts;
    expect(alert).toMatchObject({ id: first!.id, occurrences: 3, kind: "strap_tamper", status: "new" });

    // An administrator narrows the window to 5 minutes: a repeat 10 minutes on is a new alert.
    const saved = await admin.put("/api/v1/monitoring/alert-settings", {
      groupWindowMinutes: 5,
      noSignalGraceMinutes: 10,
      escalationMinutes: 15,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(
      (await officer.put("/api/v1/monitoring/alert-settings", { groupWindowMinutes: 60, noSignalGraceMinutes: 10, escalationMinutes: 15 }))
        .statusCode,
    ).toBe(403);
    const [later] = await raiseAlerts(test.db, [alertEvent(activation, { eventTime: minutesAgo(20), key: "k4" })], now());
    expect(later!.outcome).toBe("raised");
    expect(later!.id).not.toBe(first!.id);
    await admin.put("/api/v1/monitoring/alert-settings", { groupWindowMinutes: 30, noSignalGraceMinutes: 10, escalationMinutes: 15 });
  });

  it("marks an alert ended when the engine reports its condition over, and resolves one a late reading disproved", async () => {
    const activation = await monitoredCase();
    const [entry] = await raiseAlerts(
      test.db,
      [
        alertEvent(activation, {
          kind: "exclusion_zone_entry",
          severity: "high",
          detail: "Entered the zone.",
          eventTime: minutesAgo(10),
          key: "entry-1",
        }),
      ],
      now(),
    );
    const [exit] = await raiseAlerts(
      test.db,
      [alertEvent(activation, { kind: "exclusion_zone_exit", severity: "low", detail: "Left the zone.", eventTime: minutesAgo(4) })],
      now(),
    );
    expect(exit).toMatchObject({ id: entry!.id, outcome: "cleared" });
    const ended = (await caseAlerts(activation.caseId)).alerts.find((alert) => alert.id === entry!.id)!;
    expect(ended.status).toBe("new");
    expect(ended.clearedAt).toBe(minutesAgo(4).toISOString());

    const [tamper] = await raiseAlerts(test.db, [alertEvent(activation, { eventTime: minutesAgo(3), key: "tamper-1" })], now());
    await raiseAlerts(test.db, [alertEvent(activation, { eventTime: minutesAgo(2), key: "tamper-2" })], now());
    // One of two grouped events disproved: the alert stands on the other.
    await raiseAlerts(
      test.db,
      [alertEvent(activation, { kind: "alert_withdrawn", withdrawsKey: "tamper-2", eventTime: minutesAgo(1) })],
      now(),
    );
    expect((await caseAlerts(activation.caseId)).alerts.find((alert) => alert.id === tamper!.id)).toMatchObject({
      occurrences: 1,
      status: "new",
    });
    await raiseAlerts(
      test.db,
      [alertEvent(activation, { kind: "alert_withdrawn", withdrawsKey: "tamper-1", eventTime: minutesAgo(1) })],
      now(),
    );
    expect((await caseAlerts(activation.caseId)).alerts.find((alert) => alert.id === tamper!.id)).toMatchObject({
      status: "resolved",
      disposition: "auto_cleared",
    });
    expect((await alertTasks(activation.caseId)).find((task) => task.status === "open" && task.sourceId === tamper!.id)).toBeUndefined();
  });

  it("auto-clears a lost signal that comes back within the grace period, telling nobody; a later return only marks it ended", async () => {
    const activation = await monitoredCase();
    const noSignal = (minutes: number, key: string) =>
      alertEvent(activation, {
        kind: "no_signal",
        severity: "high",
        detail: "No reading for 30 minutes.",
        eventTime: minutesAgo(minutes),
        key,
      });
    const restored = (minutes: number) =>
      alertEvent(activation, {
        kind: "signal_restored",
        clears: "no_signal",
        severity: "low",
        detail: "Signal back.",
        eventTime: minutesAgo(minutes),
      });

    const [gap] = await raiseAlerts(test.db, [noSignal(20, "n1")], now());
    // Within the grace period nothing is announced yet: no task, no notification.
    expect(await alertTasks(activation.caseId)).toEqual([]);
    const [cleared] = await raiseAlerts(test.db, [restored(15)], now());
    expect(cleared).toMatchObject({ id: gap!.id, outcome: "auto_cleared" });
    await jobs().runUntilIdle();
    test.clock.advance(15 * 60_000);
    await jobs().runUntilIdle();
    const after = (await caseAlerts(activation.caseId)).alerts.find((alert) => alert.id === gap!.id)!;
    expect(after).toMatchObject({ status: "resolved", disposition: "auto_cleared", acknowledgedBy: null, resolvedBy: null });
    expect(after.clearedAt).not.toBeNull();
    expect(await alertTasks(activation.caseId)).toEqual([]);
    expect(await notificationsOf(officerId, gap!.id)).toEqual([]);
    expect(
      await test.db.query("SELECT 1 FROM job WHERE kind = 'monitoring-alert.escalate' AND payload->>'alertId' = $1", [gap!.id]),
    ).toEqual([]);

    // A gap that lasts past the grace period is announced (task, urgent notification), and its return marks it ended.
    const [long] = await raiseAlerts(test.db, [noSignal(5, "n2")], now());
    test.clock.advance(11 * 60_000);
    await jobs().runUntilIdle();
    expect((await alertTasks(activation.caseId)).map((task) => task.status)).toEqual(["open"]);
    expect(await notificationsOf(officerId, long!.id)).toEqual([expect.objectContaining({ urgent: true })]);
    const [ended] = await raiseAlerts(test.db, [restored(0)], now());
    expect(ended).toMatchObject({ id: long!.id, outcome: "cleared" });
    const open = (await caseAlerts(activation.caseId)).alerts.find((alert) => alert.id === long!.id)!;
    expect(open.status).toBe("new");
    expect(open.clearedAt).not.toBeNull();
  });

  it("opens a Today task, notifies the officer of a high alert and escalates it to the unit's supervisors once if nobody acknowledges it", async () => {
    const activation = await monitoredCase();
    const [raised] = await raiseAlerts(
      test.db,
      [
        alertEvent(activation, {
          kind: "exclusion_zone_entry",
          severity: "high",
          detail: "Entered the victim's block.",
          eventTime: minutesAgo(1),
        }),
      ],
      now(),
    );
    expect((await alertTasks(activation.caseId)).map((task) => task.status)).toEqual(["open"]);
    expect(await notificationsOf(officerId, raised!.id)).toHaveLength(1);
    expect(await notificationsOf(supervisorId, raised!.id)).toEqual([]);
    const today = (await officer.get("/api/v1/today")).json() as { items: { caseId: string; tasks: { taskKind?: string }[] }[] };
    expect(today.items.find((item) => item.caseId === activation.caseId)?.tasks.map((task) => task.taskKind)).toContain("monitoring_alert");

    // Before the agency's 15 minutes nothing happens; after, one escalation, however many workers run it.
    await jobs().runUntilIdle();
    expect(await notificationsOf(supervisorId, raised!.id)).toEqual([]);
    test.clock.advance(16 * 60_000);
    await Promise.all([jobs().runUntilIdle(), jobs().runUntilIdle()]);
    const { escalateAlert } = await import("./raise");
    expect(await test.db.transaction((tx) => escalateAlert(tx, raised!.id, now()))).toBe(false);
    expect(await notificationsOf(supervisorId, raised!.id)).toEqual([expect.objectContaining({ urgent: true })]);
    const [alert] = (await caseAlerts(activation.caseId)).alerts;
    expect(alert!.escalatedAt).not.toBeNull();
  });

  it("does not escalate an alert acknowledged in time; resolving closes its task; stale versions are refused with 409", async () => {
    const activation = await monitoredCase();
    const [raised] = await raiseAlerts(test.db, [alertEvent(activation, { eventTime: minutesAgo(1) })], now());
    const [alert] = (await caseAlerts(activation.caseId)).alerts as [MonitoringAlert];
    const acknowledged = await officer.post(`/api/v1/monitoring/alerts/${raised!.id}/acknowledge`, { expectedVersion: alert.version });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(acknowledged.json()).toMatchObject({ status: "acknowledged", acknowledgedBy: expect.any(String) });
    const stale = await supervisor.post(`/api/v1/monitoring/alerts/${raised!.id}/acknowledge`, { expectedVersion: alert.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toMatch(/changed this alert/);

    test.clock.advance(20 * 60_000);
    await jobs().runUntilIdle();
    expect(await notificationsOf(supervisorId, raised!.id)).toEqual([]);

    const note = await officer.post(`/api/v1/monitoring/alerts/${raised!.id}/notes`, { body: "Called him: says the strap rubs." });
    expect(note.statusCode, note.body).toBe(200);
    expect(note.json().notes).toEqual([expect.objectContaining({ body: "Called him: says the strap rubs." })]);
    const resolved = await officer.post(`/api/v1/monitoring/alerts/${raised!.id}/resolve`, {
      expectedVersion: acknowledged.json().version,
      disposition: "device_fault",
      note: "Strap replaced.",
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ status: "resolved", disposition: "device_fault", resolutionNote: "Strap replaced." });
    expect((await alertTasks(activation.caseId)).map((task) => task.status)).toEqual(["done"]);
    const again = await officer.post(`/api/v1/monitoring/alerts/${raised!.id}/resolve`, {
      expectedVersion: resolved.json().version,
      disposition: "gps_drift",
    });
    expect(again.statusCode).toBe(409);
    const unknownDisposition = await officer.post(`/api/v1/monitoring/alerts/${raised!.id}/resolve`, {
      expectedVersion: resolved.json().version,
      disposition: "auto_cleared",
    });
    expect(unknownDisposition.statusCode).toBe(400);
  });

  it("turns a confirmed violation into a supervision event the violations capability makes a violation of", async () => {
    const activation = await monitoredCase();
    const [raised] = await raiseAlerts(
      test.db,
      [
        alertEvent(activation, {
          kind: "inclusion_zone_absence",
          severity: "high",
          detail: "Away from home at 23:10 during curfew.",
          eventTime: minutesAgo(30),
        }),
      ],
      now(),
    );
    const [alert] = (await caseAlerts(activation.caseId)).alerts as [MonitoringAlert];
    const resolved = await officer.post(`/api/v1/monitoring/alerts/${raised!.id}/resolve`, {
      expectedVersion: alert.version,
      disposition: "confirmed_violation",
      note: "No approved schedule change.",
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    await eventQueue(test, violationEventConsumer).runUntilIdle();
    const violations = await test.db.query<{ violation_type: string }>("SELECT violation_type FROM violation WHERE case_id = $1", [
      activation.caseId,
    ]);
    expect(violations).toEqual([{ violation_type: "curfew_breach" }]);
  });

  it("stores events during a suspension as alerts already resolved, tells nobody, and raises again once it is lifted", async () => {
    const activation = await monitoredCase();
    const tooShort = await officer.post(`/api/v1/cases/${activation.caseId}/monitoring/suspensions`, {
      alertKinds: ["strap_tamper"],
      reason: "Strap being refitted",
      schedule: { kind: "one_off", minutes: 10 },
    });
    expect(tooShort.statusCode).toBe(400);
    const denied = await southOfficer.post(`/api/v1/cases/${activation.caseId}/monitoring/suspensions`, {
      alertKinds: null,
      reason: "Not my case",
      schedule: { kind: "one_off", minutes: 30 },
    });
    expect(denied.statusCode).toBe(403);
    const created = await officer.post(`/api/v1/cases/${activation.caseId}/monitoring/suspensions`, {
      alertKinds: ["strap_tamper"],
      reason: "Strap being refitted at the office",
      schedule: { kind: "one_off", minutes: 30 },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ current: true, alertKinds: ["strap_tamper"], scheduleKind: "one_off" });
    expect(
      await auditRows(test.db, "action = 'monitoring_alert.suspend' AND outcome = 'allowed' AND record_id = $1", [activation.caseId]),
    ).toHaveLength(1);

    const [during, other] = await raiseAlerts(
      test.db,
      [
        alertEvent(activation, { eventTime: minutesAgo(0) }),
        alertEvent(activation, { kind: "low_battery", severity: "low", detail: "Battery at 9 %.", eventTime: minutesAgo(0) }),
      ],
      now(),
    );
    expect(during!.outcome).toBe("suspended");
    expect(other!.outcome).toBe("raised");
    const listed = await caseAlerts(activation.caseId);
    expect(listed.alerts.find((alert) => alert.id === during!.id)).toMatchObject({
      status: "resolved",
      disposition: "suspended",
      suspensionReason: "Strap being refitted at the office",
    });
    expect(await notificationsOf(officerId, during!.id)).toEqual([]);
    expect((await alertTasks(activation.caseId)).length).toBe(1);

    const lifted = await officer.post(`/api/v1/monitoring/suspensions/${created.json().id}/lift`);
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json().current).toBe(false);
    const [afterLift] = await raiseAlerts(test.db, [alertEvent(activation, { eventTime: now() })], now());
    expect(afterLift!.outcome).toBe("raised");

    // A weekly window (overnight, in agency time) covers only its hours.
    const weekly = await officer.post(`/api/v1/cases/${activation.caseId}/monitoring/suspensions`, {
      alertKinds: null,
      reason: "Night shift at the depot",
      schedule: { kind: "weekly", weekdays: [1, 2, 3, 4, 5, 6, 7], start: "22:00", end: "06:00", until: null },
    });
    expect(weekly.statusCode, weekly.body).toBe(201);
    const [agency] = await test.db.query<{ time_zone: string }>("SELECT time_zone FROM agency WHERE id = $1", [activation.agencyId]);
    const localHour = Number(
      new Intl.DateTimeFormat("en-GB", { timeZone: agency!.time_zone, hour: "2-digit", hourCycle: "h23" }).format(now()),
    );
    const [midday] = await raiseAlerts(
      test.db,
      [alertEvent(activation, { kind: "not_charging", severity: "low", detail: "Not charging.", eventTime: now() })],
      now(),
    );
    expect(midday!.outcome).toBe(localHour >= 22 || localHour < 6 ? "suspended" : "raised");
  });

  it("refuses another unit's officer and audits the denial; the queue shows the officer's caseload and the supervisor's unit", async () => {
    const activation = await monitoredCase();
    const [raised] = await raiseAlerts(
      test.db,
      [alertEvent(activation, { kind: "alcohol_detected", severity: "high", detail: "0.06 mg/L twice.", eventTime: minutesAgo(2) })],
      now(),
    );
    expect((await southOfficer.get(`/api/v1/cases/${activation.caseId}/monitoring/alerts`)).statusCode).toBe(403);
    expect((await southOfficer.post(`/api/v1/monitoring/alerts/${raised!.id}/acknowledge`, { expectedVersion: 1 })).statusCode).toBe(403);
    expect((await admin.get(`/api/v1/monitoring/alerts/${raised!.id}`)).statusCode).toBe(403);
    const denials = await auditRows(test.db, "action = 'monitoring_alert.acknowledge' AND outcome = 'denied' AND record_id = $1", [
      raised!.id,
    ]);
    expect(denials).toHaveLength(1);

    const mine = (await officer.get("/api/v1/monitoring/alerts?severity=high")).json() as AlertList;
    expect(mine.alerts.map((alert) => alert.id)).toContain(raised!.id);
    const unit = (await supervisor.get(`/api/v1/monitoring/alerts?officerId=${officerId}`)).json() as AlertList;
    expect(unit.alerts.map((alert) => alert.id)).toContain(raised!.id);
    const south = (await southOfficer.get("/api/v1/monitoring/alerts")).json() as AlertList;
    expect(south.alerts.map((alert) => alert.id)).not.toContain(raised!.id);
  });

  it("acknowledges and resolves in bulk all or nothing, each change audited", async () => {
    const activation = await monitoredCase();
    const raised = await raiseAlerts(
      test.db,
      [
        alertEvent(activation, {
          kind: "exclusion_zone_approach",
          severity: "medium",
          zoneId: undefined,
          detail: "Near the school.",
          eventTime: minutesAgo(3),
        }),
        alertEvent(activation, { kind: "low_battery", severity: "low", detail: "Battery at 12 %.", eventTime: minutesAgo(3) }),
      ],
      now(),
    );
    const ids = raised.map((alert) => alert.id);
    const refused = await officer.post("/api/v1/monitoring/alerts/bulk", {
      action: "acknowledge",
      alerts: [
        { id: ids[0], expectedVersion: 1 },
        { id: ids[1], expectedVersion: 7 },
      ],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/Nothing was changed: alert 2 of 2/);
    expect((await caseAlerts(activation.caseId)).alerts.filter((alert) => ids.includes(alert.id)).map((alert) => alert.status)).toEqual([
      "new",
      "new",
    ]);

    const noDisposition = await officer.post("/api/v1/monitoring/alerts/bulk", {
      action: "resolve",
      alerts: [{ id: ids[0], expectedVersion: 1 }],
    });
    expect(noDisposition.statusCode).toBe(400);
    const resolved = await officer.post("/api/v1/monitoring/alerts/bulk", {
      action: "resolve",
      disposition: "gps_drift",
      note: "Urban canyon near the depot.",
      alerts: ids.map((id) => ({ id, expectedVersion: 1 })),
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().alerts.map((alert: MonitoringAlert) => alert.disposition)).toEqual(["gps_drift", "gps_drift"]);
    const audited = await auditRows(
      test.db,
      "action = 'monitoring_alert.resolve' AND outcome = 'allowed' AND record_id = ANY ($1::text[])",
      [ids],
    );
    expect(audited).toHaveLength(2);
  });

  it("counts unresolved alerts in the caseload, its priority and its reason", async () => {
    const activation = await monitoredCase();
    const entryOf = async () =>
      (
        (await officer.get("/api/v1/caseload?limit=200")).json().entries as {
          caseId: string;
          openAlerts: number;
          priorityReason: string;
          priorityScore: number;
        }[]
      ).find((entry) => entry.caseId === activation.caseId)!;
    const before = await entryOf();
    expect(before.openAlerts).toBe(0);
    await raiseAlerts(
      test.db,
      [
        alertEvent(activation, { eventTime: minutesAgo(2) }),
        alertEvent(activation, { kind: "not_charging", severity: "low", detail: "Not charging.", eventTime: minutesAgo(2) }),
      ],
      now(),
    );
    const after = await entryOf();
    expect(after.openAlerts).toBe(2);
    expect(after.priorityReason).toContain("2 open monitoring alerts");
    expect(after.priorityScore).toBeGreaterThan(before.priorityScore);
  });

  it("reports alerts per officer per day, time to acknowledge and the false-alert rate by kind to supervisors only", async () => {
    const activation = await monitoredCase();
    const [raised] = await raiseAlerts(
      test.db,
      [alertEvent(activation, { kind: "low_battery", severity: "low", detail: "Battery at 8 %.", eventTime: now() })],
      now(),
    );
    test.clock.advance(4 * 60_000);
    const acknowledged = await officer.post(`/api/v1/monitoring/alerts/${raised!.id}/acknowledge`, { expectedVersion: 1 });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    const resolved = await officer.post(`/api/v1/monitoring/alerts/${raised!.id}/resolve`, {
      expectedVersion: 2,
      disposition: "device_fault",
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "UTC" }).format(now());
    const response = await supervisor.get(`/api/v1/monitoring/alert-report?from=${today}&to=${today}`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json() as AlertReport;
    const north1 = report.officers.find((row) => row.officerId === officerId)!;
    expect(north1.total).toBeGreaterThan(0);
    expect(north1.acknowledgeP50Minutes).not.toBeNull();
    const battery = report.kinds.find((row) => row.kind === "low_battery")!;
    expect(battery.falseAlerts).toBeGreaterThanOrEqual(1);
    expect(battery.falseAlertRate).toBeGreaterThan(0);
    expect((await officer.get(`/api/v1/monitoring/alert-report?from=${today}&to=${today}`)).statusCode).toBe(403);
    expect((await supervisor.get(`/api/v1/monitoring/alert-report?from=${today}&to=2020-01-01`)).statusCode).toBe(400);
  });
});
