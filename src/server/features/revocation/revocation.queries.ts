import type {
  Absconding,
  RevocationHistory,
  RevocationRecommendationKind,
  RevocationRisk,
  RevocationStatus,
} from "../../../shared/contract/revocation";
import type { ViolationType } from "../../../shared/contract/violations";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

export type CaseFactsRow = {
  case_id: string;
  status: "pre_release" | "active" | "warrant" | "in_custody" | "tolled" | "closed";
  supervision_type: "parole" | "probation";
  authority_name: string;
  time_zone: string;
  today: string;
};

/** What a recommendation needs of its case: its status, type and authority, and the agency's day. */
export async function findCaseFacts(db: Queryable, caseId: string, now: Date): Promise<CaseFactsRow | undefined> {
  const [row] = await db.query<CaseFactsRow>(
    `SELECT c.id AS case_id, c.status, c.supervision_type, c.authority_name, a.time_zone,
            to_char(($2::timestamptz AT TIME ZONE a.time_zone)::date, 'YYYY-MM-DD') AS today
       FROM supervision_case c JOIN agency a ON a.id = c.agency_id WHERE c.id = $1`,
    [caseId, now],
  );
  return row;
}

export type ViolationRow = {
  id: string;
  type: ViolationType;
  severity: "low" | "medium" | "high";
  occurredAt: string;
  description: string | null;
  personsAccount: string | null;
  status: "open" | "addressed" | "referred" | "withdrawn";
  evidence: { sourceType: string; occurredAt: string; withdrawn: boolean }[];
};

const violationJson = `json_build_object(
  'id', v.id, 'type', v.violation_type, 'severity', v.severity, 'occurredAt', ${instantText("v.occurred_at")},
  'description', v.description, 'personsAccount', v.persons_account, 'status', v.status,
  'evidence', coalesce((SELECT json_agg(json_build_object('sourceType', e.source_type, 'occurredAt', ${instantText("e.occurred_at")},
                                                          'withdrawn', e.withdrawn_at IS NOT NULL) ORDER BY e.occurred_at, e.id)
                          FROM violation_evidence e WHERE e.violation_id = v.id), '[]'::json))`;

/** The case's violations of these ids, oldest first (unknown or other cases' ids are left out). */
export async function findViolationsOfCase(db: Queryable, caseId: string, ids: readonly string[]): Promise<ViolationRow[]> {
  const rows = await db.query<{ item: ViolationRow }>(
    `SELECT ${violationJson} AS item FROM violation v
      WHERE v.case_id = $1 AND v.id = ANY ($2::uuid[]) AND v.merged_into IS NULL ORDER BY v.occurred_at, v.id`,
    [caseId, ids],
  );
  return rows.map((row) => row.item);
}

/** The violations a recommendation rests on, oldest first. */
export async function violationsOfRecommendation(db: Queryable, recommendationId: string): Promise<ViolationRow[]> {
  const rows = await db.query<{ item: ViolationRow }>(
    `SELECT ${violationJson} AS item FROM revocation_violation rv JOIN violation v ON v.id = rv.violation_id
      WHERE rv.recommendation_id = $1 ORDER BY v.occurred_at, v.id`,
    [recommendationId],
  );
  return rows.map((row) => row.item);
}

/** The case's open violations, newest first, to start a recommendation from. */
export async function openViolations(db: Queryable, caseId: string) {
  return db.query<{ id: string; type: ViolationType; severity: "low" | "medium" | "high"; occurredAt: string }>(
    `SELECT v.id, v.violation_type AS type, v.severity, ${instantText("v.occurred_at")} AS "occurredAt"
       FROM violation v WHERE v.case_id = $1 AND v.status = 'open' AND v.merged_into IS NULL ORDER BY v.occurred_at DESC, v.id`,
    [caseId],
  );
}

