import { z } from "zod";
import { expectedVersion, isoDate, recordVersion } from "./common";

/** The kinds of alert the rules engine raises (migration 038's list), and their words. */
export const alertKinds = [
  "exclusion_zone_entry",
  "exclusion_zone_approach",
  "inclusion_zone_absence",
  "strap_tamper",
  "low_battery",
  "not_charging",
  "no_signal",
  "alcohol_detected",
  "victim_proximity",
  "battery_failure_forecast",
] as const;
export const alertKind = z.enum(alertKinds, { error: "Choose a kind of alert" });
export type AlertKind = z.infer<typeof alertKind>;

export const alertKindLabels: Record<AlertKind, string> = {
  exclusion_zone_entry: "Entered an exclusion zone",
  exclusion_zone_approach: "Approaching an exclusion zone",
  inclusion_zone_absence: "Away from home during curfew",
  strap_tamper: "Strap tampered with",
  low_battery: "Low battery",
  not_charging: "Device not charging",
  no_signal: "No signal",
  alcohol_detected: "Alcohol detected",
  victim_proximity: "Near a protected victim",
  battery_failure_forecast: "Battery expected to fail",
};

export const alertSeverity = z.enum(["high", "medium", "low"]);
export type AlertSeverity = z.infer<typeof alertSeverity>;
export const alertSeverityLabels: Record<AlertSeverity, string> = { high: "High", medium: "Medium", low: "Low" };

export const alertStatus = z.enum(["new", "acknowledged", "resolved"]);
export type AlertStatus = z.infer<typeof alertStatus>;
export const alertStatusLabels: Record<AlertStatus, string> = { new: "New", acknowledged: "Acknowledged", resolved: "Resolved" };

/** What an officer may resolve an alert as. */
export const triageDispositions = ["confirmed_violation", "gps_drift", "authorised_schedule_change", "device_fault"] as const;
export const triageDisposition = z.enum(triageDispositions, { error: "Choose how the alert was resolved" });
/** …and what the system resolves one as: cleared by itself within the grace period, or raised during a suspension. */
export const alertDispositions = [...triageDispositions, "auto_cleared", "suspended"] as const;
export const alertDisposition = z.enum(alertDispositions);
export type AlertDisposition = z.infer<typeof alertDisposition>;
export const alertDispositionLabels: Record<AlertDisposition, string> = {
  confirmed_violation: "Confirmed violation",
  gps_drift: "GPS drift (false alert)",
  authorised_schedule_change: "Authorised schedule change",
  device_fault: "Device fault (false alert)",
  auto_cleared: "Cleared by itself",
  suspended: "Raised during a suspension",
};
/** The dispositions that count as false alerts in the supervisor's report. */
export const falseAlertDispositions: readonly AlertDisposition[] = ["gps_drift", "device_fault"];

const instant = z.string().describe("ISO 8601 instant");

export const alertNote = z.object({ id: z.uuid(), author: z.string(), body: z.string(), createdAt: instant });

export const monitoringAlert = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  person: z.object({ id: z.uuid(), firstName: z.string(), lastName: z.string() }),
  officer: z.object({ id: z.uuid(), displayName: z.string() }),
  kind: alertKind,
  severity: alertSeverity,
  status: alertStatus,
  disposition: alertDisposition.nullable(),
  detail: z.string(),
  zoneName: z.string().nullable(),
  eventAt: instant,
  raisedAt: instant,
  lastEventAt: instant,
  occurrences: z.number().int(),
  /** The condition ended by itself (signal back, left the zone) at this time, before anyone resolved it. */
  clearedAt: instant.nullable(),
  acknowledgedAt: instant.nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: instant.nullable(),
  resolvedBy: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  escalatedAt: instant.nullable(),
  /** Raised while a suspension covered it (stored already resolved). */
  suspensionReason: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  noteCount: z.number().int(),
  version: recordVersion,
});
export type MonitoringAlert = z.infer<typeof monitoringAlert>;

export const monitoringAlertWithNotes = monitoringAlert.extend({ notes: z.array(alertNote) });
export type MonitoringAlertWithNotes = z.infer<typeof monitoringAlertWithNotes>;

