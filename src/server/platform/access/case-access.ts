import type { Queryable } from "../db/database";
import { badRequest, notFound } from "../errors";
import type { Target } from "./policy";

/** What the access policy needs to know about a case: its agency, unit and officers. */
export type CaseTarget = Target & { caseId: string; personId: string; unitId: string; officerIds: string[] };

type CaseTargetRow = { id: string; agency_id: string; unit_id: string; person_id: string; officer_ids: string[] };

const caseTargetSelect = `SELECT c.id, c.agency_id, c.unit_id, c.person_id,
    array_prepend(c.officer_id, coalesce((SELECT array_agg(co.officer_id) FROM case_co_officer co WHERE co.case_id = c.id), ARRAY[]::uuid[]))::text[] AS officer_ids
  FROM supervision_case c`;

const toTarget = (row: CaseTargetRow): CaseTarget => ({
  caseId: row.id,
  agencyId: row.agency_id,
  unitId: row.unit_id,
  personId: row.person_id,
  officerIds: row.officer_ids,
});

/** forUpdate locks the case row so a concurrent transfer cannot change who may act on it mid-request. */
export async function loadCaseTarget(db: Queryable, caseId: string, forUpdate = false): Promise<CaseTarget> {
  const rows = await db.query<CaseTargetRow>(`${caseTargetSelect} WHERE c.id = $1${forUpdate ? " FOR UPDATE OF c" : ""}`, [caseId]);
  if (!rows[0]) throw notFound("Case");
  return toTarget(rows[0]);
}

/** Every case of a person, newest first: a person is visible through any case the actor may see. */
export async function loadPersonCaseTargets(db: Queryable, personId: string): Promise<CaseTarget[]> {
  const rows = await db.query<CaseTargetRow>(`${caseTargetSelect} WHERE c.person_id = $1 ORDER BY c.supervision_start DESC`, [personId]);
  return rows.map(toTarget);
}

/** An officer who can be given a case: an active user of the agency with the officer role and a unit. */
export async function requireActiveOfficer(
  db: Queryable,
  userId: string,
  agencyId: string,
  field: string,
  message: string,
): Promise<{ unitId: string }> {
  const [officer] = await db.query<{ unit_id: string | null; roles: string[]; disabled_at: Date | null; agency_id: string }>(
    "SELECT unit_id, roles, disabled_at, agency_id FROM app_user WHERE id = $1",
    [userId],
  );
  if (!officer || officer.agency_id !== agencyId || !officer.roles.includes("officer") || officer.disabled_at || !officer.unit_id) {
    throw badRequest(message, [{ field, message: "not an active officer" }]);
  }
  return { unitId: officer.unit_id };
}
