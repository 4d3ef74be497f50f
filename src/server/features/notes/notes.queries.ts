import type { CaseNote } from "../../../shared/contract/notes";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

export type NoteRow = { note: CaseNote; case_id: string; author_id: string; signed: boolean };

const noteJson = `json_build_object(
    'id', n.id, 'caseId', n.case_id, 'noteType', n.note_type, 'occurredAt', ${instantText("n.occurred_at")},
    'author', json_build_object('id', a.id, 'displayName', a.display_name), 'narrative', n.narrative, 'details', n.details,
    'interview', n.interview,
    'status', CASE WHEN n.signed_at IS NULL THEN 'draft' ELSE 'signed' END, 'signedAt', ${instantText("n.signed_at")},
    'amendsNoteId', n.amends_note_id,
    'amendedBy', coalesce((SELECT json_agg(m.id ORDER BY m.created_at) FROM case_note m WHERE m.amends_note_id = n.id), '[]'::json),
    'createdAt', ${instantText("n.created_at")}, 'version', n.version)`;

const noteSelect = `SELECT ${noteJson} AS note, n.case_id, n.author_id, n.signed_at IS NOT NULL AS signed
  FROM case_note n JOIN app_user a ON a.id = n.author_id`;

export async function findNote(db: Queryable, id: string, forUpdate = false): Promise<NoteRow | undefined> {
  return (await db.query<NoteRow>(`${noteSelect} WHERE n.id = $1${forUpdate ? " FOR UPDATE OF n" : ""}`, [id]))[0];
}

/** Newest event first; the cursor is the position in that order. Drafts are shown only to their author. */
export async function listCaseNotes(db: Queryable, caseId: string, viewerId: string, offset: number, limit: number): Promise<NoteRow[]> {
  return db.query<NoteRow>(
    `${noteSelect} WHERE n.case_id = $1 AND (n.signed_at IS NOT NULL OR n.author_id = $2)
      ORDER BY n.occurred_at DESC, n.created_at DESC OFFSET $3 LIMIT $4`,
    [caseId, viewerId, offset, limit],
  );
}

export async function insertNote(
  db: Queryable,
  input: {
    caseId: string;
    authorId: string;
    noteType: string;
    occurredAt: string;
    narrative: string;
    details?: unknown;
    interview?: unknown;
    amendsNoteId: string | null;
    now: Date;
  },
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO case_note (case_id, note_type, occurred_at, author_id, narrative, details, amends_note_id, created_at, updated_at, interview)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id`,
    [
      input.caseId,
      input.noteType,
      input.occurredAt,
      input.authorId,
      input.narrative,
      input.details == null ? null : JSON.stringify(input.details),
      input.amendsNoteId,
      input.now,
      input.interview == null ? null : JSON.stringify(input.interview),
    ],
  );
  return rows[0]!.id;
}

export async function updateDraft(
  db: Queryable,
  id: string,
  input: { noteType: string; occurredAt: string; narrative: string; details?: unknown; interview?: unknown; now: Date },
): Promise<void> {
  await db.query(
    "UPDATE case_note SET note_type = $2, occurred_at = $3, narrative = $4, details = $5, updated_at = $6, interview = $7 WHERE id = $1",
    [
      id,
      input.noteType,
      input.occurredAt,
      input.narrative,
      input.details == null ? null : JSON.stringify(input.details),
      input.now,
      input.interview == null ? null : JSON.stringify(input.interview),
    ],
  );
}

/**
 * Full-text search over signed notes (and the searcher's drafts) of the cases in the filter, best match first.
 * The visible cases are collected first so the notes are read per case (case index) and matched against
 * their stored tsvector: a caseload has thousands of notes, the whole database millions. The search words
 * are parsed once (in FROM: as an expression over a parameter, a generic plan parsed them again for every
 * note), and only the page of best matches is joined to its person and case and built into JSON.
 */
export async function searchNotes(
  db: Queryable,
  filter: { sql: string; params: unknown[] },
  query: string,
  viewerId: string,
  limit: number,
): Promise<(NoteRow & { person_id: string; person_name: string; case_number: string })[]> {
  const params = [...filter.params, query, viewerId, limit];
  const q = `$${filter.params.length + 1}`;
  // The person and case come in the same query (only visible cases reach it), not one request per result.
  return db.query(
    `WITH visible_cases AS MATERIALIZED (SELECT c.id FROM supervision_case c WHERE ${filter.sql}),
          candidates AS MATERIALIZED (
            SELECT cn.id, cn.occurred_at, ts_rank(cn.search_vector, words) AS rank
              FROM visible_cases v
              CROSS JOIN websearch_to_tsquery('english', ${q}) words
              JOIN LATERAL (SELECT * FROM case_note x WHERE x.case_id = v.id OFFSET 0) cn ON true
             WHERE cn.search_vector @@ words
               AND (cn.signed_at IS NOT NULL OR cn.author_id = $${filter.params.length + 2})
             ORDER BY rank DESC, cn.occurred_at DESC
             LIMIT $${filter.params.length + 3})
     SELECT ${noteJson} AS note, n.case_id, n.author_id, n.signed_at IS NOT NULL AS signed,
            p.id AS person_id, p.first_name || ' ' || p.last_name AS person_name, sc.case_number
       FROM case_note n JOIN app_user a ON a.id = n.author_id JOIN candidates ON candidates.id = n.id
       JOIN supervision_case sc ON sc.id = n.case_id JOIN person p ON p.id = sc.person_id
      ORDER BY candidates.rank DESC, n.occurred_at DESC
      LIMIT $${filter.params.length + 3}`,
    params,
  );
}
