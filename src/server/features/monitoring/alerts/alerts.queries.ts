import type { AlertListQuery, AlertSettings, MonitoringAlert } from "../../../../shared/contract/monitoring-alerts";
import type { Queryable } from "../../../platform/db/database";
import { instantText } from "../../../platform/db/sql";

export const defaultAlertSettings: AlertSettings = { groupWindowMinutes: 30, noSignalGraceMinutes: 10, escalationMinutes: 15 };

export async function findAlertSettings(db: Queryable, agencyId: string): Promise<AlertSettings> {
  const [row] = await db.query<AlertSettings>(
    `SELECT group_window_minutes AS "groupWindowMinutes", no_signal_grace_minutes AS "noSignalGraceMinutes",
            escalation_minutes AS "escalationMinutes"
       FROM monitoring_alert_settings WHERE agency_id = $1`,
    [agencyId],
  );
  return row ?? defaultAlertSettings;
}

export async function saveAlertSettings(db: Queryable, agencyId: string, settings: AlertSettings, by: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO monitoring_alert_settings (agency_id, group_window_minutes, no_signal_grace_minutes, escalation_minutes, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (agency_id) DO UPDATE SET group_window_minutes = EXCLUDED.group_window_minutes,
       no_signal_grace_minutes = EXCLUDED.no_signal_grace_minutes, escalation_minutes = EXCLUDED.escalation_minutes,
       version = monitoring_alert_settings.version + 1, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [agencyId, settings.groupWindowMinutes, settings.noSignalGraceMinutes, settings.escalationMinutes, by, now],
  );
}

// ─── Raising ───────────────────────────────────────────────────────────────────────────────────────────────────────

export async function alertExistsForKey(db: Queryable, activationId: string, eventKey: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM monitoring_alert_event WHERE activation_id = $1 AND event_key = $2", [activationId, eventKey]);
  return rows.length > 0;
}

export async function recordEventKey(db: Queryable, activationId: string, eventKey: string, alertId: string): Promise<void> {
  await db.query("INSERT INTO monitoring_alert_event (activation_id, event_key, alert_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [
    activationId,
    eventKey,
    alertId,
  ]);
}

/**
 * The suspension of the case covering an alert kind at an instant, if any: one-off within its times; weekly within its
 * window on its days (agency time; a window ending before it starts runs overnight into the next day).
 */
export async function findCoveringSuspension(db: Queryable, caseId: string, kind: string, at: Date): Promise<{ id: string } | undefined> {
  const [row] = await db.query<{ id: string }>(
    `SELECT s.id FROM monitoring_alert_suspension s
       JOIN agency a ON a.id = s.agency_id
       CROSS JOIN LATERAL (SELECT ($3::timestamptz AT TIME ZONE a.time_zone) AS local) l
       CROSS JOIN LATERAL (SELECT extract(hour FROM l.local)::int * 60 + extract(minute FROM l.local)::int AS minute,
                                  extract(isodow FROM l.local)::int AS day,
                                  extract(isodow FROM l.local - interval '1 day')::int AS previous_day) w
      WHERE s.case_id = $1 AND s.lifted_at IS NULL AND s.starts_at <= $3 AND (s.ends_at IS NULL OR s.ends_at > $3)
        AND (s.alert_kinds IS NULL OR $2 = ANY (s.alert_kinds))
        AND (s.schedule_kind = 'one_off'
          OR (s.window_start_minute < s.window_end_minute AND w.day = ANY (s.weekdays)
              AND w.minute >= s.window_start_minute AND w.minute < s.window_end_minute)
          OR (s.window_start_minute > s.window_end_minute
              AND ((w.day = ANY (s.weekdays) AND w.minute >= s.window_start_minute)
                OR (w.previous_day = ANY (s.weekdays) AND w.minute < s.window_end_minute))))
      ORDER BY s.created_at LIMIT 1`,
    [caseId, kind, at],
  );
  return row;
}

