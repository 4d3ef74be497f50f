import { AppError } from "../errors";
import type { Queryable } from "./database";

/**
 * Optimistic concurrency for the rows of a person's record (addresses, employment, contacts, cautions; migration 011),
 * which carry a `version` but no `updated_by`: the same claim as versioned.ts (row lock, version + 1, 409
 * `edit_conflict` when the version moved on), without naming who made the other change.
 */
/** The record's tables that carry `version` without `updated_by` (the others use versioned.ts). */
export type PersonRowVersionedTable = "person_address" | "person_employment" | "person_contact" | "safety_caution";

export async function claimVersion(
  tx: Queryable,
  table: PersonRowVersionedTable,
  id: string,
  expectedVersion: number,
  what: string,
): Promise<void> {
  // `table` is one of the names above, never input: the type keeps it so.
  const rows = await tx.query(`UPDATE ${table} SET version = version + 1 WHERE id = $1 AND version = $2 RETURNING id`, [
    id,
    expectedVersion,
  ]);
  if (rows.length > 0) return;
  throw new AppError(
    "edit_conflict",
    `Someone else changed this ${what} after you opened it. Reload to see the current version, then make your change again.`,
    [{ field: "expectedVersion", message: "the record has changed since it was read" }],
  );
}
