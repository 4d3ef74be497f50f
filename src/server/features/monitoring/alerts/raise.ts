// The one way monitoring alerts enter the database (ingest and the no-signal timer job call recordAlertEvents in the
// transaction that stores the readings or timer state they rest on). Grouping, the engine's "cleared" events,
// suspensions, the alert task, notifications and escalation all start here, in that same transaction.
import { type AlertKind, alertKindLabels, alertKinds } from "../../../../shared/contract/monitoring-alerts";
import type { Queryable } from "../../../platform/db/database";
import { enqueueJob } from "../../../platform/jobs";
import { publishLive } from "../../notifications/notifications.queries";
import { notify } from "../../notifications/notify";
import { closeTasksForSource, createTask } from "../../tasks/tasks";
import * as queries from "./alerts.queries";

/** One condition the rules engine found for one activation (the engine's AlertEvent, with where it belongs). */
export type AlertEventForActivation = {
  agencyId: string;
  activationId: string;
  caseId: string;
  event: {
    kind: string;
    severity: "high" | "medium" | "low";
    zoneId?: string | undefined;
    eventTime: Date;
    reading?: { sequence: number; latitude: number | null; longitude: number | null } | undefined;
    detail: string;
    /** The engine's stable identity of the event: a repeat of the same key raises nothing. */
    key?: string | undefined;
    /** A "cleared" event: the kind of the open alert whose condition ended. */
    clears?: string | undefined;
    /** alert_withdrawn: the key of the alert a late reading disproved. */
    withdrawsKey?: string | undefined;
  };
};

/** folded: counted on an open alert; suspended: stored already resolved; cleared / autoCleared / withdrawn: ended by the engine. */
export type RaisedAlert = {
  id: string;
  agencyId: string;
  caseId: string;
  kind: string;
  severity: string;
  folded: boolean;
  outcome: "raised" | "folded" | "suspended" | "cleared" | "auto_cleared" | "withdrawn";
};

/** The engine's "condition ended" kinds and the alert kind each ends (when the event does not say `clears`). */
export const clearingKinds: Record<string, AlertKind> = {
  exclusion_zone_exit: "exclusion_zone_entry",
  exclusion_zone_approach_cleared: "exclusion_zone_approach",
  inclusion_zone_returned: "inclusion_zone_absence",
  strap_tamper_cleared: "strap_tamper",
  battery_recovered: "low_battery",
  charging_resumed: "not_charging",
  signal_restored: "no_signal",
  alcohol_cleared: "alcohol_detected",
};
const raisedKinds: ReadonlySet<string> = new Set(alertKinds);

export const alertSourceType = "monitoring_alert";
export const announceJobKind = "monitoring-alert.announce";
export const escalateJobKind = "monitoring-alert.escalate";

/**
 * The one way alerts enter the database, called in the transaction that stores the readings or timer state they
 * rest on, so an acknowledged reading never loses its alert.
 * - A repeat of an open alert of the same kind and zone within the agency's grouping window counts on that alert.
 * - A cleared event (signal restored, left the zone) marks the open alert `cleared_at`; a lost signal back within the
 *   agency's grace period resolves its alert as auto_cleared, and nobody was or is told of it.
 * - During a suspension covering the kind, the alert is stored already resolved ('suspended'): no task, no one told.
 * - A new alert opens a Today task for the case's officer; a high-severity one notifies the officer and co-officers
 *   (live and through the outbox) and is escalated to the unit's supervisors if still new after the agency's minutes.
 *   A no-signal alert is announced only once its grace period has passed (a job), since it may clear by itself.
 * Everyone whose alert lists show the cases is told live when the transaction commits (NOTIFY is transactional).
 */
