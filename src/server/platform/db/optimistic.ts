import { conflict } from "../errors";
import type { Queryable } from "./database";

/**
 * Optimistic concurrency: the change names the version it was made on. The version moves on with every change,
 * and the UPDATE locks the row, so of two edits made from the same version exactly one lands; the other is a 409.
 */
export async function claimVersion(tx: Queryable, table: string, id: string, version: number, what: string): Promise<void> {
  const rows = await tx.query(`UPDATE ${table} SET version = version + 1 WHERE id = $1 AND version = $2 RETURNING id`, [id, version]);
  if (rows.length === 0) {
    throw conflict(`${what} was changed by someone else after you opened it. Reload to see their change, then make yours again.`, [
      { field: "version", message: "changed by someone else" },
    ]);
  }
}
