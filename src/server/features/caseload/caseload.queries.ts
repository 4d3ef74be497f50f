import type { CaseloadQuery } from "../../../shared/contract/supervision";
import type { Queryable } from "../../platform/db/database";

export type CaseloadRow = {
  case_id: string;
  person_id: string;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  agency_person_number: string;
  state_id: string | null;
  fbi_number: string | null;
  date_of_birth: string;
  has_photo: boolean;
  case_number: string;
  supervision_type: "parole" | "probation";
  status: "pre_release" | "active" | "warrant" | "in_custody" | "tolled" | "closed";
  supervision_level: "intensive" | "high" | "moderate" | "low" | "administrative";
  risk_level: "low" | "moderate" | "high" | "very_high" | null;
  tags: string[];
  officer_id: string;
  officer_name: string;
  last_contact_at: Date | null;
  contact_due_by: string;
  overdue_days: number;
  has_cautions: boolean;
  priority_score: number;
  total: number;
};

// Interim face-to-face contact intervals per level (days), from the CSOSA monthly standards
// (intensive 8, maximum 4, medium 2, minimum 1 a month); configurable contact standards replace them.
export const contactIntervalDays = { intensive: 4, high: 8, moderate: 15, low: 30, administrative: 90 } as const;

const sortOrders: Record<CaseloadQuery["sort"], string> = {
  priority: "priority_score DESC, overdue_days DESC, last_name, first_name",
  name: "last_name, first_name",
  level: "level_rank DESC, priority_score DESC",
  last_contact: "last_contact_at ASC NULLS FIRST",
};

export async function loadCaseload(
  db: Queryable,
  filter: { sql: string; params: unknown[] },
  query: CaseloadQuery,
  today: string,
): Promise<CaseloadRow[]> {
  const params = [...filter.params];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = [filter.sql, query.status ? `c.status = ${add(query.status)}` : "c.status <> 'closed'"];
  if (query.officerId) conditions.push(`c.officer_id = ${add(query.officerId)}`);
  if (query.level) conditions.push(`c.supervision_level = ${add(query.level)}`);
  if (query.tag) conditions.push(`${add(query.tag)} = ANY (c.tags)`);
  if (query.search) {
    const exact = add(query.search);
    const pattern = add(`%${query.search.toLowerCase().replace(/[\\%_]/g, "\\$&")}%`);
    conditions.push(
      `(lower(p.last_name || ' ' || p.first_name) LIKE ${pattern} OR lower(p.first_name || ' ' || p.last_name) LIKE ${pattern}
        OR p.agency_person_number = ${exact} OR p.state_id = ${exact} OR p.fbi_number = ${exact} OR c.case_number = ${exact})`,
    );
  }
  const todayParam = add(today);
  const overdueFilter = query.overdue === "true" ? "WHERE overdue_days > 0" : query.overdue === "false" ? "WHERE overdue_days = 0" : "";
  const limit = add(query.limit);
  const offset = add(Number(query.cursor ?? 0));
  return db.query<CaseloadRow>(
    `WITH visible AS (
       SELECT c.id AS case_id, p.id AS person_id, p.first_name, p.middle_name, p.last_name, p.agency_person_number, p.state_id, p.fbi_number,
              to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.photo_jpeg IS NOT NULL AS has_photo,
              c.case_number, c.supervision_type, c.status, c.supervision_level, c.risk_level, c.tags, c.supervision_start,
              c.officer_id, o.display_name AS officer_name,
              EXISTS (SELECT 1 FROM safety_caution s WHERE s.person_id = p.id AND s.active) AS has_cautions,
              (SELECT max(n.occurred_at) FROM case_note n
                WHERE n.case_id = c.id AND n.note_type IN ('contact', 'office', 'home_visit') AND n.signed_at IS NOT NULL) AS last_contact_at
         FROM supervision_case c
         JOIN person p ON p.id = c.person_id
         JOIN app_user o ON o.id = c.officer_id
        WHERE ${conditions.join(" AND ")}
     ), scored AS (
       SELECT v.*, (coalesce((v.last_contact_at AT TIME ZONE 'UTC')::date, v.supervision_start) + interval_days) AS due_by,
              CASE v.supervision_level WHEN 'intensive' THEN 4 WHEN 'high' THEN 3 WHEN 'moderate' THEN 2 WHEN 'low' THEN 1 ELSE 0 END AS level_rank
         FROM visible v,
              LATERAL (SELECT CASE v.supervision_level WHEN 'intensive' THEN ${contactIntervalDays.intensive} WHEN 'high' THEN ${contactIntervalDays.high}
                 WHEN 'moderate' THEN ${contactIntervalDays.moderate} WHEN 'low' THEN ${contactIntervalDays.low}
                 ELSE ${contactIntervalDays.administrative} END AS interval_days) i
     ), prioritised AS (
       SELECT s.*, to_char(s.due_by, 'YYYY-MM-DD') AS contact_due_by, greatest(0, ${todayParam}::date - s.due_by) AS overdue_days,
              (CASE s.risk_level WHEN 'very_high' THEN 40 WHEN 'high' THEN 30 WHEN 'moderate' THEN 20 WHEN 'low' THEN 10 ELSE 15 END
               + s.level_rank * 5
               + least(greatest(0, ${todayParam}::date - s.due_by), 60)
               + CASE WHEN s.status = 'warrant' THEN 50 ELSE 0 END) AS priority_score
         FROM scored s
     )
     SELECT *, count(*) OVER ()::int AS total FROM prioritised ${overdueFilter}
      ORDER BY ${sortOrders[query.sort]}, case_id
      LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
}
