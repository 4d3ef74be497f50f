import type { AuditQuery } from "../../../shared/contract/audit";
import type { Queryable } from "../../platform/db/database";

export type AuditEntryRow = {
  id: number;
  occurred_at: Date;
  actor_username: string | null;
  ip: string | null;
  user_agent: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  outcome: "allowed" | "denied" | "failed";
  justification: string | null;
  details: Record<string, unknown> | null;
  record_name: string | null;
  record_date: string | null;
};

/**
 * The display name of each shown row's record, resolved in the same query and only within the searching agency (a
 * record of another agency stays unnamed): a person or case by the person's name, a note, test, condition, request,
 * appointment or field visit by its person's name, a user by their name, a unit, agency or catalogued condition by its
 * name, a testing draw by its date. Names only: nothing else of a supervision record reaches the audit log.
 */
const recordName = `
  CASE page.record_type
    WHEN 'person' THEN (SELECT ${personName("p")} FROM person p WHERE p.id = page.record_uuid AND p.agency_id = $1)
    WHEN 'case' THEN (SELECT ${personName("p")} FROM supervision_case c JOIN person p ON p.id = c.person_id
                      WHERE c.id = page.record_uuid AND c.agency_id = $1)
    WHEN 'note' THEN (SELECT ${personName("p")} FROM case_note n JOIN supervision_case c ON c.id = n.case_id
                      JOIN person p ON p.id = c.person_id WHERE n.id = page.record_uuid AND c.agency_id = $1)
    WHEN 'drug_test' THEN (SELECT ${personName("p")} FROM drug_test t JOIN supervision_case c ON c.id = t.case_id
                      JOIN person p ON p.id = c.person_id WHERE t.id = page.record_uuid AND c.agency_id = $1)
    WHEN 'condition' THEN (SELECT ${personName("p")} FROM case_condition k JOIN supervision_case c ON c.id = k.case_id
                      JOIN person p ON p.id = c.person_id WHERE k.id = page.record_uuid AND c.agency_id = $1)
    WHEN 'condition_modification_request' THEN (SELECT ${personName("p")} FROM condition_modification_request r
                      JOIN supervision_case c ON c.id = r.case_id JOIN person p ON p.id = c.person_id
                      WHERE r.id = page.record_uuid AND c.agency_id = $1)
    WHEN 'appointment' THEN (SELECT ${personName("p")} FROM appointment a JOIN supervision_case c ON c.id = a.case_id
                      JOIN person p ON p.id = c.person_id WHERE a.id = page.record_uuid AND c.agency_id = $1)
    WHEN 'field_visit' THEN (SELECT ${personName("p")} FROM field_visit v JOIN supervision_case c ON c.id = v.case_id
                      JOIN person p ON p.id = c.person_id WHERE v.id = page.record_uuid AND c.agency_id = $1)
    WHEN 'case_plan' THEN (SELECT ${personName("p")} FROM case_plan cp JOIN supervision_case c ON c.id = cp.case_id
                      JOIN person p ON p.id = c.person_id WHERE cp.id = page.record_uuid AND c.agency_id = $1)
    WHEN 'case_plan_step' THEN (SELECT ${personName("p")} FROM case_plan_step st JOIN case_plan_goal g ON g.id = st.goal_id
                      JOIN case_plan cp ON cp.id = g.plan_id JOIN supervision_case c ON c.id = cp.case_id
                      JOIN person p ON p.id = c.person_id WHERE st.id = page.record_uuid AND c.agency_id = $1)
    WHEN 'user' THEN (SELECT u.display_name FROM app_user u WHERE u.id = page.record_uuid AND u.agency_id = $1)
    WHEN 'unit' THEN (SELECT u.name FROM unit u WHERE u.id = page.record_uuid AND u.agency_id = $1)
    WHEN 'agency' THEN (SELECT a.name FROM agency a WHERE a.id = page.record_uuid AND a.id = $1)
    WHEN 'condition_type' THEN (SELECT t.title FROM condition_type t WHERE t.id = page.record_uuid AND t.agency_id = $1)
  END`;

const recordDate = `
  CASE WHEN page.record_type = 'random_draw'
       THEN (SELECT to_char(d.draw_date, 'YYYY-MM-DD') FROM random_draw d WHERE d.id = page.record_uuid AND d.agency_id = $1)
  END`;

function personName(alias: string): string {
  return `concat_ws(' ', ${alias}.first_name, ${alias}.middle_name, ${alias}.last_name)`;
}

/** A record id that is a uuid, as one; anything else (or nothing) as NULL, so no cast can fail. */
const recordUuid = `CASE WHEN record_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                     THEN record_id::uuid END`;

/** Newest first, keyset-paginated on id. Rows without an agency (unknown-user sign-ins) belong to every agency's view. */
export async function searchAudit(
  db: Queryable,
  agencyId: string,
  query: Omit<AuditQuery, "limit">,
  limit: number,
  options: { withNames: boolean } = { withNames: true },
): Promise<AuditEntryRow[]> {
  const params: unknown[] = [agencyId];
  const conditions = ["(agency_id = $1 OR agency_id IS NULL)"];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace("?", `$${params.length}`));
  };
  if (query.from) add("occurred_at >= ?::timestamptz", query.from);
  if (query.to) add("occurred_at < ?::timestamptz", query.to);
  if (query.actor) add("actor_username = ?", query.actor.toLowerCase());
  if (query.action) add("action LIKE ? || '%'", query.action.replace(/[\\%_]/g, "\\$&"));
  if (query.outcome) add("outcome = ?", query.outcome);
  if (query.recordId) add("record_id = ?", query.recordId);
  if (query.cursor) add("id < ?", Number(query.cursor));
  params.push(limit);
  // The page is chosen first, so names are looked up for the rows shown only.
  return db.query<AuditEntryRow>(
    `WITH page AS (
       SELECT id, occurred_at, actor_username, ip, user_agent, action, record_type, record_id, outcome, justification, details,
              ${recordUuid} AS record_uuid
         FROM audit_log WHERE ${conditions.join(" AND ")} ORDER BY id DESC LIMIT $${params.length})
     SELECT id, occurred_at, actor_username, ip, user_agent, action, record_type, record_id, outcome, justification, details,
            ${options.withNames ? recordName : "NULL::text"} AS record_name,
            ${options.withNames ? recordDate : "NULL::text"} AS record_date
       FROM page ORDER BY id DESC`,
    params,
  );
}