export async function recordAlertEvents(tx: Queryable, items: readonly AlertEventForActivation[], now: Date): Promise<RaisedAlert[]> {
  const results: RaisedAlert[] = [];
  const settingsByAgency = new Map<string, Awaited<ReturnType<typeof queries.findAlertSettings>>>();
  const settingsOf = async (agencyId: string) => {
    let settings = settingsByAgency.get(agencyId);
    if (!settings) {
      settings = await queries.findAlertSettings(tx, agencyId);
      settingsByAgency.set(agencyId, settings);
    }
    return settings;
  };

  for (const item of items) {
    const { agencyId, activationId, caseId, event } = item;
    const zoneId = event.zoneId ?? null;
    const base = { agencyId, caseId, severity: event.severity, folded: false };

    if (event.kind === "alert_withdrawn") {
      if (!event.withdrawsKey) continue;
      const alert = await queries.findAlertByKey(tx, activationId, event.withdrawsKey);
      if (!alert || alert.status === "resolved") continue;
      if (alert.occurrences > 1) {
        // One event of a group was disproved: the alert stands on the others.
        await queries.withdrawOccurrence(tx, { activationId, eventKey: event.withdrawsKey, alertId: alert.id, now });
        results.push({ ...base, id: alert.id, kind: event.clears ?? event.kind, outcome: "withdrawn" });
        continue;
      }
      // The key goes with it (occurrences stay 1): the engine may raise the same key again later, and that is news.
      await queries.withdrawOccurrence(tx, { activationId, eventKey: event.withdrawsKey, alertId: alert.id, now });
      await queries.resolveBySystem(tx, {
        id: alert.id,
        clearedAt: null,
        note: "Withdrawn by the rules engine: a reading that arrived late showed it did not happen.",
        now,
      });
      await closeAlertTask(tx, alert.id, "The alert was withdrawn by the rules engine", now);
      results.push({ ...base, id: alert.id, kind: event.clears ?? event.kind, outcome: "withdrawn" });
      continue;
    }

    const cleared = event.clears ?? clearingKinds[event.kind];
    if (cleared && !raisedKinds.has(event.kind)) {
      const settings = await settingsOf(agencyId);
      // A device that comes back uploads the fixes it kept: the first is dated inside the silence, before the
      // no-signal alert's own time, and still ends it (a connectivity gap, not a missing person).
      const at = cleared === "no_signal" ? new Date("9999-12-31T00:00:00Z") : event.eventTime;
      const open = await queries.findOpenAlertsOfKind(tx, { activationId, kind: cleared, zoneId, at });
      for (const alert of open) {
        const gapMs = event.eventTime.getTime() - new Date(alert.event_at).getTime();
        if (cleared === "no_signal" && alert.status === "new" && gapMs <= settings.noSignalGraceMinutes * 60_000) {
          await queries.resolveBySystem(tx, {
            id: alert.id,
            clearedAt: event.eventTime,
            note: `The signal came back within the ${settings.noSignalGraceMinutes}-minute grace period.`,
            now,
          });
          await closeAlertTask(tx, alert.id, "The signal came back", now);
          results.push({ ...base, id: alert.id, kind: cleared, outcome: "auto_cleared" });
        } else {
          await queries.markCleared(tx, alert.id, event.eventTime, now);
          results.push({ ...base, id: alert.id, kind: cleared, outcome: "cleared" });
        }
      }
      continue;
    }

    if (!raisedKinds.has(event.kind)) throw new Error(`not an alert kind: ${event.kind}`);
    if (event.key && (await queries.alertExistsForKey(tx, activationId, event.key))) continue;
    const settings = await settingsOf(agencyId);
    const suspension = await queries.findCoveringSuspension(tx, caseId, event.kind, event.eventTime);
    const folded = await queries.foldRepeat(tx, {
      activationId,
      kind: event.kind,
      zoneId,
      eventTime: event.eventTime,
      windowMinutes: settings.groupWindowMinutes,
      suspensionId: suspension?.id ?? null,
      now,
    });
    if (folded) {
      if (event.key) await queries.recordEventKey(tx, activationId, event.key, folded);
      results.push({ ...base, id: folded, kind: event.kind, folded: true, outcome: "folded" });
      continue;
    }
    const id = await queries.insertAlert(tx, {
      agencyId,
      activationId,
      caseId,
      kind: event.kind,
      severity: event.severity,
      zoneId,
      eventTime: event.eventTime,
      reading: event.reading ?? null,
      detail: event.detail || alertKindLabels[event.kind as AlertKind],
      suspensionId: suspension?.id ?? null,
      now,
    });
    if (event.key) await queries.recordEventKey(tx, activationId, event.key, id);
    results.push({ ...base, id, kind: event.kind, outcome: suspension ? "suspended" : "raised" });
    if (suspension) continue;
    if (event.kind === "no_signal") {
      // A connectivity gap that recovers within the grace period is cleared by itself: announce it only after.
      const due = new Date(Math.max(now.getTime(), event.eventTime.getTime() + settings.noSignalGraceMinutes * 60_000));
      await enqueueJob(tx, announceJobKind, { alertId: id }, { now, runAt: due, dedupeKey: `${announceJobKind}:${id}`, agencyId });
    } else {
      await announceAlert(tx, id, now);
    }
  }
  await publishRaisedAlerts(tx, results);
  return results;
}