/**
 * Counts a repeat on the latest alert of the same kind and zone for the activation whose last event is within the
 * window: an open one, or (during a suspension) the one stored for that suspension. A repeat means the condition is
 * on again, so a "cleared" mark goes.
 */
export async function foldRepeat(
  db: Queryable,
  input: {
    activationId: string;
    kind: string;
    zoneId: string | null;
    eventTime: Date;
    windowMinutes: number;
    suspensionId: string | null;
    now: Date;
  },
): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>(
    `UPDATE monitoring_alert SET occurrences = occurrences + 1, last_event_at = GREATEST(last_event_at, $4), cleared_at = NULL, updated_at = $7
      WHERE id = (SELECT id FROM monitoring_alert
        WHERE activation_id = $1 AND alert_kind = $2 AND zone_id IS NOT DISTINCT FROM $3
          AND (CASE WHEN $6::uuid IS NULL THEN status <> 'resolved' ELSE disposition = 'suspended' AND suspension_id = $6::uuid END)
          AND last_event_at >= $4::timestamptz - make_interval(mins => $5::int)
        ORDER BY last_event_at DESC LIMIT 1)
      RETURNING id`,
    [input.activationId, input.kind, input.zoneId, input.eventTime, input.windowMinutes, input.suspensionId, input.now],
  );
  return row?.id;
}

