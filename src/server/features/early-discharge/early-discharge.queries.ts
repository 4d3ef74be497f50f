import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

export type DischargeFactsRow = {
  case_id: string;
  agency_id: string;
  status: string;
  supervision_type: "parole" | "probation";
  authority_name: string;
  supervision_start: string;
  expected_end: string | null;
  time_zone: string;
  today: string;
  last_event: { kind: string; on: string; recordId: string } | null;
  last_violation: { kind: string; on: string; recordId: string } | null;
  open_violations: { id: string; type: string; occurredAt: string }[];
  conditions: { id: string; title: string; compliance: "pending" | "compliant" | "non_compliant" | "not_applicable" }[];
};

/**
 * What the eligibility rules need of each case (by id, or the next batch of an agency's active cases after a case
 * id not yet evaluated on its agency's day): dates, the latest concern (event or violation), open violations and the current conditions, on the agency's day.
 */
export async function loadDischargeFacts(
  db: Queryable,
  input: { concerns: readonly string[]; now: Date } & (
    | { caseIds: readonly string[] }
    | { agencyId: string; afterCaseId: string; limit: number }
  ),
): Promise<DischargeFactsRow[]> {
  const params: unknown[] = [input.concerns, input.now];
  const where =
    "caseIds" in input
      ? `c.id = ANY ($${params.push(input.caseIds)}::uuid[])`
      : `c.agency_id = $${params.push(input.agencyId)} AND c.status = 'active' AND c.id > $${params.push(input.afterCaseId)}::uuid
         AND NOT EXISTS (SELECT 1 FROM early_discharge_evaluation x WHERE x.case_id = c.id AND x.evaluated_on >= d.today)`;
  const limit = "caseIds" in input ? "" : `LIMIT $${params.push(input.limit)}`;
  return db.query<DischargeFactsRow>(
    `SELECT c.id AS case_id, c.agency_id, c.status, c.supervision_type, c.authority_name,
            to_char(c.supervision_start, 'YYYY-MM-DD') AS supervision_start, to_char(c.expected_end, 'YYYY-MM-DD') AS expected_end,
            a.time_zone, to_char(d.today, 'YYYY-MM-DD') AS today,
            (SELECT json_build_object('kind', e.kind, 'on', to_char(e.occurred_at AT TIME ZONE a.time_zone, 'YYYY-MM-DD'), 'recordId', e.id)
               FROM supervision_event e
              WHERE e.case_id = c.id AND e.withdrawn_at IS NULL AND e.kind = ANY ($1::text[])
              ORDER BY e.occurred_at DESC LIMIT 1) AS last_event,
            (SELECT json_build_object('kind', v.violation_type, 'on', to_char(v.occurred_at AT TIME ZONE a.time_zone, 'YYYY-MM-DD'), 'recordId', v.id)
               FROM violation v WHERE v.case_id = c.id AND v.status <> 'withdrawn'
              ORDER BY v.occurred_at DESC LIMIT 1) AS last_violation,
            COALESCE((SELECT json_agg(json_build_object('id', v.id, 'type', v.violation_type, 'occurredAt', ${instantText("v.occurred_at")})
                                      ORDER BY v.occurred_at)
                        FROM violation v WHERE v.case_id = c.id AND v.status = 'open'), '[]'::json) AS open_violations,
            COALESCE((SELECT json_agg(json_build_object('id', cc.id, 'title', t.title, 'compliance', cc.compliance) ORDER BY t.title, cc.id)
                        FROM case_condition_version cc JOIN condition_type t ON t.id = cc.condition_type_id
                       WHERE cc.case_id = c.id AND cc.superseded_by IS NULL AND cc.effective_from <= d.today
                         AND (cc.effective_to IS NULL OR cc.effective_to >= d.today)), '[]'::json) AS conditions
       FROM supervision_case c
       JOIN agency a ON a.id = c.agency_id
      CROSS JOIN LATERAL (SELECT ($2::timestamptz AT TIME ZONE a.time_zone)::date AS today) d
      WHERE ${where}
      ORDER BY c.id ${limit}`,
    params,
  );
}