/** What was tried: the case's responses (not cancelled ones) and incentives, oldest first. */
export async function loadHistory(
  db: Queryable,
  caseId: string,
): Promise<Omit<RevocationHistory, "incentives"> & { incentives: RawIncentive[] }> {
  const [row] = await db.query<{ responses: RevocationHistory["responses"]; incentives: RawIncentive[] }>(
    `SELECT coalesce((SELECT json_agg(json_build_object('response', r.response, 'status', r.status, 'violationType', v.violation_type,
                                                          'proposedAt', ${instantText("r.proposed_at")}, 'dueOn', to_char(r.due_on, 'YYYY-MM-DD'),
                                                          'note', coalesce(r.completion_note, r.note)) ORDER BY r.seq)
                        FROM violation_response r JOIN violation v ON v.id = r.violation_id
                       WHERE r.case_id = $1 AND r.status <> 'cancelled'), '[]'::json) AS responses,
            coalesce((SELECT json_agg(json_build_object('kind', i.kind, 'agencyKind', i.agency_kind, 'givenOn', to_char(i.given_on, 'YYYY-MM-DD'),
                                                          'note', i.note) ORDER BY i.given_on, i.recorded_at)
                        FROM incentive i WHERE i.case_id = $1), '[]'::json) AS incentives`,
    [caseId],
  );
  return row!;
}
export type RawIncentive = {
  kind: RevocationHistory["incentives"][number]["kind"];
  agencyKind: string | null;
  givenOn: string;
  note: string | null;
};

/** The current risk: the case's risk level and its latest completed risk/needs assessment. */
export async function loadRisk(db: Queryable, caseId: string): Promise<RevocationRisk> {
  const [row] = await db.query<RevocationRisk>(
    `SELECT c.risk_level AS "caseRiskLevel",
            (SELECT json_build_object('instrumentId', s.instrument_id, 'completedAt', ${instantText("s.completed_at")}, 'total', s.total,
                                      'category', coalesce(s.score #>> '{category,label}', s.category), 'riskLevel', s.risk_level)
               FROM assessment s WHERE s.case_id = c.id AND s.status = 'completed' AND s.risk_level IS NOT NULL
              ORDER BY s.completed_at DESC LIMIT 1) AS assessment
       FROM supervision_case c WHERE c.id = $1`,
    [caseId],
  );
  return row!;
}

