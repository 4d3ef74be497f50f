import { AppError } from "../errors";
import type { Queryable } from "./database";

/**
 * Optimistic concurrency for records edited in forms (migration 010): the client sends the `version` it read as
 * `expectedVersion`; the change first claims that version here, in the same transaction as the change itself.
 *
 *   await claimVersion(tx, { table: "supervision_case", id, expectedVersion, actorId, now, what: "case" });
 *   await queries.updateCase(tx, ...);
 *
 * The claim is one `UPDATE … SET version = version + 1 … WHERE id = $1 AND version = $2`: it row-locks, so of two
 * edits from the same version the second waits, then finds the version moved on and matches no row. That is a
 * 409 `edit_conflict` naming who changed the record and when; the transaction rolls back, nothing is written.
 * A new editable table gets `version`, `updated_by` and `updated_at` columns in its migration and its name here.
 */
export type VersionedTable =
  | "person"
  | "supervision_case"
  | "app_user"
  | "unit"
  | "agency"
  | "case_note"
  | "appointment"
  | "assessment"
  | "violation"
  | "case_plan"
  | "person_race_ethnicity"
  | "crisis"
  | "crisis_contact"
  | "revocation_recommendation"
  | "monitoring_device"
  | "monitoring_zone"
  | "monitoring_alert";

export type VersionClaim = {
  table: VersionedTable;
  id: string;
  expectedVersion: number;
  /** Who makes the change (null: the system). */
  actorId: string | null;
  now: Date;
  /** The record for people, in the conflict message: "case", "note", "address"… */
  what: string;
  /** The agency's time zone, for the time in the conflict message. */
  timeZone?: string;
};

/**
 * Claims the expected version (the record's version becomes expectedVersion + 1), or throws 409 `edit_conflict`.
 * alsoSet: columns the change sets in the same UPDATE (one row version, one round trip), when the whole change
 * is setting fixed columns (signing a note). Its keys are column names written in the code, never input.
 */
export async function claimVersion(tx: Queryable, claim: VersionClaim, alsoSet: Record<string, unknown> = {}): Promise<number> {
  const extra = Object.keys(alsoSet);
  for (const column of extra) if (!/^[a-z_]+$/.test(column)) throw new Error(`not a column name: ${column}`);
  const claimed = await tx.query<{ version: number }>(
    `UPDATE ${claim.table} SET version = version + 1, updated_by = $3, updated_at = $4${extra.map((column, index) => `, ${column} = $${index + 5}`).join("")}
      WHERE id = $1 AND version = $2 RETURNING version`,
    [claim.id, claim.expectedVersion, claim.actorId, claim.now, ...Object.values(alsoSet)],
  );
  if (claimed[0]) return claimed[0].version;
  const [current] = await tx.query<{ version: number; updated_at: Date | string; changed_by: string | null; time_zone: string | null }>(
    `SELECT t.version, t.updated_at, u.display_name AS changed_by, a.time_zone
       FROM ${claim.table} t
       LEFT JOIN app_user u ON u.id = t.updated_by
       LEFT JOIN agency a ON a.id = u.agency_id
      WHERE t.id = $1`,
    [claim.id],
  );
  if (!current) throw new AppError("not_found", `The ${claim.what} was not found.`);
  throw editConflict(claim.what, current.changed_by, new Date(current.updated_at), claim.timeZone ?? current.time_zone ?? "UTC");
}

/** 409: the record changed since the editor read it (who and when, if known). */
export function editConflict(what: string, changedBy: string | null, changedAt: Date, timeZone: string): AppError {
  const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(changedAt);
  const who = changedBy ?? "Someone else";
  return new AppError(
    "edit_conflict",
    `${who} changed this ${what} on ${when}, after you opened it. Reload to see the current version, then make your change again.`,
    [{ field: "expectedVersion", message: "the record has changed since it was read" }],
  );
}