export const alertListQuery = z.strictObject({
  status: z.enum(["open", "new", "acknowledged", "resolved", "all"]).default("open").describe("open: new or acknowledged"),
  severity: alertSeverity.optional(),
  kind: alertKind.optional(),
  officerId: z.uuid().optional().describe("Only the cases of this officer (supervisors)"),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type AlertListQuery = z.infer<typeof alertListQuery>;

export const alertList = z.object({ alerts: z.array(monitoringAlert), total: z.number().int() });
export type AlertList = z.infer<typeof alertList>;

export const acknowledgeAlertBody = z.strictObject({ expectedVersion });
export const resolveAlertBody = z.strictObject({
  expectedVersion,
  disposition: triageDisposition,
  note: z.string().trim().min(1).max(4000).nullable().optional(),
});
export const alertNoteBody = z.strictObject({ body: z.string().trim().min(1, "Write the note").max(4000) });

export const bulkAlertBody = z
  .strictObject({
    action: z.enum(["acknowledge", "resolve"]),
    alerts: z
      .array(z.strictObject({ id: z.uuid(), expectedVersion }))
      .min(1, "Choose at least one alert")
      .max(100, "At most 100 alerts at once"),
    disposition: triageDisposition.optional(),
    note: z.string().trim().min(1).max(4000).nullable().optional(),
  })
  .refine((body) => body.action !== "resolve" || body.disposition !== undefined, {
    path: ["disposition"],
    message: "Choose how the alerts were resolved",
  })
  .refine((body) => new Set(body.alerts.map((alert) => alert.id)).size === body.alerts.length, {
    path: ["alerts"],
    message: "An alert is listed twice",
  });
export type BulkAlertBody = z.infer<typeof bulkAlertBody>;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time such as 21:30");

export const newSuspensionBody = z.strictObject({
  /** null: every kind. */
  alertKinds: z.array(alertKind).min(1, "Choose at least one kind, or all kinds").max(alertKinds.length).nullable(),
  reason: z.string().trim().min(1, "Say why alerts are suspended").max(500),
  schedule: z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("one_off"),
      /** Default: now. */
      startsAt: z.iso.datetime({ offset: true }).optional(),
      minutes: z.number().int().min(15, "At least 15 minutes").max(120, "At most 2 hours"),
    }),
    z.strictObject({
      kind: z.literal("weekly"),
      weekdays: z
        .array(z.number().int().min(1).max(7))
        .min(1, "Choose at least one day")
        .max(7)
        .describe("ISO weekdays: 1 = Monday … 7 = Sunday"),
      start: clock,
      end: clock,
      until: isoDate.nullable().optional().describe("The last day the schedule applies (agency calendar); null: until lifted"),
    }),
  ]),
});
export type NewSuspensionBody = z.infer<typeof newSuspensionBody>;

export const alertSuspension = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  alertKinds: z.array(alertKind).nullable(),
  reason: z.string(),
  scheduleKind: z.enum(["one_off", "weekly"]),
  startsAt: instant,
  endsAt: instant.nullable(),
  weekdays: z.array(z.number().int()).nullable(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  createdBy: z.string(),
  createdAt: instant,
  liftedBy: z.string().nullable(),
  liftedAt: instant.nullable(),
  /** Not lifted and not past its end. */
  current: z.boolean(),
  version: z.number().int().optional(),
});
export type AlertSuspension = z.infer<typeof alertSuspension>;

export const caseAlerts = z.object({
  alerts: z.array(monitoringAlert),
  suspensions: z.array(alertSuspension),
});
export type CaseAlerts = z.infer<typeof caseAlerts>;

export const alertSettings = z.object({
  groupWindowMinutes: z.number().int().min(1).max(1440),
  noSignalGraceMinutes: z.number().int().min(0).max(240),
  escalationMinutes: z.number().int().min(1).max(1440),
});
export type AlertSettings = z.infer<typeof alertSettings>;
export const alertSettingsBody = alertSettings.strict();

export const alertReportQuery = z.strictObject({
  from: isoDate.describe("First day (agency calendar)"),
  to: isoDate.describe("Last day (agency calendar), at most 92 days after from"),
});
export type AlertReportQuery = z.infer<typeof alertReportQuery>;

export const alertReport = z.object({
  from: isoDate,
  to: isoDate,
  officers: z.array(
    z.object({
      officerId: z.uuid(),
      name: z.string(),
      total: z.number().int(),
      perDay: z.number(),
      days: z.array(z.object({ date: isoDate, alerts: z.number().int() })),
      /** Minutes from raised to acknowledged, over the alerts a person acknowledged; null when none was. */
      acknowledgeP50Minutes: z.number().nullable(),
      acknowledgeP90Minutes: z.number().nullable(),
    }),
  ),
  kinds: z.array(
    z.object({
      kind: alertKind,
      raised: z.number().int(),
      resolvedByOfficers: z.number().int(),
      falseAlerts: z.number().int(),
      /** falseAlerts / resolvedByOfficers; null when none was resolved by an officer. */
      falseAlertRate: z.number().nullable(),
    }),
  ),
});
export type AlertReport = z.infer<typeof alertReport>;