export async function insertAlert(
  db: Queryable,
  input: {
    agencyId: string;
    activationId: string;
    caseId: string;
    kind: string;
    severity: string;
    zoneId: string | null;
    eventTime: Date;
    reading: { sequence: number; latitude: number | null; longitude: number | null } | null;
    detail: string;
    suspensionId: string | null;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO monitoring_alert (agency_id, activation_id, case_id, alert_kind, severity, zone_id, event_at, raised_at,
        last_event_at, reading_sequence, latitude, longitude, detail, suspension_id, status, disposition, acknowledged_at,
        resolved_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9, $10, $11, $12, $13::uuid,
        CASE WHEN $13::uuid IS NULL THEN 'new' ELSE 'resolved' END, CASE WHEN $13::uuid IS NULL THEN NULL ELSE 'suspended' END,
        CASE WHEN $13::uuid IS NULL THEN NULL ELSE $8::timestamptz END, CASE WHEN $13::uuid IS NULL THEN NULL ELSE $8::timestamptz END, $8)
      RETURNING id`,
    [
      input.agencyId,
      input.activationId,
      input.caseId,
      input.kind,
      input.severity,
      input.zoneId,
      input.eventTime,
      input.now,
      input.reading?.sequence ?? null,
      input.reading?.latitude ?? null,
      input.reading?.longitude ?? null,
      input.detail.slice(0, 1000),
      input.suspensionId,
    ],
  );
  return row!.id;
}

export type OpenAlertOfKind = { id: string; status: "new" | "acknowledged"; event_at: Date; case_id: string };

/** The unresolved, not yet cleared alerts of a kind (and zone) of an activation that began at or before an instant. */
export async function findOpenAlertsOfKind(
  db: Queryable,
  input: { activationId: string; kind: string; zoneId: string | null; at: Date },
): Promise<OpenAlertOfKind[]> {
  return db.query<OpenAlertOfKind>(
    `SELECT id, status, event_at, case_id FROM monitoring_alert
      WHERE activation_id = $1 AND alert_kind = $2 AND ($3::uuid IS NULL OR zone_id = $3::uuid) AND status <> 'resolved'
        AND cleared_at IS NULL AND event_at <= $4
      FOR UPDATE`,
    [input.activationId, input.kind, input.zoneId, input.at],
  );
}

/** The alert an engine event went to, by the event's key. */
export async function findAlertByKey(
  db: Queryable,
  activationId: string,
  eventKey: string,
): Promise<{ id: string; status: string; case_id: string; occurrences: number } | undefined> {
  const [row] = await db.query<{ id: string; status: string; case_id: string; occurrences: number }>(
    `SELECT m.id, m.status, m.case_id, m.occurrences FROM monitoring_alert_event e JOIN monitoring_alert m ON m.id = e.alert_id
      WHERE e.activation_id = $1 AND e.event_key = $2 FOR UPDATE OF m`,
    [activationId, eventKey],
  );
  return row;
}

/** A withdrawn event of a group: the alert counts one occurrence less; the key is forgotten. */
export async function withdrawOccurrence(
  db: Queryable,
  input: { activationId: string; eventKey: string; alertId: string; now: Date },
): Promise<void> {
  await db.query("UPDATE monitoring_alert SET occurrences = occurrences - 1, updated_at = $2 WHERE id = $1 AND occurrences > 1", [
    input.alertId,
    input.now,
  ]);
  await db.query("DELETE FROM monitoring_alert_event WHERE activation_id = $1 AND event_key = $2", [input.activationId, input.eventKey]);
}

export async function markCleared(db: Queryable, id: string, clearedAt: Date, now: Date): Promise<void> {
  await db.query("UPDATE monitoring_alert SET cleared_at = $2, updated_at = $3 WHERE id = $1", [id, clearedAt, now]);
}

/** Resolves an alert as the system (cleared within the grace period, withdrawn by the engine): nobody acted on it. */
export async function resolveBySystem(
  db: Queryable,
  input: { id: string; clearedAt: Date | null; note: string; now: Date },
): Promise<void> {
  await db.query(
    `UPDATE monitoring_alert SET status = 'resolved', disposition = 'auto_cleared', resolved_at = $4, resolved_by = NULL,
        acknowledged_at = COALESCE(acknowledged_at, $4), cleared_at = COALESCE($2, cleared_at), resolution_note = $3,
        version = version + 1, updated_by = NULL, updated_at = $4
      WHERE id = $1`,
    [input.id, input.clearedAt, input.note, input.now],
  );
}

/** Who triages a case's alerts: its officer and co-officers. */
export async function caseOfficerIds(db: Queryable, caseId: string): Promise<string[]> {
  const rows = await db.query<{ user_id: string }>(
    `SELECT c.officer_id AS user_id FROM supervision_case c WHERE c.id = $1
     UNION SELECT co.officer_id FROM case_co_officer co WHERE co.case_id = $1`,
    [caseId],
  );
  return rows.map((row) => row.user_id);
}

/** The active supervisors of the case's unit. */
export async function unitSupervisorIds(db: Queryable, caseId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT u.id FROM supervision_case c JOIN app_user u ON u.unit_id = c.unit_id AND u.agency_id = c.agency_id
      WHERE c.id = $1 AND 'supervisor' = ANY (u.roles) AND u.disabled_at IS NULL`,
    [caseId],
  );
  return rows.map((row) => row.id);
}

/** Everyone whose alert lists show these cases: officers, co-officers and the units' supervisors. */
export async function alertWatcherIds(db: Queryable, caseIds: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ user_id: string }>(
    `SELECT c.officer_id AS user_id FROM supervision_case c WHERE c.id = ANY ($1::uuid[])
     UNION SELECT co.officer_id FROM case_co_officer co WHERE co.case_id = ANY ($1::uuid[])
     UNION SELECT u.id FROM supervision_case c JOIN app_user u ON u.unit_id = c.unit_id AND u.agency_id = c.agency_id
            WHERE c.id = ANY ($1::uuid[]) AND 'supervisor' = ANY (u.roles) AND u.disabled_at IS NULL`,
    [caseIds],
  );
  return rows.map((row) => row.user_id);
}