export async function insertRecommendation(
  db: Queryable,
  input: {
    caseId: string;
    authority: "parole_board" | "court";
    authorityName: string;
    emergencyReason: string | null;
    facts: string;
    violationIds: readonly string[];
    by: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO revocation_recommendation (case_id, authority, authority_name, emergency, emergency_reason, facts, status,
                                            created_by, created_at, updated_by, updated_at)
     VALUES ($1, $2, $3, $4::text IS NOT NULL, $4::text, $5, 'draft', $6, $7, $6, $7) RETURNING id`,
    [input.caseId, input.authority, input.authorityName, input.emergencyReason, input.facts, input.by, input.now],
  );
  await db.query("INSERT INTO revocation_violation (recommendation_id, violation_id) SELECT $1, unnest($2::uuid[])", [
    row!.id,
    input.violationIds,
  ]);
  return row!.id;
}

export type RecommendationRow = {
  id: string;
  case_id: string;
  person_id: string;
  person_name: string;
  case_number: string;
  supervision_type: "parole" | "probation";
  authority: "parole_board" | "court";
  authority_name: string;
  emergency: boolean;
  emergency_reason: string | null;
  facts: string | null;
  alternatives_note: string | null;
  recommendation: RevocationRecommendationKind | null;
  history: RevocationHistory | null;
  risk: RevocationRisk | null;
  status: RevocationStatus;
  created_by: string;
  created_by_name: string;
  created_at: string;
  submitted_at: string | null;
  decide_by: string | null;
  discussed_on: string | null;
  discussed_with: string | null;
  discussion_notes: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  instructions: string | null;
  emergency_authorised: boolean;
  file_due_on: string | null;
  file_completed_at: string | null;
  agency_name: string;
  officer_name: string;
  time_zone: string;
  version: number;
  violation_count: number;
};

const recommendationSelect = `
  SELECT r.id, r.case_id, p.id AS person_id, p.first_name || ' ' || p.last_name AS person_name, c.case_number, c.supervision_type,
         r.authority, r.authority_name, r.emergency, r.emergency_reason, r.facts, r.alternatives_note, r.recommendation,
         r.history, r.risk, r.status, r.created_by, author.display_name AS created_by_name, ${instantText("r.created_at")} AS created_at,
         ${instantText("r.submitted_at")} AS submitted_at, ${instantText("r.decide_by")} AS decide_by,
         to_char(r.discussed_on, 'YYYY-MM-DD') AS discussed_on, r.discussed_with, r.discussion_notes,
         decider.display_name AS decided_by_name, ${instantText("r.decided_at")} AS decided_at, r.decision_reason, r.instructions,
         r.emergency_authorised, to_char(r.file_due_on, 'YYYY-MM-DD') AS file_due_on, ${instantText("r.file_completed_at")} AS file_completed_at,
         a.name AS agency_name, o.display_name AS officer_name, a.time_zone, r.version,
         (SELECT count(*)::int FROM revocation_violation rv WHERE rv.recommendation_id = r.id) AS violation_count
    FROM revocation_recommendation r
    JOIN supervision_case c ON c.id = r.case_id
    JOIN person p ON p.id = c.person_id
    JOIN agency a ON a.id = c.agency_id
    JOIN app_user o ON o.id = c.officer_id
    JOIN app_user author ON author.id = r.created_by
    LEFT JOIN app_user decider ON decider.id = r.decided_by`;

export async function findRecommendation(db: Queryable, id: string, forUpdate = false): Promise<RecommendationRow | undefined> {
  const [row] = await db.query<RecommendationRow>(`${recommendationSelect} WHERE r.id = $1${forUpdate ? " FOR UPDATE OF r" : ""}`, [id]);
  return row;
}

export async function listRecommendations(db: Queryable, caseId: string): Promise<RecommendationRow[]> {
  return db.query<RecommendationRow>(`${recommendationSelect} WHERE r.case_id = $1 ORDER BY r.created_at DESC, r.id`, [caseId]);
}

/** The officer's changes of the file (only the fields given). */
export async function updateFile(
  db: Queryable,
  input: {
    id: string;
    facts?: string | null | undefined;
    alternativesNote?: string | null | undefined;
    recommendation?: RevocationRecommendationKind | null | undefined;
    by: string;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `UPDATE revocation_recommendation SET
       facts = CASE WHEN $2::boolean THEN $3::text ELSE facts END,
       alternatives_note = CASE WHEN $4::boolean THEN $5::text ELSE alternatives_note END,
       recommendation = CASE WHEN $6::boolean THEN $7::text ELSE recommendation END,
       updated_by = $8, updated_at = $9
     WHERE id = $1`,
    [
      input.id,
      input.facts !== undefined,
      input.facts || null,
      input.alternativesNote !== undefined,
      input.alternativesNote || null,
      input.recommendation !== undefined,
      input.recommendation ?? null,
      input.by,
      input.now,
    ],
  );
}

/** Submitted to the supervisors: what the file held then is kept. */
export async function markSubmitted(
  db: Queryable,
  input: { id: string; history: RevocationHistory; risk: RevocationRisk; decideBy: Date | null; now: Date },
): Promise<void> {
  await db.query(
    `UPDATE revocation_recommendation SET status = 'awaiting_decision', submitted_at = $2, history = $3, risk = $4, decide_by = $5
      WHERE id = $1`,
    [input.id, input.now, JSON.stringify(input.history), JSON.stringify(input.risk), input.decideBy],
  );
}

/** The emergency file completed after the warrant: its history and risk as they stand now. */
export async function markFileCompleted(
  db: Queryable,
  input: { id: string; history: RevocationHistory; risk: RevocationRisk; now: Date },
): Promise<void> {
  await db.query("UPDATE revocation_recommendation SET file_completed_at = $2, history = $3, risk = $4 WHERE id = $1", [
    input.id,
    input.now,
    JSON.stringify(input.history),
    JSON.stringify(input.risk),
  ]);
}

export async function recordDecision(
  db: Queryable,
  input: {
    id: string;
    status: "referred" | "no_revocation";
    discussedOn: string;
    discussedWith: string;
    discussionNotes: string;
    reason: string | null;
    instructions: string | null;
    emergencyAuthorised: boolean;
    fileDueOn: string | null;
    by: string;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `UPDATE revocation_recommendation SET status = $2, discussed_on = $3, discussed_with = $4, discussion_notes = $5,
            decision_reason = $6, instructions = $7, emergency_authorised = $8, file_due_on = $9, decided_by = $10, decided_at = $11,
            version = version + 1, updated_by = $10, updated_at = $11
      WHERE id = $1`,
    [
      input.id,
      input.status,
      input.discussedOn,
      input.discussedWith,
      input.discussionNotes,
      input.reason,
      input.instructions,
      input.emergencyAuthorised,
      input.fileDueOn,
      input.by,
      input.now,
    ],
  );
}

/** The violations of a recommendation that goes to the authority are referred to it (withdrawn ones stay withdrawn). */
export async function referViolations(db: Queryable, input: { recommendationId: string; by: string; now: Date }): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE violation SET status = 'referred', status_reason = 'Referred to the authority with a revocation recommendation',
            version = version + 1, updated_by = $2, updated_at = $3
      WHERE id IN (SELECT violation_id FROM revocation_violation WHERE recommendation_id = $1) AND status <> 'withdrawn'
      RETURNING id`,
    [input.recommendationId, input.by, input.now],
  );
  return rows.map((row) => row.id);
}

