import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "./database";

export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), "../../../../migrations");

// Any constant shared by every instance: the lock makes concurrent start-ups apply migrations once.
const migrationLockKey = 7_204_118_001;

export type Migration = { version: string; sql: string; checksum: string };

/** SHA-256 of the file's text; line endings are normalised so a Windows checkout (CRLF) has the same checksum. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex");
}

export function listMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((name) => /^\d{3,}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name), "utf8");
      return { version: name.replace(/\.sql$/, ""), sql, checksum: migrationChecksum(sql) };
    });
}

/** A migration file was changed after the database applied it: its schema is not what the file now says. */
export class MigrationChecksumMismatch extends Error {
  constructor(
    readonly version: string,
    readonly recorded: string,
    readonly actual: string,
  ) {
    super(
      `migration ${version} was changed after it was applied (recorded sha256 ${recorded}, file now ${actual}); ` +
        "migrations are never edited after landing: restore the file and put the change in a new migration",
    );
    this.name = "MigrationChecksumMismatch";
  }
}

/**
 * Applies pending migrations, each in its own transaction, in file-name order, recording each file's checksum.
 * Refuses (throws MigrationChecksumMismatch) when an applied migration's file no longer matches its checksum.
 * Returns the versions applied.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.transaction(async (tx) => {
    // Under the lock: two instances starting together would otherwise race on the catalogue.
    await tx.query("SELECT pg_advisory_xact_lock($1)", [migrationLockKey]);
    await tx.exec("CREATE TABLE IF NOT EXISTS schema_migration (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
    // Databases migrated before checksums existed get the column here (schema_migration is created here, not in a migration).
    await tx.exec("ALTER TABLE schema_migration ADD COLUMN IF NOT EXISTS checksum text");
  });
  const applied: string[] = [];
  for (const migration of listMigrations()) {
    const done = await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [migrationLockKey]);
      const [existing] = await tx.query<{ checksum: string | null }>("SELECT checksum FROM schema_migration WHERE version = $1", [
        migration.version,
      ]);
      if (existing) {
        // Rows recorded before checksums existed: trust the file as it is now and record its checksum on this first run.
        if (existing.checksum === null) {
          await tx.query("UPDATE schema_migration SET checksum = $2 WHERE version = $1", [migration.version, migration.checksum]);
        } else if (existing.checksum !== migration.checksum) {
          throw new MigrationChecksumMismatch(migration.version, existing.checksum, migration.checksum);
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migration (version, checksum) VALUES ($1, $2)", [migration.version, migration.checksum]);
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
