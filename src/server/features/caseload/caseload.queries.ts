import type { CaseloadQuery } from "../../../shared/contract/caseload";
import type { TaskKind } from "../../../shared/contract/tasks";
import type { Queryable } from "../../platform/db/database";
import { faceToFaceContactTypes } from "../contacts/contact-standards";
import { dischargeFilterSql } from "../early-discharge/early-discharge.queries";

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
  expected_end: string | null;
  status: "pre_release" | "active" | "warrant" | "in_custody" | "tolled" | "closed";
  supervision_level: "intensive" | "high" | "moderate" | "low" | "administrative";
  risk_level: "low" | "moderate" | "high" | "very_high" | null;
  tags: string[];
  officer_id: string;
  officer_name: string;
  last_contact_at: Date | null;
  has_cautions: boolean;
  /** A crisis of the case is open (issue 13 §8): flagged until it is closed. */
  crisis_open: boolean;
  /** Monitoring alerts not yet resolved (new or acknowledged). */
  open_alerts: number;
  /** The case's open tasks: how many, and the one due first. */
  open_tasks: { count: number; kind: TaskKind | null; dueOn: string | null };
};

/** Every case matching the filters that the actor may see; ordering and paging follow the standards, in the service. */
export async function loadCaseloadRows(
  db: Queryable,
  filter: { sql: string; params: unknown[] },
  query: CaseloadQuery,
  now: Date,
): Promise<CaseloadRow[]> {
  const params = [...filter.params];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // Open tasks: open, or snoozed until a time that has come (the standing index, by case).
  const openTask = `(t.status = 'open' OR (t.status = 'snoozed' AND t.snoozed_until <= ${add(now)}))`;
  const conditions = [filter.sql, query.status ? `c.status = ${add(query.status)}` : "c.status <> 'closed'"];
  if (query.officerId) conditions.push(`c.officer_id = ${add(query.officerId)}`);
  if (query.level) conditions.push(`c.supervision_level = ${add(query.level)}`);
  if (query.tag) conditions.push(`${add(query.tag)} = ANY (c.tags)`);
  if (query.risk) conditions.push(`c.risk_level = ${add(query.risk)}`);
  if (query.reassessment === "overdue") {
    // An assessment-due task past its day in the agency's calendar (snoozed or not: a snooze does not move the due day).
    conditions.push(
      `EXISTS (SELECT 1 FROM task t JOIN agency a ON a.id = c.agency_id
                WHERE t.case_id = c.id AND t.kind = 'assessment_due' AND t.status IN ('open', 'snoozed')
                  AND t.due_on < (${add(now)}::timestamptz AT TIME ZONE a.time_zone)::date)`,
    );
  }
  if (query.task) {
    const kind = query.task === "any" ? "" : ` AND t.kind = ${add(query.task)}`;
    conditions.push(`EXISTS (SELECT 1 FROM task t WHERE t.case_id = c.id AND t.status IN ('open', 'snoozed') AND ${openTask}${kind})`);
  }
  // Issue 13: cases with a violation still open (no response carried out, not withdrawn).
  if (query.violation === "open") conditions.push("EXISTS (SELECT 1 FROM violation v WHERE v.case_id = c.id AND v.status = 'open')");
  if (query.violation === "response_due") {
    conditions.push("EXISTS (SELECT 1 FROM violation_response vr WHERE vr.case_id = c.id AND vr.status IN ('awaiting_approval', 'to_do'))");
  }
  if (query.crisis === "open") conditions.push("EXISTS (SELECT 1 FROM crisis x WHERE x.case_id = c.id AND x.status = 'open')");
  // Issue 13 §5: early discharge (the latest evaluation, eligible and undecided) or past the expected end date.
  if (query.discharge) conditions.push(dischargeFilterSql(query.discharge, add, now));
  if (query.search) {
    const exact = add(query.search);
    const pattern = add(`%${query.search.toLowerCase().replace(/[\\%_]/g, "\\$&")}%`);
    conditions.push(
      `(lower(p.last_name || ' ' || p.first_name) LIKE ${pattern} OR lower(p.first_name || ' ' || p.last_name) LIKE ${pattern}
        OR p.agency_person_number = ${exact} OR p.state_id = ${exact} OR p.fbi_number = ${exact} OR c.case_number = ${exact})`,
    );
  }
  const faceToFace = add(faceToFaceContactTypes);
  return db.query<CaseloadRow>(
    `SELECT c.id AS case_id, p.id AS person_id, p.first_name, p.middle_name, p.last_name, p.agency_person_number, p.state_id, p.fbi_number,
            to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.photo_jpeg IS NOT NULL AS has_photo,
            c.case_number, c.supervision_type, to_char(c.expected_end, 'YYYY-MM-DD') AS expected_end, c.status, c.supervision_level, c.risk_level, c.tags,
            c.officer_id, o.display_name AS officer_name,
            EXISTS (SELECT 1 FROM safety_caution s WHERE s.person_id = p.id AND s.active) AS has_cautions,
            EXISTS (SELECT 1 FROM crisis x WHERE x.case_id = c.id AND x.status = 'open') AS crisis_open,
            (SELECT count(*)::int FROM monitoring_alert ma WHERE ma.case_id = c.id AND ma.status <> 'resolved') AS open_alerts,
            (SELECT k.occurred_at FROM contact k
              WHERE k.case_id = c.id AND k.outcome = 'completed' AND k.contact_type = ANY (${faceToFace}::text[])
              ORDER BY k.occurred_at DESC LIMIT 1) AS last_contact_at,
            -- The first-due task other than a contact the standard requires (the priority reason already says that).
            (SELECT json_build_object('count', count(*),
                                      'kind', (array_agg(t.kind ORDER BY t.due_on, t.created_at) FILTER (WHERE t.kind <> 'contact_due'))[1],
                                      'dueOn', to_char(min(t.due_on) FILTER (WHERE t.kind <> 'contact_due'), 'YYYY-MM-DD'))
               FROM task t WHERE t.case_id = c.id AND t.status IN ('open', 'snoozed') AND ${openTask}) AS open_tasks
       FROM supervision_case c
       JOIN person p ON p.id = c.person_id
       JOIN app_user o ON o.id = c.officer_id
      WHERE ${conditions.join(" AND ")}`,
    params,
  );
}
