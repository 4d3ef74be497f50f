import type { TaskKind } from "../../../shared/contract/tasks";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";
import { meetingOfficer } from "../contacts/appointments.queries";
import type { StandingRow } from "../contacts/contact-standing.queries";

/** The officer's own cases (supervising or co-supervising), as a condition on `c.id`; a supervisor's unit is not their day. */
export function ownCaseloadCondition(officerParam: number): string {
  return `c.id IN (SELECT sc.id FROM supervision_case sc WHERE sc.officer_id = $${officerParam}
                   UNION ALL SELECT co.case_id FROM case_co_officer co WHERE co.officer_id = $${officerParam})`;
}

export type DayTaskRow = {
  id: string;
  case_id: string;
  kind: TaskKind;
  due_on: string;
  source_occurred_at: string | null;
  appointment: {
    id: string;
    appointment_type: "office_visit" | "scheduled_home_visit" | "field_visit" | "employment_visit" | "phone" | "video";
    starts_at: string;
    ends_at: string;
    location: string | null;
  } | null;
  /** A contact_due task's status row (its source): the requirement, its counts and the days its status turns. */
  standing: Pick<
    StandingRow,
    "kind" | "missed" | "required" | "done" | "period_end" | "calm_status" | "due_soon_from" | "overdue_from"
  > | null;
};

/**
 * The officer's standing tasks on their own cases due on the day or before (overdue), snoozed ones only once their
 * time has come by `visibleAt` (null: by the end of the day): those the case's supervising officer owns (an appointment only if they meet it: a
 * co-officer who booked it meets it) and those owned by name. A contact_due task shows while it stands, whatever its
 * due day: the standards open it only once its period is due within the agency's "due soon" days, or overdue.
 */
export function loadDayTasks(
  db: Queryable,
  input: { officerId: string; caseIds: string[]; date: string; today: string; timeZone: string; visibleAt: Date | null },
) {
  return db.query<DayTaskRow>(
    `SELECT t.id, t.case_id, t.kind, to_char(t.due_on, 'YYYY-MM-DD') AS due_on, ${instantText("t.source_occurred_at")} AS source_occurred_at,
            CASE WHEN a.id IS NOT NULL THEN json_build_object('id', a.id, 'appointment_type', a.appointment_type,
              'starts_at', ${instantText("a.starts_at")}, 'ends_at', ${instantText("a.ends_at")}, 'location', a.location) END AS appointment,
            CASE WHEN s.id IS NOT NULL THEN json_build_object('kind', s.kind, 'missed', s.missed, 'required', s.required, 'done', s.done,
              'period_end', to_char(s.period_end, 'YYYY-MM-DD'), 'calm_status', s.calm_status,
              'due_soon_from', to_char(s.due_soon_from, 'YYYY-MM-DD'), 'overdue_from', to_char(s.overdue_from, 'YYYY-MM-DD')) END AS standing
       FROM task t JOIN supervision_case c ON c.id = t.case_id
       LEFT JOIN appointment a ON t.kind = 'appointment' AND t.source_type = 'appointment' AND a.id = t.source_id
       LEFT JOIN contact_standing s ON t.kind = 'contact_due' AND t.source_type = 'contact_standing' AND s.id = t.source_id
      WHERE t.case_id = ANY ($2::uuid[]) AND (t.due_on <= $3::date OR t.kind = 'contact_due')
        -- A planned day shows its own appointments; one of an earlier day still unrecorded shows on today's list.
        AND (t.kind <> 'appointment' OR t.due_on = $3::date OR t.due_on < $6::date)
        AND (t.status = 'open' OR (t.status = 'snoozed' AND t.snoozed_until <= coalesce($4, ($3::date + 1)::timestamp AT TIME ZONE $5)))
        AND CASE t.owner WHEN 'user' THEN t.owner_user_id = $1
                         WHEN 'case_officer' THEN (a.id IS NULL AND c.officer_id = $1) OR (a.id IS NOT NULL AND ${meetingOfficer} = $1)
                         ELSE false END
      ORDER BY t.due_on, a.starts_at, t.created_at`,
    [input.officerId, input.caseIds, input.date, input.visibleAt, input.timeZone, input.today],
  );
}

/** Cases selected in the agency's draw for the day, and whether each has already been tested (or marked missed) that day. */
export function loadDayTestSelections(db: Queryable, agencyId: string, caseIds: string[], date: string, timeZone: string) {
  return db.query<{ case_id: string; tested: boolean }>(
    `SELECT c.case_id,
            EXISTS (SELECT 1 FROM drug_test t WHERE t.case_id = c.case_id
                     AND t.collected_at >= ($3::date)::timestamp AT TIME ZONE $4 AND t.collected_at < ($3::date + 1)::timestamp AT TIME ZONE $4) AS tested
       FROM random_draw d JOIN random_draw_candidate c ON c.draw_id = d.id AND c.selected
      WHERE d.agency_id = $1 AND d.draw_date = $3 AND c.case_id = ANY ($2::uuid[])`,
    [agencyId, caseIds, date, timeZone],
  );
}

