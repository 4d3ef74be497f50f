import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

/** Copies an instrument version the first time it is used; answers the hash stored for it (the first one wins). */
export async function ensureInstrumentVersion(
  db: Queryable,
  entry: { id: string; version: number; contentHash: string; definition: unknown; now: Date },
): Promise<string> {
  await db.query(
    `INSERT INTO instrument_version (instrument_id, version, content_hash, definition, first_used_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (instrument_id, version) DO NOTHING`,
    [entry.id, entry.version, entry.contentHash, JSON.stringify(entry.definition), entry.now],
  );
  const [row] = await db.query<{ content_hash: string }>(
    "SELECT content_hash FROM instrument_version WHERE instrument_id = $1 AND version = $2",
    [entry.id, entry.version],
  );
  return row!.content_hash;
}

/** What scoring needs beyond the answers: the agency's time zone (the assessment date) and the person's sex and population (cut-offs). */
export async function scoringSubject(
  db: Queryable,
  caseId: string,
): Promise<{ time_zone: string; sex: "female" | "male" | "other" | "unknown" | null; population: "adult" | "juvenile" }> {
  const [row] = await db.query<{
    time_zone: string;
    sex: "female" | "male" | "other" | "unknown" | null;
    population: "adult" | "juvenile";
  }>(
    `SELECT a.time_zone, p.sex, c.population
       FROM supervision_case c JOIN agency a ON a.id = c.agency_id JOIN person p ON p.id = c.person_id
      WHERE c.id = $1`,
    [caseId],
  );
  return row!;
}

export type AssessmentRow = {
  id: string;
  case_id: string;
  instrument_id: string;
  instrument_version: number;
  definition: unknown;
  status: "in_progress" | "completed";
  answers: Record<string, unknown>;
  score: unknown;
  risk_level: string | null;
  supervision_level: string | null;
  started_by: { id: string; displayName: string };
  started_at: string;
  completed_by: { id: string; displayName: string } | null;
  completed_at: string | null;
  version: number;
};

export async function findAssessment(db: Queryable, id: string, forUpdate = false): Promise<AssessmentRow | undefined> {
  const [row] = await db.query<AssessmentRow>(
    `SELECT s.id, s.case_id, s.instrument_id, s.instrument_version, v.definition, s.status, s.answers, s.score, s.risk_level, s.supervision_level,
            json_build_object('id', starter.id, 'displayName', starter.display_name) AS started_by, ${instantText("s.started_at")} AS started_at,
            CASE WHEN finisher.id IS NULL THEN NULL ELSE json_build_object('id', finisher.id, 'displayName', finisher.display_name) END AS completed_by,
            ${instantText("s.completed_at")} AS completed_at, s.version
       FROM assessment s
       JOIN instrument_version v ON v.instrument_id = s.instrument_id AND v.version = s.instrument_version
       JOIN app_user starter ON starter.id = s.started_by
       LEFT JOIN app_user finisher ON finisher.id = s.completed_by
      WHERE s.id = $1${forUpdate ? " FOR UPDATE OF s" : ""}`,
    [id],
  );
  return row;
}

