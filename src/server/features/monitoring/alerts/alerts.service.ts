import {
  type AlertKind,
  type AlertList,
  type AlertListQuery,
  type AlertReport,
  type AlertReportQuery,
  type AlertSettings,
  type AlertSuspension,
  type BulkAlertBody,
  type CaseAlerts,
  falseAlertDispositions,
  type MonitoringAlert,
  type MonitoringAlertWithNotes,
  type NewSuspensionBody,
} from "../../../../shared/contract/monitoring-alerts";
import { addDays, daysBetween, localDate } from "../../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../../platform/access/case-access";
import { type Guard, guarded } from "../../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../../platform/context";
import type { Queryable } from "../../../platform/db/database";
import { claimVersion } from "../../../platform/db/versioned";
import { AppError, badRequest, conflict, notFound } from "../../../platform/errors";
import { raiseEvent, type SupervisionEventKind } from "../../../platform/events/supervision-events";
import * as queries from "./alerts.queries";
import { alertSourceType, closeAlertTask, publishRaisedAlerts, recordAlertEvents } from "./raise";

/**
 * A confirmed violation becomes a supervision event the violations capability consumes: leaving home during curfew is
 * a curfew breach; entering (or closing on) an exclusion zone or a protected victim a zone breach; tampering, drinking
 * and failing to keep the device working are non-compliance with the monitoring (or alcohol) condition.
 */
export const violationEventOfAlert: Record<AlertKind, SupervisionEventKind> = {
  inclusion_zone_absence: "curfew_breach",
  exclusion_zone_entry: "zone_breach",
  exclusion_zone_approach: "zone_breach",
  victim_proximity: "zone_breach",
  strap_tamper: "condition_non_compliant",
  alcohol_detected: "condition_non_compliant",
  no_signal: "condition_non_compliant",
  low_battery: "condition_non_compliant",
  not_charging: "condition_non_compliant",
  battery_failure_forecast: "condition_non_compliant",
};

const reportMaxDays = 92;

const resolvedAlready = () => conflict("This alert is already resolved.", [{ field: "status", message: "resolved" }]);

