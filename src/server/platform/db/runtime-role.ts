import type { Database } from "./database";
import { listMigrations, migrate, pendingMigrations } from "./migrate";

/**
 * Tables whose name starts with this prefix are append-only evidence (audit_log and whatever audit tables
 * come later): the runtime role may read and add rows, never change, delete or truncate them.
 */
export const appendOnlyPrefix = "audit_";

/**
 * audit_* tables that are work queues, not evidence: the sealer removes a row once it is chained. Removing one
 * by other means only leaves its audit row unsealed, which audit:verify reports (it compares audit_log with audit_seal).
 */
const auditWorkQueues = new Set(["audit_unsealed"]);

export class MigrationsPending extends Error {}

/** Applies pending migrations, then (when a runtime role is configured) its grants, so new tables are covered. */
export async function migrateAndGrant(db: Database, runtimeRole: string | undefined) {
  const applied = await migrate(db);
  const granted = runtimeRole ? await grantRuntimeRole(db, runtimeRole) : null;
  return { applied, granted };
}

/** With MIGRATE_ON_START=false the server never migrates; it refuses to start on a schema older than its code. */
export async function requireMigrated(db: Database): Promise<void> {
  const pending = await pendingMigrations(db).catch((error: unknown) => {
    // No schema_migration table at all: nothing was ever migrated.
    if ((error as { code?: string }).code === "42P01") return listMigrations().map((migration) => migration.version);
    throw error;
  });
  if (pending.length > 0) {
    throw new MigrationsPending(
      `The database has ${pending.length} pending migration(s): ${pending.join(", ")}.\n` +
        "MIGRATE_ON_START=false, so the server does not migrate. Run `npm run db:migrate` (on a PostgreSQL server with " +
        "MIGRATION_DATABASE_URL of a role that owns the schema, and DATABASE_RUNTIME_ROLE), then start the server again.",
    );
  }
}

const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Gives the runtime role exactly what the server needs, re-applied after every migration so new tables are
 * covered: SELECT/INSERT/UPDATE/DELETE on ordinary tables, SELECT and INSERT only on every audit_* table (DELETE too on the sealer's queue),
 * SELECT on schema_migration, and the sequences. Anything else it held on these tables is revoked first.
 * It owns nothing, so it can neither ALTER a table (disable the append-only trigger) nor TRUNCATE one.
 */
export async function grantRuntimeRole(db: Database, role: string): Promise<{ tables: number; appendOnly: string[] }> {
  if (db.kind !== "postgres") throw new Error("Database roles exist on a PostgreSQL server only; the embedded database has none.");
  const [self] = await db.query<{ me: string; exists: boolean }>(
    "SELECT current_user AS me, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists",
    [role],
  );
  if (!self?.exists) throw new Error(`DATABASE_RUNTIME_ROLE: the role "${role}" does not exist (CREATE ROLE ${role} LOGIN PASSWORD '…').`);
  if (self.me === role) throw new Error(`DATABASE_RUNTIME_ROLE: "${role}" is the role running the migration; use a separate owner role.`);

  const relations = await db.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') ORDER BY c.relname`,
  );
  const statements = [`GRANT USAGE ON SCHEMA public TO ${quoted(role)}`];
  const appendOnly: string[] = [];
  let tables = 0;
  for (const relation of relations) {
    const name = quoted(relation.name);
    if (relation.kind === "S") {
      statements.push(`REVOKE ALL ON SEQUENCE ${name} FROM ${quoted(role)}`, `GRANT USAGE, SELECT ON SEQUENCE ${name} TO ${quoted(role)}`);
      continue;
    }
    tables += 1;
    statements.push(`REVOKE ALL ON TABLE ${name} FROM ${quoted(role)}`);
    if (auditWorkQueues.has(relation.name)) {
      statements.push(`GRANT SELECT, INSERT, DELETE ON TABLE ${name} TO ${quoted(role)}`);
    } else if (relation.name.startsWith(appendOnlyPrefix)) {
      appendOnly.push(relation.name);
      statements.push(`GRANT SELECT, INSERT ON TABLE ${name} TO ${quoted(role)}`);
    } else if (relation.name === "schema_migration") {
      statements.push(`GRANT SELECT ON TABLE ${name} TO ${quoted(role)}`);
    } else {
      statements.push(`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${name} TO ${quoted(role)}`);
    }
  }
  await db.transaction(async (tx) => {
    for (const statement of statements) await tx.exec(statement);
  });
  return { tables, appendOnly };
}

/** True when the connected role owns a table whose rows must stay append-only: it could disable the trigger. */
export async function ownsAppendOnlyTables(db: Database): Promise<boolean> {
  if (db.kind !== "postgres") return false;
  const rows = await db.query(
    `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND starts_with(c.relname, $1) AND pg_has_role(current_user, c.relowner, 'USAGE') LIMIT 1`,
    [appendOnlyPrefix],
  );
  return rows.length > 0;
}
