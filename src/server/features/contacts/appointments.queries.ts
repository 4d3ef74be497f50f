import type { Appointment } from "../../../shared/contract/contacts";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

/**
 * Who meets the person at appointment `a` of case `c`, and so whose calendar shows it. The officer it was booked
 * for, while they still work the case (supervising or co-officer); once they no longer do (a transfer, a removed
 * co-officer), a scheduled appointment follows the case to its supervising officer. Appointments no longer
 * scheduled are history and keep the officer they were booked for.
 */
export const meetingOfficer = `CASE WHEN a.status <> 'scheduled' OR a.officer_id = c.officer_id
    OR EXISTS (SELECT 1 FROM case_co_officer mo WHERE mo.case_id = a.case_id AND mo.officer_id = a.officer_id)
  THEN a.officer_id ELSE c.officer_id END`;

/** The cases an officer works now (supervising or co-officer), as a condition on `a.case_id`. */
const workedBy = (param: string) =>
  `a.case_id IN (SELECT sc.id FROM supervision_case sc WHERE sc.officer_id = ${param} UNION ALL SELECT co.case_id FROM case_co_officer co WHERE co.officer_id = ${param})`;

const appointmentSelect = `SELECT json_build_object('id', a.id, 'caseId', a.case_id, 'personId', p.id, 'personName', p.first_name || ' ' || p.last_name,
    'officer', json_build_object('id', u.id, 'displayName', u.display_name), 'appointmentType', a.appointment_type,
    'startsAt', ${instantText("a.starts_at")}, 'endsAt', ${instantText("a.ends_at")}, 'location', a.location, 'status', a.status,
    'cancelReason', a.cancel_reason, 'version', a.version) AS appointment
  FROM appointment a JOIN supervision_case c ON c.id = a.case_id JOIN person p ON p.id = c.person_id JOIN app_user u ON u.id = ${meetingOfficer}`;

type Filter = { sql: string; params: unknown[] };

/**
 * An officer's calendar: appointments they meet, of cases they work now, that the viewer may read (filter on `c`).
 */
export async function calendarEntries(db: Queryable, filter: Filter, officerId: string, from: Date, to: Date): Promise<Appointment[]> {
  const officer = `$${filter.params.length + 1}`;
  const rows = await db.query<{ appointment: Appointment }>(
    `${appointmentSelect}
      WHERE ${filter.sql} AND ${workedBy(officer)} AND ${meetingOfficer} = ${officer}
        AND a.starts_at < $${filter.params.length + 3} AND a.ends_at > $${filter.params.length + 2}
      ORDER BY a.starts_at`,
    [...filter.params, officerId, from, to],
  );
  return rows.map((row) => row.appointment);
}

export type FeedEntryRow = { id: string; starts_at: Date; ends_at: Date; appointment_type: string; status: string; initials: string };

/** The feed's entries: the same calendar from 30 days back to 90 days ahead, with initials only. */
export function feedEntries(db: Queryable, filter: Filter, officerId: string, now: Date): Promise<FeedEntryRow[]> {
  const officer = `$${filter.params.length + 1}`;
  const at = `$${filter.params.length + 2}::timestamptz`;
  return db.query<FeedEntryRow>(
    `SELECT a.id, a.starts_at, a.ends_at, a.appointment_type, a.status, upper(left(p.first_name, 1) || left(p.last_name, 1)) AS initials
       FROM appointment a JOIN supervision_case c ON c.id = a.case_id JOIN person p ON p.id = c.person_id
      WHERE ${filter.sql} AND ${workedBy(officer)} AND ${meetingOfficer} = ${officer}
        AND a.starts_at >= ${at} - interval '30 days' AND a.starts_at < ${at} + interval '90 days'
      ORDER BY a.starts_at`,
    [...filter.params, officerId, now],
  );
}

