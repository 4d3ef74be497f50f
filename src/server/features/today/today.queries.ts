import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";
import { meetingOfficer } from "../contacts/appointments.queries";

/** The officer's own cases (supervising or co-supervising), as a condition on `c.id`; a supervisor's unit is not their day. */
export function ownCaseloadCondition(officerParam: number): string {
  return `c.id IN (SELECT sc.id FROM supervision_case sc WHERE sc.officer_id = $${officerParam}
                   UNION ALL SELECT co.case_id FROM case_co_officer co WHERE co.officer_id = $${officerParam})`;
}

export type DayAppointmentRow = {
  id: string;
  case_id: string;
  appointment_type: "office_visit" | "scheduled_home_visit" | "field_visit" | "employment_visit" | "phone" | "video";
  starts_at: string;
  ends_at: string;
  location: string | null;
  status: "scheduled" | "completed" | "missed";
};

/** The appointments the officer meets on a local calendar day (cancelled ones are not work); they follow a transferred case. */
export function loadDayAppointments(db: Queryable, officerId: string, date: string, timeZone: string) {
  return db.query<DayAppointmentRow>(
    `SELECT a.id, a.case_id, a.appointment_type, ${instantText("a.starts_at")} AS starts_at, ${instantText("a.ends_at")} AS ends_at,
            a.location, a.status
       FROM appointment a JOIN supervision_case c ON c.id = a.case_id
      WHERE ${ownCaseloadCondition(1)} AND ${meetingOfficer} = $1 AND a.status <> 'cancelled'
        AND a.starts_at >= ($2::date)::timestamp AT TIME ZONE $3 AND a.starts_at < ($2::date + 1)::timestamp AT TIME ZONE $3
      ORDER BY a.starts_at`,
    [officerId, date, timeZone],
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