export type AlertFacts = {
  id: string;
  agency_id: string;
  case_id: string;
  alert_kind: string;
  severity: "high" | "medium" | "low";
  status: "new" | "acknowledged" | "resolved";
  disposition: string | null;
  event_at: Date;
  cleared_at: Date | null;
  escalated_at: Date | null;
  zone_id: string | null;
  detail: string;
  version: number;
  person_name: string;
  time_zone: string;
};

export async function lockAlert(db: Queryable, id: string, forUpdate = true): Promise<AlertFacts | undefined> {
  const [row] = await db.query<AlertFacts>(
    `SELECT m.id, m.agency_id, m.case_id, m.alert_kind, m.severity, m.status, m.disposition, m.event_at, m.cleared_at, m.escalated_at,
            m.zone_id, m.detail, m.version, p.first_name || ' ' || p.last_name AS person_name, a.time_zone
       FROM monitoring_alert m JOIN supervision_case c ON c.id = m.case_id JOIN person p ON p.id = c.person_id
       JOIN agency a ON a.id = m.agency_id
      WHERE m.id = $1${forUpdate ? " FOR UPDATE OF m" : ""}`,
    [id],
  );
  return row;
}

export async function markEscalated(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query("UPDATE monitoring_alert SET escalated_at = $2 WHERE id = $1", [id, now]);
}

// ─── Triage ────────────────────────────────────────────────────────────────────────────────────────────────────────

export async function acknowledge(db: Queryable, id: string, by: string, now: Date): Promise<void> {
  await db.query("UPDATE monitoring_alert SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3 WHERE id = $1", [
    id,
    by,
    now,
  ]);
}

export async function resolve(
  db: Queryable,
  input: { id: string; disposition: string; note: string | null; by: string; now: Date },
): Promise<void> {
  await db.query(
    `UPDATE monitoring_alert SET status = 'resolved', disposition = $2, resolution_note = $3, resolved_by = $4, resolved_at = $5,
        acknowledged_by = CASE WHEN acknowledged_at IS NULL THEN $4 ELSE acknowledged_by END,
        acknowledged_at = COALESCE(acknowledged_at, $5)
      WHERE id = $1`,
    [input.id, input.disposition, input.note, input.by, input.now],
  );
}

export async function insertNote(db: Queryable, input: { alertId: string; authorId: string; body: string; now: Date }): Promise<void> {
  await db.query("INSERT INTO monitoring_alert_note (alert_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)", [
    input.alertId,
    input.authorId,
    input.body,
    input.now,
  ]);
}

const alertJson = `json_build_object(
    'id', m.id, 'caseId', m.case_id,
    'person', json_build_object('id', p.id, 'firstName', p.first_name, 'lastName', p.last_name),
    'officer', json_build_object('id', o.id, 'displayName', o.display_name),
    'kind', m.alert_kind, 'severity', m.severity, 'status', m.status, 'disposition', m.disposition, 'detail', m.detail,
    'zoneName', z.name, 'eventAt', ${instantText("m.event_at")}, 'raisedAt', ${instantText("m.raised_at")},
    'lastEventAt', ${instantText("m.last_event_at")}, 'occurrences', m.occurrences, 'clearedAt', ${instantText("m.cleared_at")},
    'acknowledgedAt', ${instantText("m.acknowledged_at")}, 'acknowledgedBy', ack.display_name,
    'resolvedAt', ${instantText("m.resolved_at")}, 'resolvedBy', res.display_name, 'resolutionNote', m.resolution_note,
    'escalatedAt', ${instantText("m.escalated_at")}, 'suspensionReason', s.reason,
    'latitude', m.latitude, 'longitude', m.longitude,
    'noteCount', (SELECT count(*)::int FROM monitoring_alert_note n WHERE n.alert_id = m.id), 'version', m.version)`;
