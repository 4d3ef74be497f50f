import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

export type ReviewCandidateRow = {
  case_id: string;
  person_id: string;
  person_name: string;
  case_number: string;
  supervision_level: "intensive" | "high" | "moderate" | "low" | "administrative";
  risk_level: "low" | "moderate" | "high" | "very_high" | null;
  officer_id: string;
  officer_name: string;
  case_version: number;
  supervision_start: string;
  time_zone: string;
  assessment: { id: string; riskLevel: "low" | "moderate" | "high" | "very_high"; completedAt: string } | null;
  /** The agency's calendar day of the last standing concern, if any. */
  last_concern_on: string | null;
  last_level_change_on: string | null;
  last_decision: { key: string; decision: "actioned" | "denied" | "snoozed"; snoozedUntil: string | null } | null;
};

/**
 * The facts the level review rules need for every active case in the filter (the reader's visible cases, maybe one
 * officer's or some cases): level, latest completed risk assessment, last concern, last level change, last decision.
 */
export async function loadReviewCandidates(
  db: Queryable,
  input: {
    filter: { sql: string; params: unknown[] };
    concerns: readonly string[];
    officerId?: string | undefined;
    caseIds?: readonly string[] | undefined;
  },
): Promise<ReviewCandidateRow[]> {
  const params = [...input.filter.params];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = [input.filter.sql, "c.status = 'active'"];
  if (input.officerId) conditions.push(`c.officer_id = ${add(input.officerId)}`);
  if (input.caseIds) conditions.push(`c.id = ANY (${add(input.caseIds)}::uuid[])`);
  const concerns = add(input.concerns);
  return db.query<ReviewCandidateRow>(
    `SELECT c.id AS case_id, c.person_id, p.first_name || ' ' || p.last_name AS person_name, c.case_number, c.supervision_level,
            c.risk_level, c.officer_id, o.display_name AS officer_name, c.version AS case_version,
            to_char(c.supervision_start, 'YYYY-MM-DD') AS supervision_start, a.time_zone,
            (SELECT json_build_object('id', s.id, 'riskLevel', s.risk_level, 'completedAt', ${instantText("s.completed_at")})
               FROM assessment s WHERE s.case_id = c.id AND s.status = 'completed' AND s.risk_level IS NOT NULL
              ORDER BY s.completed_at DESC LIMIT 1) AS assessment,
            (SELECT to_char(max(e.occurred_at) AT TIME ZONE a.time_zone, 'YYYY-MM-DD') FROM supervision_event e
              WHERE e.case_id = c.id AND e.withdrawn_at IS NULL AND e.kind = ANY (${concerns}::text[])) AS last_concern_on,
            (SELECT to_char(max(l.effective_on), 'YYYY-MM-DD') FROM case_level_change l WHERE l.case_id = c.id) AS last_level_change_on,
            (SELECT json_build_object('key', d.opportunity_key, 'decision', d.decision, 'snoozedUntil', to_char(d.snoozed_until, 'YYYY-MM-DD'))
               FROM level_review_decision d WHERE d.case_id = c.id ORDER BY d.decided_at DESC, d.id LIMIT 1) AS last_decision
       FROM supervision_case c
       JOIN person p ON p.id = c.person_id
       JOIN app_user o ON o.id = c.officer_id
       JOIN agency a ON a.id = c.agency_id
      WHERE ${conditions.join(" AND ")}
      ORDER BY p.last_name, p.first_name, c.id`,
    params,
  );
}

export async function insertDecision(
  db: Queryable,
  input: {
    caseId: string;
    key: string;
    decision: "actioned" | "denied" | "snoozed";
    reason: string;
    snoozedUntil: string | null;
    fromLevel: string;
    toLevel: string | null;
    criteria: unknown;
    actorId: string;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO level_review_decision (case_id, opportunity_key, decision, reason, snoozed_until, from_level, to_level, criteria, decided_by, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      input.caseId,
      input.key,
      input.decision,
      input.reason,
      input.snoozedUntil,
      input.fromLevel,
      input.toLevel,
      JSON.stringify(input.criteria),
      input.actorId,
      input.now,
    ],
  );
}
