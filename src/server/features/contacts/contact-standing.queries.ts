import type { Queryable } from "../../platform/db/database";
import type { RequirementState } from "./contact-standards";

/** A stored row of the status table (see migration 020). */
export type StandingRow = {
  id: string;
  case_id: string;
  kind: RequirementState["kind"];
  period_start: string;
  period_end: string;
  missed: boolean;
  required: number;
  done: number;
  due_by: string;
  carried_over: boolean;
  calm_status: "met" | "due";
  due_soon_from: string | null;
  overdue_from: string | null;
};
export type NewStandingRow = Omit<StandingRow, "id">;
export type CaseMarker = { case_id: string; evaluated_on: string; valid_through: string; next_check_on: string };

const dateColumns = (alias: string) =>
  ["period_start", "period_end", "due_by", "due_soon_from", "overdue_from"]
    .map((column) => `to_char(${alias}.${column}, 'YYYY-MM-DD') AS ${column}`)
    .join(", ");

/**
 * The stored rows of the cases whose evaluation holds on `date` (evaluated on or before it, valid through it), with
 * the ids of those cases (a case may hold with no rows: no requirement applies). Other cases are not answered.
 */
export async function readStoredStandings(
  db: Queryable,
  caseIds: readonly string[],
  date: string,
): Promise<{ fresh: Set<string>; rows: StandingRow[] }> {
  const found = await db.query<StandingRow & { fresh_case: string }>(
    // Per case through the (case, kind, period) index (LATERAL): right after a bulk refresh the table has no
    // statistics yet, and the planner would otherwise join every case of the batch against a scan of every row.
    `SELECT m.case_id AS fresh_case, r.id, r.case_id, r.kind, ${dateColumns("r")}, r.missed, r.required, r.done, r.carried_over, r.calm_status
       FROM contact_standing_case m
       LEFT JOIN LATERAL (SELECT * FROM contact_standing s WHERE s.case_id = m.case_id) r ON true
      WHERE m.case_id = ANY ($1::uuid[]) AND m.evaluated_on <= $2::date AND m.valid_through >= $2::date`,
    [caseIds, date],
  );
  const fresh = new Set<string>();
  const rows: StandingRow[] = [];
  for (const row of found) {
    fresh.add(row.fresh_case);
    if (row.id !== null) rows.push(row);
  }
  return { fresh, rows };
}

/** The cases' stored rows, for the write that replaces them. */
export async function storedStandingRows(db: Queryable, caseIds: readonly string[]): Promise<StandingRow[]> {
  return db.query<StandingRow>(
    `SELECT r.id, r.case_id, r.kind, ${dateColumns("r")}, r.missed, r.required, r.done, r.carried_over, r.calm_status
       FROM contact_standing r WHERE r.case_id = ANY ($1::uuid[])`,
    [caseIds],
  );
}

/** Inserts or updates rows by (case, kind, period start), set-based; answers every row written with its id. */
export async function upsertStandingRows(db: Queryable, rows: readonly NewStandingRow[], now: Date): Promise<StandingRow[]> {
  if (rows.length === 0) return [];
  return db.query<StandingRow>(
    `INSERT INTO contact_standing AS r (case_id, kind, period_start, period_end, missed, required, done, due_by, carried_over,
                                        calm_status, due_soon_from, overdue_from, changed_at)
     SELECT x.case_id, x.kind, x.period_start, x.period_end, x.missed, x.required, x.done, x.due_by, x.carried_over,
            x.calm_status, x.due_soon_from, x.overdue_from, $2
       FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, kind text, period_start date, period_end date, missed boolean,
                                              required integer, done integer, due_by date, carried_over boolean, calm_status text,
                                              due_soon_from date, overdue_from date)
     ON CONFLICT (case_id, kind, period_start) DO UPDATE SET
       period_end = excluded.period_end, missed = excluded.missed, required = excluded.required, done = excluded.done,
       due_by = excluded.due_by, carried_over = excluded.carried_over, calm_status = excluded.calm_status,
       due_soon_from = excluded.due_soon_from, overdue_from = excluded.overdue_from, changed_at = excluded.changed_at
     RETURNING r.id, r.case_id, r.kind, ${dateColumns("r")}, r.missed, r.required, r.done, r.carried_over, r.calm_status`,
    [JSON.stringify(rows), now],
  );
}