/** Cases with a field contact of any outcome already recorded on the day: no visit to suggest there. */
export async function loadCasesVisitedOn(db: Queryable, caseIds: string[], date: string, timeZone: string): Promise<Set<string>> {
  const rows = await db.query<{ case_id: string }>(
    `SELECT DISTINCT case_id FROM contact
      WHERE case_id = ANY ($1::uuid[]) AND contact_type IN ('scheduled_home_visit', 'unannounced_home_visit', 'field_visit', 'employment_visit')
        AND occurred_at >= ($2::date)::timestamp AT TIME ZONE $3 AND occurred_at < ($2::date + 1)::timestamp AT TIME ZONE $3`,
    [caseIds, date, timeZone],
  );
  return new Set(rows.map((row) => row.case_id));
}

export type FieldFactsRow = {
  person_id: string;
  phone: string | null;
  address: {
    kind: "residence" | "shelter" | "transient";
    shelterName: string | null;
    line1: string;
    line2: string | null;
    city: string;
    state: string;
    postalCode: string;
    latitude: number | null;
    longitude: number | null;
    verified: boolean;
  } | null;
  cautions: { kind: "violence" | "weapons" | "dog" | "residence_hazard" | "other"; description: string }[];
};

/** What a field sheet needs about each person: current address with its coordinates, phone, and active safety cautions. */
export function loadFieldFacts(db: Queryable, personIds: string[]) {
  return db.query<FieldFactsRow>(
    `SELECT p.id AS person_id, p.phone,
            -- No fixed address: the last known location stands in for the street line (and the map point, when given).
            (SELECT json_build_object('kind', a.kind, 'shelterName', a.shelter_name, 'line1', coalesce(a.line1, a.location_note), 'line2', a.line2,
                                      'city', coalesce(a.city, ''), 'state', coalesce(a.state, ''), 'postalCode', coalesce(a.postal_code, ''),
                                      'latitude', a.latitude, 'longitude', a.longitude, 'verified', a.verification_status = 'verified')
               FROM person_address a WHERE a.person_id = p.id AND a.moved_out IS NULL ORDER BY a.moved_in DESC, a.created_at DESC LIMIT 1) AS address,
            COALESCE((SELECT json_agg(json_build_object('kind', s.kind, 'description', s.description) ORDER BY s.created_at)
                        FROM safety_caution s WHERE s.person_id = p.id AND s.active), '[]'::json) AS cautions
       FROM person p WHERE p.id = ANY ($1::uuid[])`,
    [personIds],
  );
}

/** How many stops, highest priority first, the agency's day route starts with (an agency setting). */
export async function loadRouteStopLimit(db: Queryable, agencyId: string): Promise<number> {
  const [row] = await db.query<{ route_stop_limit: number }>("SELECT route_stop_limit FROM agency WHERE id = $1", [agencyId]);
  return row!.route_stop_limit;
}

/** One page of an agency's active cases (by id, after `afterId`) for the daily suggestion of unannounced visits. */
export async function listActiveCasesPage(db: Queryable, agencyId: string, afterId: string | null, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM supervision_case WHERE agency_id = $1 AND status = 'active' AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [agencyId, afterId, limit],
  );
  return rows.map((row) => row.id);
}

/** Of these cases, those with a current address to visit, and those with a field appointment still to meet on the day. */
export async function loadVisitFacts(
  db: Queryable,
  caseIds: string[],
  date: string,
  timeZone: string,
): Promise<{ withAddress: Set<string>; fieldAppointment: Set<string> }> {
  const rows = await db.query<{ case_id: string; has_address: boolean; field_appointment: boolean }>(
    `SELECT c.id AS case_id,
            EXISTS (SELECT 1 FROM person_address pa WHERE pa.person_id = c.person_id AND pa.moved_out IS NULL) AS has_address,
            EXISTS (SELECT 1 FROM appointment a WHERE a.case_id = c.id AND a.status = 'scheduled'
                     AND a.appointment_type IN ('scheduled_home_visit', 'field_visit', 'employment_visit')
                     AND a.starts_at >= ($2::date)::timestamp AT TIME ZONE $3 AND a.starts_at < ($2::date + 1)::timestamp AT TIME ZONE $3) AS field_appointment
       FROM supervision_case c WHERE c.id = ANY ($1::uuid[])`,
    [caseIds, date, timeZone],
  );
  return {
    withAddress: new Set(rows.filter((row) => row.has_address).map((row) => row.case_id)),
    fieldAppointment: new Set(rows.filter((row) => row.field_appointment).map((row) => row.case_id)),
  };
}

/** Of these cases, those with a standing suggested unannounced visit. */
export async function loadStandingSuggestions(db: Queryable, caseIds: string[]): Promise<Set<string>> {
  const rows = await db.query<{ case_id: string }>(
    `SELECT case_id FROM task WHERE case_id = ANY ($1::uuid[]) AND kind = 'suggested_unannounced_visit' AND status IN ('open', 'snoozed')`,
    [caseIds],
  );
  return new Set(rows.map((row) => row.case_id));
}

export function listAgencyTimeZones(db: Queryable): Promise<{ id: string; time_zone: string }[]> {
  return db.query<{ id: string; time_zone: string }>("SELECT id, time_zone FROM agency");
}