/** The feed token's owner, as the actor the feed reads for (no session: calendar apps cannot sign in). */
export async function findFeedOwner(db: Queryable, tokenHash: string) {
  const [owner] = await db.query<{
    id: string;
    agency_id: string;
    unit_id: string | null;
    username: string;
    display_name: string;
    roles: string[];
  }>(
    `SELECT u.id, u.agency_id, u.unit_id, u.username, u.display_name, u.roles
       FROM calendar_feed f JOIN app_user u ON u.id = f.officer_id WHERE f.token_hash = $1 AND u.disabled_at IS NULL`,
    [tokenHash],
  );
  return owner;
}

export async function findAppointment(db: Queryable, id: string): Promise<Appointment | undefined> {
  const [row] = await db.query<{ appointment: Appointment }>(`${appointmentSelect} WHERE a.id = $1`, [id]);
  return row?.appointment;
}

/** A case's appointments: the next 100 still scheduled, or the latest 100 of any status. */
export async function listAppointmentsOfCase(db: Queryable, caseId: string, upcomingOnly: boolean, now: Date): Promise<Appointment[]> {
  const rows = await db.query<{ appointment: Appointment }>(
    `${appointmentSelect} WHERE a.case_id = $1 ${upcomingOnly ? "AND a.ends_at >= $2 AND a.status = 'scheduled'" : "AND $2::timestamptz IS NOT NULL"} ORDER BY a.starts_at ${upcomingOnly ? "" : "DESC"} LIMIT 100`,
    [caseId, now],
  );
  return rows.map((row) => row.appointment);
}

export async function insertAppointment(
  db: Queryable,
  input: {
    caseId: string;
    officerId: string;
    appointmentType: string;
    startsAt: string;
    endsAt: string;
    location: string | null;
    createdBy: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO appointment (case_id, officer_id, appointment_type, starts_at, ends_at, location, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
    [input.caseId, input.officerId, input.appointmentType, input.startsAt, input.endsAt, input.location, input.createdBy, input.now],
  );
  return row!.id;
}

/** Moves an appointment; without a new location it keeps its own. */
export async function rescheduleAppointment(
  db: Queryable,
  id: string,
  input: { startsAt: string; endsAt: string; location: string | null },
  now: Date,
): Promise<void> {
  await db.query("UPDATE appointment SET starts_at = $2, ends_at = $3, location = coalesce($4, location), updated_at = $5 WHERE id = $1", [
    id,
    input.startsAt,
    input.endsAt,
    input.location,
    now,
  ]);
}

export async function cancelAppointment(db: Queryable, id: string, reason: string, now: Date): Promise<void> {
  await db.query("UPDATE appointment SET status = 'cancelled', cancel_reason = $2, updated_at = $3 WHERE id = $1", [id, reason, now]);
}

/** The appointment's case and status, locked for a change. */
export async function lockAppointment(db: Queryable, id: string): Promise<{ case_id: string; status: string } | undefined> {
  const [row] = await db.query<{ case_id: string; status: string }>("SELECT case_id, status FROM appointment WHERE id = $1 FOR UPDATE", [
    id,
  ]);
  return row;
}

/** Where a user belongs, for deciding who may read their calendar. */
export async function findUserPlacement(db: Queryable, userId: string): Promise<{ agency_id: string; unit_id: string | null } | undefined> {
  const [user] = await db.query<{ agency_id: string; unit_id: string | null }>("SELECT agency_id, unit_id FROM app_user WHERE id = $1", [
    userId,
  ]);
  return user;
}

/** Stores the hash of the officer's new feed token; the previous token stops working. */
export async function replaceFeedToken(db: Queryable, officerId: string, tokenHash: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO calendar_feed (officer_id, token_hash, created_at) VALUES ($1, $2, $3)
     ON CONFLICT (officer_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`,
    [officerId, tokenHash, now],
  );
}

/** Sets a finished appointment's corrected outcome; answers its contact and start. */
export async function setAppointmentOutcome(
  db: Queryable,
  id: string,
  status: "completed" | "missed",
  now: Date,
): Promise<{ contact_id: string | null; starts_at: Date }> {
  const [row] = await db.query<{ contact_id: string | null; starts_at: Date }>(
    "UPDATE appointment SET status = $2, updated_at = $3 WHERE id = $1 RETURNING contact_id, starts_at",
    [id, status, now],
  );
  return row!;
}