export async function deleteStandingRows(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await db.query("DELETE FROM contact_standing WHERE id = ANY ($1::uuid[])", [ids]);
}

/** Records, per case, when its rows were evaluated and until when they hold; cases left out of `markers` lose theirs. */
export async function writeCaseMarkers(db: Queryable, caseIds: readonly string[], markers: readonly CaseMarker[]): Promise<void> {
  const kept = markers.map((marker) => marker.case_id);
  await db.query("DELETE FROM contact_standing_case WHERE case_id = ANY ($1::uuid[]) AND case_id <> ALL ($2::uuid[])", [caseIds, kept]);
  if (markers.length === 0) return;
  await db.query(
    `INSERT INTO contact_standing_case AS m (case_id, evaluated_on, valid_through, next_check_on)
     SELECT x.case_id, x.evaluated_on, x.valid_through, x.next_check_on
       FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, evaluated_on date, valid_through date, next_check_on date)
     ON CONFLICT (case_id) DO UPDATE SET
       evaluated_on = excluded.evaluated_on, valid_through = excluded.valid_through, next_check_on = excluded.next_check_on`,
    [JSON.stringify(markers)],
  );
}

/**
 * The cases with their status, locked against another refresh of the same case until this transaction ends (so
 * two contacts recorded at once cannot each store an evaluation missing the other). NO KEY UPDATE: inserting a
 * contact, which only references the case, is not held up.
 */
export async function lockCases(db: Queryable, caseIds: readonly string[]): Promise<{ id: string; status: string }[]> {
  return db.query("SELECT id, status FROM supervision_case WHERE id = ANY ($1::uuid[]) ORDER BY id FOR NO KEY UPDATE", [caseIds]);
}

/** The open cases of a person, whose home verification follows the person's address. */
export async function openCasesOfPerson(db: Queryable, personId: string): Promise<{ id: string; agency_id: string }[]> {
  return db.query("SELECT id, agency_id FROM supervision_case WHERE person_id = $1 AND status <> 'closed' ORDER BY id", [personId]);
}

/** The person an address belongs to. */
export async function personOfAddress(db: Queryable, addressId: string): Promise<string | undefined> {
  return (await db.query<{ person_id: string }>("SELECT person_id FROM person_address WHERE id = $1", [addressId]))[0]?.person_id;
}

/** Agencies and their time zones, for the periodic job's "today" in each. */
export async function agencyZones(db: Queryable): Promise<{ id: string; time_zone: string }[]> {
  return db.query("SELECT id, time_zone FROM agency ORDER BY id");
}

/**
 * The next batch (after `afterId`) of the agency's cases that need looking at on `today`: a case with stored rows
 * or not yet evaluated that is open, or a closed case that still has rows; its check day come.
 */
export async function casesToCheck(db: Queryable, agencyId: string, today: string, afterId: string, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT c.id FROM supervision_case c LEFT JOIN contact_standing_case m ON m.case_id = c.id
      WHERE c.agency_id = $1 AND c.id > $3
        AND (CASE WHEN c.status = 'closed' THEN m.case_id IS NOT NULL ELSE m.case_id IS NULL OR m.next_check_on <= $2::date END)
      ORDER BY c.id LIMIT $4`,
    [agencyId, today, afterId, limit],
  );
  return rows.map((row) => row.id);
}

/** Every case of the agency not closed, after `afterId`: for a change of the agency's standards. */
export async function openCasesOfAgency(db: Queryable, agencyId: string, afterId: string, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM supervision_case WHERE agency_id = $1 AND status <> 'closed' AND id > $2 ORDER BY id LIMIT $3",
    [agencyId, afterId, limit],
  );
  return rows.map((row) => row.id);
}
