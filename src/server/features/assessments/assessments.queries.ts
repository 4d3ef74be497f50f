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
  started_by: { id: string; displayName: string };
  started_at: string;
  completed_by: { id: string; displayName: string } | null;
  completed_at: string | null;
  version: number;
};

export async function findAssessment(db: Queryable, id: string, forUpdate = false): Promise<AssessmentRow | undefined> {
  const [row] = await db.query<AssessmentRow>(
    `SELECT s.id, s.case_id, s.instrument_id, s.instrument_version, v.definition, s.status, s.answers, s.score, s.risk_level,
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
  result: { score: unknown; total: number; category: string; riskLevel: string | null; actorId: string; now: Date },
): Promise<void> {
  await db.query(
    `UPDATE assessment SET status = 'completed', score = $2, total = $3, category = $4, risk_level = $5, completed_by = $6, completed_at = $7
      WHERE id = $1`,
    [id, JSON.stringify(result.score), result.total, result.category, result.riskLevel, result.actorId, result.now],
  );
}

export type AssessedDomain = { domain: string; title: string; score: number; max: number };

export type LatestCompletedAssessment = {
  id: string;
  instrument_id: string;
  instrument_title: string;
  risk_level: string | null;
  completed_at: string;
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

/** The case's latest completed assessment with its top needs and strengths (what a case plan is built from); undefined when none. */
export async function latestCompletedAssessment(db: Queryable, caseId: string): Promise<LatestCompletedAssessment | undefined> {
  const [row] = await db.query<LatestCompletedAssessment>(
    `SELECT s.id, s.instrument_id, v.definition->>'title' AS instrument_title, s.risk_level, ${instantText("s.completed_at")} AS completed_at,
            ${assessedDomains("risk_need")} AS needs, ${assessedDomains("strength")} AS strengths
       FROM assessment s
       JOIN instrument_version v ON v.instrument_id = s.instrument_id AND v.version = s.instrument_version
      WHERE s.case_id = $1 AND s.status = 'completed'
      ORDER BY s.completed_at DESC, s.id
      LIMIT 1`,
    [caseId],
  );
  return row;
}