/** Keeps each case's latest evaluation (one row per case, replaced). */
export async function upsertEvaluations(
  db: Queryable,
  rows: { caseId: string; eligible: boolean; key: string; criteria: unknown; today: string }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO early_discharge_evaluation (case_id, eligible, opportunity_key, criteria, evaluated_on, evaluated_at)
     SELECT r.case_id, r.eligible, r.opportunity_key, r.criteria, r.evaluated_on, $2
       FROM json_to_recordset($1::json) AS r(case_id uuid, eligible boolean, opportunity_key text, criteria jsonb, evaluated_on date)
     ON CONFLICT (case_id) DO UPDATE SET eligible = excluded.eligible, opportunity_key = excluded.opportunity_key,
       criteria = excluded.criteria, evaluated_on = excluded.evaluated_on, evaluated_at = excluded.evaluated_at`,
    [
      JSON.stringify(
        rows.map((row) => ({
          case_id: row.caseId,
          eligible: row.eligible,
          opportunity_key: row.key,
          criteria: row.criteria,
          evaluated_on: row.today,
        })),
      ),
      now,
    ],
  );
}

export type EvaluationRow = { eligible: boolean; opportunity_key: string; criteria: unknown; evaluated_at: string };

export async function findEvaluation(db: Queryable, caseId: string): Promise<EvaluationRow | undefined> {
  const [row] = await db.query<EvaluationRow>(
    `SELECT eligible, opportunity_key, criteria, ${instantText("evaluated_at")} AS evaluated_at
       FROM early_discharge_evaluation WHERE case_id = $1`,
    [caseId],
  );
  return row;
}

export type DecisionRow = {
  id: string;
  case_id: string;
  opportunity_key: string;
  decision: "recommended" | "denied" | "snoozed";
  reason: string;
  snoozed_until: string | null;
  criteria: unknown;
  decided_by: string;
  decided_by_name: string;
  decided_at: string;
  status: "awaiting_approval" | "approved" | "returned" | null;
  authority: "parole_board" | "court" | null;
  authority_name: string | null;
  reviewed_by: string | null;
  reviewed_by_name: string | null;
  reviewed_at: string | null;
  review_reason: string | null;
};

const decisionColumns = `d.id, d.case_id, d.opportunity_key, d.decision, d.reason, to_char(d.snoozed_until, 'YYYY-MM-DD') AS snoozed_until,
       d.criteria, d.decided_by, u.display_name AS decided_by_name, ${instantText("d.decided_at")} AS decided_at, d.status,
       d.authority, d.authority_name, d.reviewed_by, r.display_name AS reviewed_by_name, ${instantText("d.reviewed_at")} AS reviewed_at,
       d.review_reason
  FROM early_discharge_decision d
  JOIN app_user u ON u.id = d.decided_by
  LEFT JOIN app_user r ON r.id = d.reviewed_by`;

/** The case's decisions, newest first. */
export async function listDecisions(db: Queryable, caseId: string): Promise<DecisionRow[]> {
  return db.query<DecisionRow>(`SELECT ${decisionColumns} WHERE d.case_id = $1 ORDER BY d.decided_at DESC, d.id`, [caseId]);
}

export async function findDecision(db: Queryable, id: string, lock = false): Promise<DecisionRow | undefined> {
  const [row] = await db.query<DecisionRow>(`SELECT ${decisionColumns} WHERE d.id = $1${lock ? " FOR UPDATE OF d" : ""}`, [id]);
  return row;
}

export async function insertDecision(
  db: Queryable,
  input: {
    caseId: string;
    key: string;
    decision: "recommended" | "denied" | "snoozed";
    reason: string;
    snoozedUntil: string | null;
    criteria: unknown;
    authority: { kind: "parole_board" | "court"; name: string } | null;
    actorId: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO early_discharge_decision (case_id, opportunity_key, decision, reason, snoozed_until, criteria, decided_by, decided_at,
                                           status, authority, authority_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      input.caseId,
      input.key,
      input.decision,
      input.reason,
      input.snoozedUntil,
      JSON.stringify(input.criteria),
      input.actorId,
      input.now,
      input.authority ? "awaiting_approval" : null,
      input.authority?.kind ?? null,
      input.authority?.name ?? null,
    ],
  );
  return row!.id;
}

export async function setReview(
  db: Queryable,
  input: { id: string; status: "approved" | "returned"; reason: string | null; by: string; now: Date },
): Promise<void> {
  await db.query("UPDATE early_discharge_decision SET status = $2, review_reason = $3, reviewed_by = $4, reviewed_at = $5 WHERE id = $1", [
    input.id,
    input.status,
    input.reason,
    input.by,
    input.now,
  ]);
}

/** Agencies, for the nightly evaluation. */
export async function agencyIds(db: Queryable): Promise<string[]> {
  return (await db.query<{ id: string }>("SELECT id FROM agency ORDER BY id")).map((row) => row.id);
}

/**
 * The caseload's filters, as SQL on the case `c` (the caseload's query adds them): "eligible", the latest evaluation
 * eligible and not held by the case's last decision on the same opportunity (as listedAfter reads it: a denial, a
 * recommendation not returned, a snooze whose day has not come); "past_end", an active case past its expected end.
 */
export function dischargeFilterSql(which: "eligible" | "past_end", add: (value: unknown) => string, now: Date): string {
  const today = `(${add(now)}::timestamptz AT TIME ZONE (SELECT a.time_zone FROM agency a WHERE a.id = c.agency_id))::date`;
  if (which === "past_end") return `(c.status = 'active' AND c.expected_end < ${today})`;
  return `(c.status = 'active' AND EXISTS (
      SELECT 1 FROM early_discharge_evaluation x
       WHERE x.case_id = c.id AND x.eligible
         AND NOT EXISTS (
           SELECT 1 FROM (SELECT d.opportunity_key, d.decision, d.status, d.snoozed_until FROM early_discharge_decision d
                           WHERE d.case_id = c.id ORDER BY d.decided_at DESC, d.id LIMIT 1) last
            WHERE last.opportunity_key = x.opportunity_key
              AND (last.decision = 'denied' OR (last.decision = 'recommended' AND last.status <> 'returned')
                   OR (last.decision = 'snoozed' AND last.snoozed_until > ${today})))))`;
}