export async function insertAssessment(
  db: Queryable,
  input: { caseId: string; instrumentId: string; version: number; actorId: string; now: Date },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO assessment (case_id, instrument_id, instrument_version, status, started_by, started_at, updated_by, updated_at)
     VALUES ($1, $2, $3, 'in_progress', $4, $5, $4, $5) RETURNING id`,
    [input.caseId, input.instrumentId, input.version, input.actorId, input.now],
  );
  return row!.id;
}

export async function saveAnswers(db: Queryable, id: string, answers: Record<string, unknown>): Promise<void> {
  await db.query("UPDATE assessment SET answers = $2 WHERE id = $1", [id, JSON.stringify(answers)]);
}

export async function completeAssessment(
  db: Queryable,
  id: string,
  result: {
    score: unknown;
    total: number;
    category: string;
    riskLevel: string | null;
    supervisionLevel: string | null;
    actorId: string;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `UPDATE assessment SET status = 'completed', score = $2, total = $3, category = $4, risk_level = $5, supervision_level = $6,
            completed_by = $7, completed_at = $8
      WHERE id = $1`,
    [
      id,
      JSON.stringify(result.score),
      result.total,
      result.category,
      result.riskLevel,
      result.supervisionLevel,
      result.actorId,
      result.now,
    ],
  );
}

export type AssessedDomain = { domain: string; title: string; score: number; max: number };

export type CriminalHistoryFact = { fact: string; offenseCategory: string; value: number };

/** The criminal-history facts of a completed assessment, for later forecasting (one row per fact and category). */
export async function insertCriminalHistoryFacts(
  db: Queryable,
  input: { assessmentId: string; caseId: string; facts: readonly CriminalHistoryFact[]; now: Date },
): Promise<void> {
  if (input.facts.length === 0) return;
  await db.query(
    `INSERT INTO criminal_history_fact (assessment_id, case_id, person_id, fact, offense_category, value, recorded_at)
     SELECT $1, c.id, c.person_id, f.fact, f.category, f.value, $6
       FROM supervision_case c, unnest($3::text[], $4::text[], $5::int[]) AS f(fact, category, value)
      WHERE c.id = $2`,
    [
      input.assessmentId,
      input.caseId,
      input.facts.map((fact) => fact.fact),
      input.facts.map((fact) => fact.offenseCategory),
      input.facts.map((fact) => fact.value),
      input.now,
    ],
  );
}

/** The criminal-history facts recorded by an assessment. */
export async function criminalHistoryFactsOf(db: Queryable, assessmentId: string): Promise<CriminalHistoryFact[]> {
  return db.query<CriminalHistoryFact>(
    `SELECT fact, offense_category AS "offenseCategory", value FROM criminal_history_fact WHERE assessment_id = $1
      ORDER BY fact, offense_category`,
    [assessmentId],
  );
}

export type LatestCompletedAssessment = {
  id: string;
  instrument_id: string;
  instrument_version: number;
  instrument_title: string;
  completed_at: string;
  total: number;
  category: string;
  risk_level: string | null;
  supervision_level: string | null;
  /** The instrument's domains with their sub-scores and whether each is flagged as a need (or a strength). */
  domains: { domain: string; kind: "risk_need" | "strength"; score: number; min: number; max: number; flagged: boolean }[];
  /** Flagged risk/need domains that hold a dynamic item (a need a plan can target), the highest share of their range first. */
  needs: AssessedDomain[];
  /** Flagged strength domains. */
  strengths: AssessedDomain[];
};

// One domain of a completed score (d) with its definition (dd), for the needs and strengths lists.
const assessedDomains = (kind: "risk_need" | "strength") => `coalesce((
    SELECT json_agg(json_build_object('domain', d->>'domain', 'title', dd->>'title', 'score', (d->>'score')::numeric, 'max', (d->>'max')::numeric)
                    ORDER BY ((d->>'score')::numeric - (d->>'min')::numeric) / nullif((d->>'max')::numeric - (d->>'min')::numeric, 0) DESC NULLS LAST,
                             d->>'domain')
      FROM jsonb_array_elements(s.score->'domains') d
      JOIN jsonb_array_elements(v.definition->'domains') dd ON dd->>'id' = d->>'domain'
     WHERE d->>'kind' = '${kind}' AND (d->>'flagged')::boolean
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(dd->'items') i WHERE i->>'factor' = 'dynamic')), '[]'::json)`;

/**
 * The latest completed risk/needs assessment of a case (screeners left out) with its domain scores, top needs and
 * strengths, or undefined: what level changes, level reviews and case plans build on.
 */
export async function latestCompletedAssessment(db: Queryable, caseId: string): Promise<LatestCompletedAssessment | undefined> {
  const [row] = await db.query<LatestCompletedAssessment>(
    `SELECT s.id, s.instrument_id, s.instrument_version, v.definition->>'title' AS instrument_title,
            ${instantText("s.completed_at")} AS completed_at, s.total, s.category, s.risk_level, s.supervision_level,
            s.score -> 'domains' AS domains, ${assessedDomains("risk_need")} AS needs, ${assessedDomains("strength")} AS strengths
       FROM assessment s
       JOIN instrument_version v ON v.instrument_id = s.instrument_id AND v.version = s.instrument_version
      WHERE s.case_id = $1 AND s.status = 'completed' AND v.definition ->> 'purpose' = 'risk_needs'
      ORDER BY s.completed_at DESC, s.id
      LIMIT 1`,
    [caseId],
  );
  return row;
}

export type AssessmentSummaryRow = {
  id: string;
  instrument_id: string;
  instrument_version: number;
  title: string;
  purpose: "risk_needs" | "screener";
  status: "in_progress" | "completed";
  total: number | null;
  category: string | null;
  category_label: string | null;
  risk_level: string | null;
  supervision_level: string | null;
  started_by: { id: string; displayName: string };
  started_at: string;
  completed_by: { id: string; displayName: string } | null;
  completed_at: string | null;
};

/** A case's assessments, newest first, with the category's label from the definition they were scored with. */
export async function listAssessmentsOfCase(db: Queryable, caseId: string): Promise<AssessmentSummaryRow[]> {
  return db.query<AssessmentSummaryRow>(
    `SELECT s.id, s.instrument_id, s.instrument_version, v.definition ->> 'title' AS title, v.definition ->> 'purpose' AS purpose,
            s.status, s.total, s.category, s.score #>> '{category,label}' AS category_label, s.risk_level, s.supervision_level,
            json_build_object('id', starter.id, 'displayName', starter.display_name) AS started_by, ${instantText("s.started_at")} AS started_at,
            CASE WHEN finisher.id IS NULL THEN NULL ELSE json_build_object('id', finisher.id, 'displayName', finisher.display_name) END AS completed_by,
            ${instantText("s.completed_at")} AS completed_at
       FROM assessment s
       JOIN instrument_version v ON v.instrument_id = s.instrument_id AND v.version = s.instrument_version
       JOIN app_user starter ON starter.id = s.started_by
       LEFT JOIN app_user finisher ON finisher.id = s.completed_by
      WHERE s.case_id = $1
      ORDER BY coalesce(s.completed_at, s.started_at) DESC, s.started_at DESC`,
    [caseId],
  );
}

export type OverrideRow = {
  id: string;
  assessment_id: string;
  case_id: string;
  assessed_level: string;
  requested_level: string;
  reason: string;
  status: "requested" | "approved" | "denied";
  requested_by: { id: string; displayName: string };
  requested_at: string;
  decided_by: { id: string; displayName: string } | null;
  decided_at: string | null;
  decision_reason: string | null;
};

const overrideSelect = `SELECT o.id, o.assessment_id, o.case_id, o.assessed_level, o.requested_level, o.reason, o.status,
       json_build_object('id', requester.id, 'displayName', requester.display_name) AS requested_by, ${instantText("o.requested_at")} AS requested_at,
       CASE WHEN decider.id IS NULL THEN NULL ELSE json_build_object('id', decider.id, 'displayName', decider.display_name) END AS decided_by,
       ${instantText("o.decided_at")} AS decided_at, o.decision_reason
  FROM assessment_override o
  JOIN app_user requester ON requester.id = o.requested_by
  LEFT JOIN app_user decider ON decider.id = o.decided_by`;

export async function findOverride(db: Queryable, id: string, forUpdate = false): Promise<OverrideRow | undefined> {
  const [row] = await db.query<OverrideRow>(`${overrideSelect} WHERE o.id = $1${forUpdate ? " FOR UPDATE OF o" : ""}`, [id]);
  return row;
}

export async function listOverridesOfCase(db: Queryable, caseId: string): Promise<OverrideRow[]> {
  return db.query<OverrideRow>(`${overrideSelect} WHERE o.case_id = $1 ORDER BY o.requested_at DESC`, [caseId]);
}

/** Answers the new request's id, or null when one already awaits a decision for the assessment. */
export async function insertOverride(
  db: Queryable,
  input: { assessmentId: string; caseId: string; assessedLevel: string; requestedLevel: string; reason: string; by: string; now: Date },
): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO assessment_override (assessment_id, case_id, assessed_level, requested_level, reason, status, requested_by, requested_at)
     VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7)
     ON CONFLICT (assessment_id) WHERE status = 'requested' DO NOTHING RETURNING id`,
    [input.assessmentId, input.caseId, input.assessedLevel, input.requestedLevel, input.reason, input.by, input.now],
  );
  return row?.id ?? null;
}