/** The violations of a recommendation withdrawn since it was started (a lab overturned the result, say). */
export async function withdrawnViolationsOf(
  db: Queryable,
  recommendationId: string,
): Promise<{ violation_type: string; occurred_at: Date }[]> {
  return db.query(
    `SELECT v.violation_type, v.occurred_at FROM revocation_violation rv JOIN violation v ON v.id = rv.violation_id
      WHERE rv.recommendation_id = $1 AND v.status = 'withdrawn' ORDER BY v.occurred_at`,
    [recommendationId],
  );
}

// ─── Absconding ──────────────────────────────────────────────────────────────────────────────────────────────────

export async function listAbscondings(db: Queryable, caseId: string): Promise<Absconding[]> {
  const rows = await db.query<{ item: Absconding }>(
    `SELECT json_build_object('id', x.id, 'lastContactOn', to_char(x.last_contact_on, 'YYYY-MM-DD'), 'circumstances', x.circumstances,
                              'recordedByName', u.display_name, 'recordedAt', ${instantText("x.recorded_at")},
                              'foundOn', to_char(x.found_on, 'YYYY-MM-DD'), 'foundStatus', x.found_status, 'foundNote', x.found_note) AS item
       FROM absconding x JOIN app_user u ON u.id = x.recorded_by WHERE x.case_id = $1 ORDER BY x.recorded_at DESC, x.id`,
    [caseId],
  );
  return rows.map((row) => row.item);
}

export async function insertAbsconding(
  db: Queryable,
  input: { caseId: string; lastContactOn: string; circumstances: string; previousStatus: string; by: string; now: Date },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO absconding (case_id, last_contact_on, circumstances, previous_status, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [input.caseId, input.lastContactOn, input.circumstances, input.previousStatus, input.by, input.now],
  );
  return row!.id;
}

export async function findAbsconding(db: Queryable, id: string, forUpdate = false) {
  const [row] = await db.query<{ id: string; case_id: string; found_on: string | null; last_contact_on: string }>(
    `SELECT id, case_id, to_char(found_on, 'YYYY-MM-DD') AS found_on, to_char(last_contact_on, 'YYYY-MM-DD') AS last_contact_on
       FROM absconding WHERE id = $1${forUpdate ? " FOR UPDATE" : ""}`,
    [id],
  );
  return row;
}

export async function markFound(
  db: Queryable,
  input: { id: string; foundOn: string; status: "active" | "in_custody"; note: string; by: string; now: Date },
): Promise<void> {
  await db.query("UPDATE absconding SET found_on = $2, found_status = $3, found_note = $4, found_by = $5, found_at = $6 WHERE id = $1", [
    input.id,
    input.foundOn,
    input.status,
    input.note,
    input.by,
    input.now,
  ]);
}

/** Whether any of the violations is in a recommendation still being written or awaiting its decision. */
export async function violationsInStandingFile(db: Queryable, violationIds: readonly string[]): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM revocation_violation rv JOIN revocation_recommendation r ON r.id = rv.recommendation_id
      WHERE rv.violation_id = ANY ($1::uuid[]) AND r.status IN ('draft', 'awaiting_decision') LIMIT 1`,
    [violationIds],
  );
  return rows.length > 0;
}
