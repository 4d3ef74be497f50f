import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

export type ImportedInstrumentRow = {
  instrument_id: string;
  version: number;
  agency_id: string;
  content_hash: string;
  definition: unknown;
  risk_levels: Record<string, string> | null;
  supervision_levels: Record<string, string> | null;
  imported_by: string;
  imported_at: string;
};

const importedColumns = `i.instrument_id, i.version, i.agency_id, i.content_hash, i.definition, i.risk_levels, i.supervision_levels,
  u.display_name AS imported_by, ${instantText("i.imported_at")} AS imported_at`;

/** Every version of the instruments an agency imported (few: definitions are read whole). */
export async function listImportedInstruments(db: Queryable, agencyId: string): Promise<ImportedInstrumentRow[]> {
  return db.query<ImportedInstrumentRow>(
    `SELECT ${importedColumns} FROM imported_instrument i JOIN app_user u ON u.id = i.imported_by
      WHERE i.agency_id = $1 ORDER BY i.instrument_id, i.version`,
    [agencyId],
  );
}

/** One imported version, whichever agency imported it (the caller checks the agency). */
export async function findImportedInstrument(db: Queryable, id: string, version: number): Promise<ImportedInstrumentRow | undefined> {
  const [row] = await db.query<ImportedInstrumentRow>(
    `SELECT ${importedColumns} FROM imported_instrument i JOIN app_user u ON u.id = i.imported_by
      WHERE i.instrument_id = $1 AND i.version = $2`,
    [id, version],
  );
  return row;
}

/**
 * Serialises imports of one instrument id until the transaction ends, so two agencies (or two instances) importing a
 * new id at once cannot both take it.
 */
export async function lockInstrumentId(db: Queryable, id: string): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtext('instrument:' || $1))", [id]);
}

/** Which agency owns an imported instrument id (any version), if any. */
export async function importedInstrumentOwner(db: Queryable, id: string): Promise<string | undefined> {
  const [row] = await db.query<{ agency_id: string }>("SELECT agency_id FROM imported_instrument WHERE instrument_id = $1 LIMIT 1", [id]);
  return row?.agency_id;
}

/** The hash an instrument version was first used with, if it has been (shipped or imported). */
export async function usedInstrumentHash(db: Queryable, id: string, version: number): Promise<string | undefined> {
  const [row] = await db.query<{ content_hash: string }>(
    "SELECT content_hash FROM instrument_version WHERE instrument_id = $1 AND version = $2",
    [id, version],
  );
  return row?.content_hash;
}

/** Adds an imported version; false when the id and version exist already (a concurrent import won). */
export async function insertImportedInstrument(
  db: Queryable,
  input: {
    id: string;
    version: number;
    agencyId: string;
    contentHash: string;
    definition: unknown;
    riskLevels: Record<string, string> | null;
    supervisionLevels: Record<string, string> | null;
    by: string;
    now: Date;
  },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO imported_instrument (instrument_id, version, agency_id, content_hash, definition, risk_levels, supervision_levels, imported_by, imported_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (instrument_id, version) DO NOTHING RETURNING instrument_id`,
    [
      input.id,
      input.version,
      input.agencyId,
      input.contentHash,
      JSON.stringify(input.definition),
      input.riskLevels ? JSON.stringify(input.riskLevels) : null,
      input.supervisionLevels ? JSON.stringify(input.supervisionLevels) : null,
      input.by,
      input.now,
    ],
  );
  return rows.length === 1;
}

export type PublicationRow = {
  instrument_id: string;
  version: number;
  status: "active" | "retired";
  changed_by: string;
  changed_at: string;
};

/** The agency's publish/retire decisions; versions without one follow their source's default. */
export async function listPublications(db: Queryable, agencyId: string): Promise<PublicationRow[]> {
  return db.query<PublicationRow>(
    `SELECT p.instrument_id, p.version, p.status, u.display_name AS changed_by, ${instantText("p.changed_at")} AS changed_at
       FROM instrument_publication p JOIN app_user u ON u.id = p.changed_by
      WHERE p.agency_id = $1`,
    [agencyId],
  );
}

export async function setPublication(
  db: Queryable,
  input: { agencyId: string; id: string; version: number; status: "active" | "retired"; by: string; now: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO instrument_publication (agency_id, instrument_id, version, status, changed_by, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (agency_id, instrument_id, version) DO UPDATE SET status = EXCLUDED.status, changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at`,
    [input.agencyId, input.id, input.version, input.status, input.by, input.now],
  );
}

/** How many assessments of the agency use each instrument version (shown so an administrator knows what retiring affects). */
export async function countAssessmentsByVersion(
  db: Queryable,
  agencyId: string,
): Promise<{ instrument_id: string; version: number; started: number; completed: number }[]> {
  return db.query(
    `SELECT s.instrument_id, s.instrument_version AS version,
            count(*) FILTER (WHERE s.status = 'in_progress')::int AS started, count(*) FILTER (WHERE s.status = 'completed')::int AS completed
       FROM assessment s JOIN supervision_case c ON c.id = s.case_id
      WHERE c.agency_id = $1
      GROUP BY s.instrument_id, s.instrument_version`,
    [agencyId],
  );
}