export async function decideOverride(
  db: Queryable,
  id: string,
  input: { status: "approved" | "denied"; reason: string | null; by: string; now: Date },
): Promise<void> {
  await db.query("UPDATE assessment_override SET status = $2, decision_reason = $3, decided_by = $4, decided_at = $5 WHERE id = $1", [
    id,
    input.status,
    input.reason,
    input.by,
    input.now,
  ]);
}

/** The case's agency time zone, status and today's level: what scheduling and applying levels need. */
export async function caseForScheduling(
  db: Queryable,
  caseId: string,
): Promise<{ agency_id: string; time_zone: string; status: string; supervision_level: string; supervision_start: string }> {
  const [row] = await db.query<{
    agency_id: string;
    time_zone: string;
    status: string;
    supervision_level: string;
    supervision_start: string;
  }>(
    `SELECT c.agency_id, a.time_zone, c.status, c.supervision_level, to_char(c.supervision_start, 'YYYY-MM-DD') AS supervision_start
       FROM supervision_case c JOIN agency a ON a.id = c.agency_id WHERE c.id = $1`,
    [caseId],
  );
  return row!;
}

/** The supervised person's name, for a notification about their case. */
export async function casePersonName(db: Queryable, caseId: string): Promise<string> {
  const [row] = await db.query<{ name: string }>(
    "SELECT p.first_name || ' ' || p.last_name AS name FROM supervision_case c JOIN person p ON p.id = c.person_id WHERE c.id = $1",
    [caseId],
  );
  return row!.name;
}