/**
 * Opens the alert's Today task and tells its officers of a high-severity one (urgent: e-mail and SMS go at once as
 * they chose), then schedules its escalation. Idempotent: a standing task is not made twice, and it does nothing for
 * an alert no longer new (acknowledged, resolved or cleared by itself meanwhile).
 */
export async function announceAlert(tx: Queryable, alertId: string, now: Date): Promise<boolean> {
  const alert = await queries.lockAlert(tx, alertId);
  if (alert?.status !== "new") return false;
  if (alert.alert_kind === "no_signal" && alert.cleared_at) return false;
  const created = await createTask(tx, {
    caseId: alert.case_id,
    kind: "monitoring_alert",
    owner: { owner: "case_officer" },
    due: { daysAfterSource: 0 },
    sourceType: alertSourceType,
    sourceId: alert.id,
    sourceOccurredAt: alert.event_at,
    by: null,
    now,
  });
  if (!created || alert.severity !== "high") return true;
  const label = alertKindLabels[alert.alert_kind as AlertKind] ?? "Monitoring alert";
  for (const userId of await queries.caseOfficerIds(tx, alert.case_id)) {
    await notify(tx, {
      userId,
      kind: "monitoring_alert",
      title: `${label} — ${alert.person_name}`.slice(0, 200),
      body: `${alert.detail} Acknowledge it on the Alerts page.`.slice(0, 2000),
      recordType: "monitoring_alert",
      recordId: alert.id,
      urgent: true,
      now,
    });
  }
  const { escalationMinutes } = await queries.findAlertSettings(tx, alert.agency_id);
  await enqueueJob(
    tx,
    escalateJobKind,
    { alertId: alert.id },
    {
      now,
      runAt: new Date(now.getTime() + escalationMinutes * 60_000),
      dedupeKey: `${escalateJobKind}:${alert.id}`,
      agencyId: alert.agency_id,
    },
  );
  return true;
}

/**
 * Tells the unit's supervisors of a high-severity alert nobody acknowledged in time, once (the row lock and
 * escalated_at make a second run, on any instance, do nothing). Answers whether it escalated.
 */
export async function escalateAlert(tx: Queryable, alertId: string, now: Date): Promise<boolean> {
  const alert = await queries.lockAlert(tx, alertId);
  if (alert?.status !== "new" || alert.escalated_at || alert.severity !== "high") return false;
  const { escalationMinutes } = await queries.findAlertSettings(tx, alert.agency_id);
  const label = alertKindLabels[alert.alert_kind as AlertKind] ?? "Monitoring alert";
  for (const userId of await queries.unitSupervisorIds(tx, alert.case_id)) {
    await notify(tx, {
      userId,
      kind: "monitoring_alert",
      title: `Not acknowledged in ${escalationMinutes} min: ${label} — ${alert.person_name}`.slice(0, 200),
      body: `${alert.detail} No one has acknowledged this high-severity alert yet.`.slice(0, 2000),
      recordType: "monitoring_alert",
      recordId: alert.id,
      urgent: true,
      now,
    });
  }
  await queries.markEscalated(tx, alert.id, now);
  await publishRaisedAlerts(tx, [{ caseId: alert.case_id }]);
  return true;
}

/** Closes the alert's Today task (the alert was resolved, by a person or by itself). */
export async function closeAlertTask(tx: Queryable, alertId: string, reason: string, now: Date, by: string | null = null): Promise<void> {
  await closeTasksForSource(tx, {
    sourceType: alertSourceType,
    sourceId: alertId,
    kinds: ["monitoring_alert"],
    status: "done",
    reason,
    by,
    now,
  });
}

/**
 * The live "alerts" event to everyone whose alert lists show the cases (officers, co-officers, the units'
 * supervisors), one per user. pg_notify inside the transaction is delivered when it commits, and never if it rolls
 * back, so calling this in the recording transaction is the after-commit publish (ingest needs no hook of its own).
 */
export async function publishRaisedAlerts(tx: Queryable, raised: readonly Pick<RaisedAlert, "caseId">[]): Promise<void> {
  if (raised.length === 0) return;
  const caseIds = [...new Set(raised.map((alert) => alert.caseId))];
  for (const userId of await queries.alertWatcherIds(tx, caseIds)) await publishLive(tx, userId, "alerts");
}