const alertFrom = `FROM monitoring_alert m
    JOIN supervision_case c ON c.id = m.case_id
    JOIN person p ON p.id = c.person_id
    JOIN app_user o ON o.id = c.officer_id
    LEFT JOIN monitoring_zone z ON z.id = m.zone_id
    LEFT JOIN app_user ack ON ack.id = m.acknowledged_by
    LEFT JOIN app_user res ON res.id = m.resolved_by
    LEFT JOIN monitoring_alert_suspension s ON s.id = m.suspension_id`;

const statusCondition = (status: AlertListQuery["status"]) =>
  status === "open"
    ? "m.status <> 'resolved'"
    : status === "all"
      ? "true"
      : `m.status = '${status === "new" ? "new" : status === "acknowledged" ? "acknowledged" : "resolved"}'`;

/** Alerts of the cases the filter lets the actor see: unresolved first by severity, then newest. */
export async function listAlerts(
  db: Queryable,
  filter: { sql: string; params: unknown[] },
  query: AlertListQuery,
): Promise<{ alerts: MonitoringAlert[]; total: number }> {
  const params = [...filter.params];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = [filter.sql, statusCondition(query.status)];
  if (query.severity) conditions.push(`m.severity = ${add(query.severity)}`);
  if (query.kind) conditions.push(`m.alert_kind = ${add(query.kind)}`);
  if (query.officerId) conditions.push(`c.officer_id = ${add(query.officerId)}::uuid`);
  const limit = add(query.limit);
  const rows = await db.query<{ alert: MonitoringAlert; total: number }>(
    `SELECT ${alertJson} AS alert, count(*) OVER ()::int AS total ${alertFrom}
      WHERE ${conditions.join(" AND ")}
      ORDER BY (m.status = 'resolved'), CASE m.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, m.last_event_at DESC, m.id
      LIMIT ${limit}`,
    params,
  );
  return { alerts: rows.map((row) => row.alert), total: rows[0]?.total ?? 0 };
}

/** A case's alerts, newest first (resolved ones of the last 90 days too, the suspended ones among them). */
export async function listCaseAlerts(db: Queryable, caseId: string, now: Date): Promise<MonitoringAlert[]> {
  const rows = await db.query<{ alert: MonitoringAlert }>(
    `SELECT ${alertJson} AS alert ${alertFrom}
      WHERE m.case_id = $1 AND (m.status <> 'resolved' OR m.resolved_at >= $2::timestamptz - interval '90 days')
      ORDER BY (m.status = 'resolved'), m.last_event_at DESC, m.id LIMIT 500`,
    [caseId, now],
  );
  return rows.map((row) => row.alert);
}

export async function findAlert(db: Queryable, id: string): Promise<MonitoringAlert | undefined> {
  const [row] = await db.query<{ alert: MonitoringAlert }>(`SELECT ${alertJson} AS alert ${alertFrom} WHERE m.id = $1`, [id]);
  return row?.alert;
}

export async function listNotes(
  db: Queryable,
  alertId: string,
): Promise<{ id: string; author: string; body: string; createdAt: string }[]> {
  return db.query(
    `SELECT n.id, u.display_name AS author, n.body, ${instantText("n.created_at")} AS "createdAt"
       FROM monitoring_alert_note n JOIN app_user u ON u.id = n.author_id WHERE n.alert_id = $1 ORDER BY n.created_at, n.id`,
    [alertId],
  );
}

/** The cases of alerts (for access checks), in the order asked. */
export async function caseIdsOfAlerts(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ id: string; case_id: string }>("SELECT id, case_id FROM monitoring_alert WHERE id = ANY ($1::uuid[])", [
    ids,
  ]);
  return new Map(rows.map((row) => [row.id, row.case_id]));
}

// ─── Suspensions ───────────────────────────────────────────────────────────────────────────────────────────────────

export type SuspensionRow = {
  id: string;
  caseId: string;
  alertKinds: string[] | null;
  reason: string;
  scheduleKind: "one_off" | "weekly";
  startsAt: string;
  endsAt: string | null;
  weekdays: number[] | null;
  windowStart: string | null;
  windowEnd: string | null;
  createdBy: string;
  createdAt: string;
  liftedBy: string | null;
  liftedAt: string | null;
  current: boolean;
};

