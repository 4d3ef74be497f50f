import type { Queryable } from "../../platform/db/database";

/** The smallest round trip: throws when the database cannot answer. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query("SELECT 1");
}
