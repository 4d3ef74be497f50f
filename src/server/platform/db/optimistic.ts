import { AppError } from "../errors";
import type { Queryable } from "./database";

/**
 * Optimistic concurrency for the rows of a person's record (addresses, employment, contacts, cautions; migration 011),
 * which carry a `version` but no `updated_by`: the same claim as versioned.ts (row lock, version + 1, 409
 * `edit_conflict` when the version moved on), without naming who made the other change.
 */
export async function claimVersion(tx: Queryable, table: string, id: string, expectedVersion: number, what: string): Promise<void> {
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