const minuteText = (column: string) =>
  `CASE WHEN ${column} IS NULL THEN NULL ELSE lpad((${column} / 60)::text, 2, '0') || ':' || lpad((${column} % 60)::text, 2, '0') END`;

const suspensionSelect = (
  now: string,
) => `SELECT s.id, s.case_id AS "caseId", s.alert_kinds AS "alertKinds", s.reason, s.schedule_kind AS "scheduleKind",
    ${instantText("s.starts_at")} AS "startsAt", ${instantText("s.ends_at")} AS "endsAt", s.weekdays,
    ${minuteText("s.window_start_minute")} AS "windowStart", ${minuteText("s.window_end_minute")} AS "windowEnd",
    cu.display_name AS "createdBy", ${instantText("s.created_at")} AS "createdAt", lu.display_name AS "liftedBy",
    ${instantText("s.lifted_at")} AS "liftedAt", (s.lifted_at IS NULL AND (s.ends_at IS NULL OR s.ends_at > ${now})) AS current
  FROM monitoring_alert_suspension s JOIN app_user cu ON cu.id = s.created_by LEFT JOIN app_user lu ON lu.id = s.lifted_by`;

export async function listSuspensions(db: Queryable, caseId: string, now: Date): Promise<SuspensionRow[]> {
  return db.query<SuspensionRow>(
    `${suspensionSelect("$2::timestamptz")} WHERE s.case_id = $1 AND (s.ends_at IS NULL OR s.ends_at > $2::timestamptz - interval '30 days')
      ORDER BY s.created_at DESC LIMIT 100`,
    [caseId, now],
  );
}

export async function findSuspension(db: Queryable, id: string, now: Date): Promise<SuspensionRow | undefined> {
  const [row] = await db.query<SuspensionRow>(`${suspensionSelect("$2::timestamptz")} WHERE s.id = $1`, [id, now]);
  return row;
}

export async function lockSuspension(
  db: Queryable,
  id: string,
): Promise<{ id: string; case_id: string; lifted_at: Date | null; ends_at: Date | null } | undefined> {
  const [row] = await db.query<{ id: string; case_id: string; lifted_at: Date | null; ends_at: Date | null }>(
    "SELECT id, case_id, lifted_at, ends_at FROM monitoring_alert_suspension WHERE id = $1 FOR UPDATE",
    [id],
  );
  return row;
}

export async function insertSuspension(
  db: Queryable,
  input: {
    agencyId: string;
    caseId: string;
    alertKinds: string[] | null;
    reason: string;
    scheduleKind: "one_off" | "weekly";
    startsAt: Date;
    endsAt: Date | null;
    weekdays: number[] | null;
    windowStartMinute: number | null;
    windowEndMinute: number | null;
    by: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO monitoring_alert_suspension (agency_id, case_id, alert_kinds, reason, schedule_kind, starts_at, ends_at, weekdays,
        window_start_minute, window_end_minute, created_by, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      input.agencyId,
      input.caseId,
      input.alertKinds,
      input.reason,
      input.scheduleKind,
      input.startsAt,
      input.endsAt,
      input.weekdays,
      input.windowStartMinute,
      input.windowEndMinute,
      input.by,
      input.now,
    ],
  );
  return row!.id;
}

export async function liftSuspension(db: Queryable, id: string, by: string, now: Date): Promise<void> {
  await db.query("UPDATE monitoring_alert_suspension SET lifted_by = $2, lifted_at = $3 WHERE id = $1", [id, by, now]);
}

/** The end of a calendar day in a time zone (the instant the next day starts there). */
export async function endOfLocalDay(db: Queryable, day: string, timeZone: string): Promise<Date> {
  const [row] = await db.query<{ at: Date }>("SELECT (($1::date + 1)::timestamp AT TIME ZONE $2) AS at", [day, timeZone]);
  return new Date(row!.at);
}

