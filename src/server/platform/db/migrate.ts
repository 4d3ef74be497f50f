import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "./database";

export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), "../../../../migrations");

// Any constant shared by every instance: the lock makes concurrent start-ups apply migrations once.
const migrationLockKey = 7_204_118_001;

export function listMigrations(): { version: string; sql: string }[] {
  return readdirSync(migrationsDir)
    .filter((name) => /^\d{3,}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: name.replace(/\.sql$/, ""), sql: readFileSync(join(migrationsDir, name), "utf8") }));
}

/** Applies pending migrations, each in its own transaction, in file-name order. Returns the versions applied. */
export async function migrate(db: Database): Promise<string[]> {
  await db.exec("CREATE TABLE IF NOT EXISTS schema_migration (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
  const applied: string[] = [];
  for (const migration of listMigrations()) {
    const done = await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [migrationLockKey]);
      const existing = await tx.query("SELECT 1 FROM schema_migration WHERE version = $1", [migration.version]);
      if (existing.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migration (version) VALUES ($1)", [migration.version]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/** Pending = files on disk that the database has not recorded. Used by /readyz. */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const rows = await db.query<{ version: string }>("SELECT version FROM schema_migration");
  const applied = new Set(rows.map((row) => row.version));
  return listMigrations()
    .map((migration) => migration.version)
    .filter((version) => !applied.has(version));
}