/** p-th percentile (nearest rank) of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return Math.round(sorted[rank - 1]! * 10) / 10;
}

export function createAlertsService(deps: FeatureDeps) {
  /** Locks the alert, authorises case.write on its case (audited, with the alert named) and claims its version. */
  async function lockForTriage(
    guard: Guard,
    input: { id: string; expectedVersion: number; action: string; details?: Record<string, string | number | boolean | null> },
    context: RequestContext,
  ) {
    const { tx, authorize } = guard;
    const [caseId] = (await queries.caseIdsOfAlerts(tx, [input.id])).values();
    if (!caseId) throw notFound("Alert");
    authorize("case.write", await loadCaseTarget(tx, caseId), {
      action: input.action,
      recordType: "monitoring_alert",
      recordId: input.id,
      details: { caseId, ...input.details },
    });
    const alert = (await queries.lockAlert(tx, input.id))!;
    const actor = signedInActor(context);
    await claimVersion(tx, {
      table: "monitoring_alert",
      id: input.id,
      expectedVersion: input.expectedVersion,
      actorId: actor.userId,
      now: context.now,
      what: "alert",
      timeZone: alert.time_zone,
    });
    return alert;
  }

  async function acknowledgeOne(guard: Guard, context: RequestContext, id: string, expectedVersion: number) {
    const alert = await lockForTriage(guard, { id, expectedVersion, action: "monitoring_alert.acknowledge" }, context);
    if (alert.status === "resolved") throw resolvedAlready();
    if (alert.status === "acknowledged") {
      throw conflict("This alert is already acknowledged.", [{ field: "status", message: "acknowledged" }]);
    }
    await queries.acknowledge(guard.tx, id, signedInActor(context).userId, context.now);
    return alert;
  }

  async function resolveOne(
    guard: Guard,
    context: RequestContext,
    input: { id: string; expectedVersion: number; disposition: MonitoringAlert["disposition"] & string; note: string | null },
  ) {
    const alert = await lockForTriage(
      guard,
      {
        id: input.id,
        expectedVersion: input.expectedVersion,
        action: "monitoring_alert.resolve",
        details: { disposition: input.disposition },
      },
      context,
    );
    if (alert.status === "resolved") throw resolvedAlready();
    const by = signedInActor(context).userId;
    await queries.resolve(guard.tx, { id: input.id, disposition: input.disposition, note: input.note, by, now: context.now });
    await closeAlertTask(guard.tx, input.id, "The alert was resolved", context.now, by);
    if (input.disposition === "confirmed_violation") {
      await raiseEvent(guard.tx, {
        caseId: alert.case_id,
        kind: violationEventOfAlert[alert.alert_kind as AlertKind],
        sourceType: alertSourceType,
        sourceId: alert.id,
        occurredAt: alert.event_at,
        details: { alertKind: alert.alert_kind, zoneId: alert.zone_id, detail: alert.detail },
        now: context.now,
      });
    }
    return alert;
  }

  async function readAlert(tx: Queryable, id: string): Promise<MonitoringAlert> {
    return (await queries.findAlert(tx, id))!;
  }

  function checkOneOff(startsAt: Date, now: Date) {
    if (startsAt.getTime() < now.getTime() - 5 * 60_000) {
      throw badRequest("A suspension cannot start in the past.", [{ field: "schedule.startsAt", message: "in the past" }]);
    }
    if (startsAt.getTime() > now.getTime() + 7 * 86_400_000) {
      throw badRequest("A one-off suspension starts within the next 7 days.", [{ field: "schedule.startsAt", message: "too far ahead" }]);
    }
  }

  return {
    /** The alert queue: the caseload's (officers) or the unit's (supervisors) alerts, filtered. */
    async list(context: RequestContext, query: AlertListQuery): Promise<AlertList> {
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 1, {
          action: "monitoring_alert.list",
          recordType: "monitoring_alert",
          details: { status: query.status, officerId: query.officerId ?? null },
        });
        return queries.listAlerts(tx, filter, query);
      });
    },

    /** A case's alerts (open, and resolved in the last 90 days) and its suspensions. */
    async listForCase(context: RequestContext, caseId: string): Promise<CaseAlerts> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), {
          action: "monitoring_alert.list_case",
          recordType: "case",
          recordId: caseId,
        });
        return {
          alerts: await queries.listCaseAlerts(tx, caseId, context.now),
          suspensions: (await queries.listSuspensions(tx, caseId, context.now)) as AlertSuspension[],
        };
      });
    },

    async get(context: RequestContext, id: string): Promise<MonitoringAlertWithNotes> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const [caseId] = (await queries.caseIdsOfAlerts(tx, [id])).values();
        if (!caseId) throw notFound("Alert");
        authorize("case.read", await loadCaseTarget(tx, caseId), {
          action: "monitoring_alert.read",
          recordType: "monitoring_alert",
          recordId: id,
          details: { caseId },
        });
        return { ...(await readAlert(tx, id)), notes: await queries.listNotes(tx, id) };
      });
    },

    async acknowledge(context: RequestContext, id: string, input: { expectedVersion: number }): Promise<MonitoringAlert> {
      return guarded(deps, context, async (guard) => {
        const alert = await acknowledgeOne(guard, context, id, input.expectedVersion);
        await publishRaisedAlerts(guard.tx, [{ caseId: alert.case_id }]);
        return readAlert(guard.tx, id);
      });
    },

    async resolve(
      context: RequestContext,
      id: string,
      input: {
        expectedVersion: number;
        disposition: (typeof falseAlertDispositions)[number] | "confirmed_violation" | "authorised_schedule_change";
        note?: string | null | undefined;
      },
    ): Promise<MonitoringAlert> {
      return guarded(deps, context, async (guard) => {
        const alert = await resolveOne(guard, context, {
          id,
          expectedVersion: input.expectedVersion,
          disposition: input.disposition,
          note: input.note ?? null,
        });
        await publishRaisedAlerts(guard.tx, [{ caseId: alert.case_id }]);
        return readAlert(guard.tx, id);
      });
    },

    async addNote(context: RequestContext, id: string, input: { body: string }): Promise<MonitoringAlertWithNotes> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const [caseId] = (await queries.caseIdsOfAlerts(tx, [id])).values();
        if (!caseId) throw notFound("Alert");
        authorize("case.write", await loadCaseTarget(tx, caseId), {
          action: "monitoring_alert.note",
          recordType: "monitoring_alert",
          recordId: id,
          details: { caseId },
        });
        await queries.insertNote(tx, { alertId: id, authorId: signedInActor(context).userId, body: input.body, now: context.now });
        await publishRaisedAlerts(tx, [{ caseId }]);
        return { ...(await readAlert(tx, id)), notes: await queries.listNotes(tx, id) };
      });
    },

    /**
     * Acknowledges or resolves several alerts at once, all or nothing: one refused (not the actor's case, changed
     * since it was read, already resolved) rolls every change back; each allowed change has its own audit row.
     */
    async bulk(context: RequestContext, input: BulkAlertBody): Promise<{ alerts: MonitoringAlert[] }> {
      return guarded(deps, context, async (guard) => {
        const known = await queries.caseIdsOfAlerts(
          guard.tx,
          input.alerts.map((alert) => alert.id),
        );
        const missing = input.alerts.findIndex((alert) => !known.has(alert.id));
        if (missing >= 0) throw badRequest("An alert chosen was not found.", [{ field: `alerts.${missing}.id`, message: "not found" }]);
        const caseIds: { caseId: string }[] = [];
        for (const [index, item] of input.alerts.entries()) {
          try {
            const alert =
              input.action === "acknowledge"
                ? await acknowledgeOne(guard, context, item.id, item.expectedVersion)
                : await resolveOne(guard, context, {
                    id: item.id,
                    expectedVersion: item.expectedVersion,
                    disposition: input.disposition!,
                    note: input.note ?? null,
                  });
            caseIds.push({ caseId: alert.case_id });
          } catch (error) {
            // Say which alert stopped the batch (access denials are audited and answered as they are).
            if (!(error instanceof AppError)) throw error;
            const verb = input.action === "acknowledge" ? "acknowledged" : "resolved";
            throw new AppError(
              error.code,
              `Nothing was changed: alert ${index + 1} of ${input.alerts.length} could not be ${verb}. ${error.message}`,
              (error.issues ?? [{ field: "id", message: error.message }]).map((issue) => ({
                ...issue,
                field: `alerts.${index}.${issue.field}`,
              })),
            );
          }
        }
        await publishRaisedAlerts(guard.tx, caseIds);
        const alerts: MonitoringAlert[] = [];
        for (const item of input.alerts) alerts.push(await readAlert(guard.tx, item.id));
        return { alerts };
      });
    },

    /** Suspends all or some alert kinds of a case, one-off or weekly, with a reason (audited). */
    async suspend(context: RequestContext, caseId: string, input: NewSuspensionBody): Promise<AlertSuspension> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, {
          action: "monitoring_alert.suspend",
          recordType: "case",
          recordId: caseId,
          details: { kinds: input.alertKinds?.join(",") ?? "all", schedule: input.schedule.kind, reason: input.reason },
        });
        const facts = (await queries.findCaseFacts(tx, caseId))!;
        if (facts.status === "closed") throw conflict("The case is closed.", [{ field: "caseId", message: "case closed" }]);
        const actor = signedInActor(context);
        const kinds = input.alertKinds ? [...new Set(input.alertKinds)] : null;
        let id: string;
        if (input.schedule.kind === "one_off") {
          const startsAt = input.schedule.startsAt ? new Date(input.schedule.startsAt) : context.now;
          checkOneOff(startsAt, context.now);
          id = await queries.insertSuspension(tx, {
            agencyId: facts.agency_id,
            caseId,
            alertKinds: kinds,
            reason: input.reason,
            scheduleKind: "one_off",
            startsAt,
            endsAt: new Date(startsAt.getTime() + input.schedule.minutes * 60_000),
            weekdays: null,
            windowStartMinute: null,
            windowEndMinute: null,
            by: actor.userId,
            now: context.now,
          });
        } else {
          const minute = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
          const start = minute(input.schedule.start);
          const end = minute(input.schedule.end);
          if (start === end)
            throw badRequest("The window must end at another time than it starts.", [
              { field: "schedule.end", message: "same as the start" },
            ]);
          const today = localDate(context.now, facts.time_zone);
          const until = input.schedule.until ?? null;
          if (until && until < today)
            throw badRequest("The last day cannot be in the past.", [{ field: "schedule.until", message: "in the past" }]);
          if (until && daysBetween(today, until) > 366) {
            throw badRequest("A weekly suspension runs for a year at most; set it again after.", [
              { field: "schedule.until", message: "more than a year" },
            ]);
          }
          id = await queries.insertSuspension(tx, {
            agencyId: facts.agency_id,
            caseId,
            alertKinds: kinds,
            reason: input.reason,
            scheduleKind: "weekly",
            startsAt: context.now,
            endsAt: until ? await queries.endOfLocalDay(tx, until, facts.time_zone) : null,
            weekdays: [...new Set(input.schedule.weekdays)].sort(),
            windowStartMinute: start,
            windowEndMinute: end,
            by: actor.userId,
            now: context.now,
          });
        }
        await publishRaisedAlerts(tx, [{ caseId }]);
        return (await queries.findSuspension(tx, id, context.now)) as AlertSuspension;
      });
    },

    /** Lifts a suspension now (audited); alerts are raised as usual from then on. */
    async lift(context: RequestContext, id: string): Promise<AlertSuspension> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const suspension = await queries.lockSuspension(tx, id);
        if (!suspension) throw notFound("Suspension");
        authorize("case.write", await loadCaseTarget(tx, suspension.case_id), {
          action: "monitoring_alert.unsuspend",
          recordType: "monitoring_alert_suspension",
          recordId: id,
          details: { caseId: suspension.case_id },
        });
        if (suspension.lifted_at || (suspension.ends_at && new Date(suspension.ends_at).getTime() <= context.now.getTime())) {
          throw conflict("This suspension has already ended.", [{ field: "id", message: "ended" }]);
        }
        await queries.liftSuspension(tx, id, signedInActor(context).userId, context.now);
        await publishRaisedAlerts(tx, [{ caseId: suspension.case_id }]);
        return (await queries.findSuspension(tx, id, context.now)) as AlertSuspension;
      });
    },

    /** The demo alert route (DEMO_ALERT_ROUTE, never in production): raises an alert on a case as a device feed would. */
    async raiseDemoAlert(
      context: RequestContext,
      caseId: string,
      input: { kind: AlertKind; severity: "high" | "medium" | "low"; detail: string },
    ): Promise<MonitoringAlert> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.write", await loadCaseTarget(tx, caseId), {
          action: "monitoring_alert.demo_raise",
          recordType: "case",
          recordId: caseId,
          details: { kind: input.kind },
        });
        const activation = await queries.demoActivation(tx, caseId, signedInActor(context).userId, context.now);
        const [raised] = await recordAlertEvents(
          tx,
          [{ ...activation, caseId, event: { kind: input.kind, severity: input.severity, detail: input.detail, eventTime: context.now } }],
          context.now,
        );
        return readAlert(tx, raised!.id);
      });
    },

    async settings(context: RequestContext): Promise<AlertSettings> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const actor = signedInActor(context);
        authorize(
          "monitoring_alert.settings_read",
          { agencyId: actor.agencyId },
          { action: "monitoring_alert.settings_read", recordType: "agency", recordId: actor.agencyId },
        );
        return queries.findAlertSettings(tx, actor.agencyId);
      });
    },

    async saveSettings(context: RequestContext, input: AlertSettings): Promise<AlertSettings> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const actor = signedInActor(context);
        authorize(
          "monitoring_alert.settings_manage",
          { agencyId: actor.agencyId },
          {
            action: "monitoring_alert.settings_change",
            recordType: "agency",
            recordId: actor.agencyId,
            details: { ...input },
          },
        );
        await queries.saveAlertSettings(tx, actor.agencyId, input, actor.userId, context.now);
        return queries.findAlertSettings(tx, actor.agencyId);
      });
    },

    /**
     * The supervisor's alert-load report for their unit: alerts per officer per day, minutes to acknowledge (p50, p90,
     * by people, not the system), and the false-alert rate by kind (share of officers' resolutions that were GPS drift
     * or a device fault). Alerts raised during a suspension are left out.
     */
    async report(context: RequestContext, query: AlertReportQuery): Promise<AlertReport> {
      if (query.to < query.from) throw badRequest("The period ends before it starts.", [{ field: "to", message: "before from" }]);
      if (daysBetween(query.from, query.to) >= reportMaxDays) {
        throw badRequest(`The report covers ${reportMaxDays} days at most.`, [{ field: "to", message: `more than ${reportMaxDays} days` }]);
      }
      return guarded(deps, context, async ({ tx, visible }) => {
        const actor = signedInActor(context);
        const filter = visible("monitoring_alert.report", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 1, {
          action: "monitoring_alert.report",
          recordType: "unit",
          details: { from: query.from, to: query.to },
        });
        const timeZone = await queries.agencyTimeZone(tx, actor.agencyId);
        const rows = await queries.reportRows(tx, filter, { ...query, timeZone });
        const days: string[] = [];
        for (let day = query.from; day <= query.to; day = addDays(day, 1)) days.push(day);
        const byOfficer = new Map<string, { name: string; perDay: Map<string, number>; ack: number[] }>();
        const byKind = new Map<string, { raised: number; resolvedByOfficers: number; falseAlerts: number }>();
        for (const row of rows) {
          const officer = byOfficer.get(row.officer_id) ?? {
            name: row.officer_name,
            perDay: new Map<string, number>(),
            ack: [] as number[],
          };
          byOfficer.set(row.officer_id, officer);
          officer.perDay.set(row.day, (officer.perDay.get(row.day) ?? 0) + 1);
          if (row.ack_minutes !== null) officer.ack.push(Number(row.ack_minutes));
          const kind = byKind.get(row.kind) ?? { raised: 0, resolvedByOfficers: 0, falseAlerts: 0 };
          byKind.set(row.kind, kind);
          kind.raised++;
          if (row.resolved_by) {
            kind.resolvedByOfficers++;
            if ((falseAlertDispositions as readonly (string | null)[]).includes(row.disposition)) kind.falseAlerts++;
          }
        }
        return {
          from: query.from,
          to: query.to,
          officers: [...byOfficer.entries()]
            .map(([officerId, officer]) => {
              const total = [...officer.perDay.values()].reduce((sum, count) => sum + count, 0);
              const sorted = [...officer.ack].sort((a, b) => a - b);
              return {
                officerId,
                name: officer.name,
                total,
                perDay: Math.round((total / days.length) * 10) / 10,
                days: days.map((date) => ({ date, alerts: officer.perDay.get(date) ?? 0 })),
                acknowledgeP50Minutes: percentile(sorted, 50),
                acknowledgeP90Minutes: percentile(sorted, 90),
              };
            })
            .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
          kinds: [...byKind.entries()]
            .map(([kind, counts]) => ({
              kind: kind as AlertKind,
              ...counts,
              falseAlertRate:
                counts.resolvedByOfficers > 0 ? Math.round((counts.falseAlerts / counts.resolvedByOfficers) * 1000) / 1000 : null,
            }))
            .sort((a, b) => b.raised - a.raised || a.kind.localeCompare(b.kind)),
        };
      });
    },
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