export async function findCaseFacts(
  db: Queryable,
  caseId: string,
): Promise<{ agency_id: string; status: string; time_zone: string } | undefined> {
  const [row] = await db.query<{ agency_id: string; status: string; time_zone: string }>(
    "SELECT c.agency_id, c.status, a.time_zone FROM supervision_case c JOIN agency a ON a.id = c.agency_id WHERE c.id = $1",
    [caseId],
  );
  return row;
}

export async function agencyTimeZone(db: Queryable, agencyId: string): Promise<string> {
  const [row] = await db.query<{ time_zone: string }>("SELECT time_zone FROM agency WHERE id = $1", [agencyId]);
  return row?.time_zone ?? "UTC";
}

// ─── Report ────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Alerts raised on the visible cases in a period of agency days, by the case's officer and day, with the minutes each
 * took to be acknowledged by a person (system resolutions and suspended ones are not acknowledgements).
 */
export async function reportRows(
  db: Queryable,
  filter: { sql: string; params: unknown[] },
  input: { from: string; to: string; timeZone: string },
): Promise<
  {
    officer_id: string;
    officer_name: string;
    day: string;
    kind: string;
    disposition: string | null;
    resolved_by: string | null;
    ack_minutes: number | null;
  }[]
> {
  const params = [...filter.params];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const zone = add(input.timeZone);
  const from = add(input.from);
  const to = add(input.to);
  return db.query(
    `SELECT c.officer_id, o.display_name AS officer_name, to_char((m.raised_at AT TIME ZONE ${zone})::date, 'YYYY-MM-DD') AS day,
            m.alert_kind AS kind, m.disposition, m.resolved_by,
            CASE WHEN m.acknowledged_by IS NOT NULL THEN extract(epoch FROM m.acknowledged_at - m.raised_at)::float8 / 60 END AS ack_minutes
       FROM monitoring_alert m JOIN supervision_case c ON c.id = m.case_id JOIN app_user o ON o.id = c.officer_id
      WHERE ${filter.sql} AND m.raised_at >= (${from}::date::timestamp AT TIME ZONE ${zone})
        AND m.raised_at < ((${to}::date + 1)::timestamp AT TIME ZONE ${zone})
        AND (m.disposition IS NULL OR m.disposition <> 'suspended')`,
    params,
  );
}

/** The case's device on now, or a demo GPS device put on it (the demo alert route: no device feed). */
export async function demoActivation(
  db: Queryable,
  caseId: string,
  by: string,
  now: Date,
): Promise<{ agencyId: string; activationId: string }> {
  const [open] = await db.query<{ agency_id: string; id: string }>(
    `SELECT c.agency_id, a.id FROM monitoring_activation a JOIN supervision_case c ON c.id = a.case_id
      WHERE a.case_id = $1 AND a.removed_at IS NULL ORDER BY a.installed_at DESC LIMIT 1`,
    [caseId],
  );
  if (open) return { agencyId: open.agency_id, activationId: open.id };
  const [row] = await db.query<{ agency_id: string; id: string }>(
    `WITH device AS (
       INSERT INTO monitoring_device (agency_id, serial, device_type, vendor, status)
       SELECT c.agency_id, 'DEMO-' || replace(gen_random_uuid()::text, '-', ''), 'gps', 'Demo', 'assigned' FROM supervision_case c WHERE c.id = $1
       RETURNING id, agency_id)
     INSERT INTO monitoring_activation (device_id, case_id, installed_at, installed_by)
     SELECT device.id, $1, $3::timestamptz - interval '1 day', $2 FROM device
     RETURNING id, (SELECT agency_id FROM device) AS agency_id`,
    [caseId, by, now],
  );
  return { agencyId: row!.agency_id, activationId: row!.id };
}
