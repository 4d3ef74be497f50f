// npm run db:migrate — applies pending migrations as a role that owns the schema, then grants the runtime role
// (DATABASE_RUNTIME_ROLE) what the server needs: SELECT/INSERT only on audit_* tables, so it cannot rewrite them.
// Connects with MIGRATION_DATABASE_URL, else DATABASE_URL, else the embedded database in DATA_DIR (stop the server first).
import { ConfigError, loadConfig } from "../src/server/config";
import { openDatabase } from "../src/server/platform/db/database";
import { migrateAndGrant } from "../src/server/platform/db/runtime-role";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const databaseUrl = config.migrationDatabaseUrl ?? config.databaseUrl;
if (config.databaseRuntimeRole && !databaseUrl) {
  console.error(
    "DATABASE_RUNTIME_ROLE needs a PostgreSQL server (MIGRATION_DATABASE_URL or DATABASE_URL); the embedded database has no roles.",
  );
  process.exit(1);
}
// No statement timeout: a migration may rebuild an index on a large table.
const db = await openDatabase({ databaseUrl, dataDir: config.dataDir, max: 1, statementTimeoutMs: 0 });
try {
  const { applied, granted } = await migrateAndGrant(db, config.databaseRuntimeRole);
  console.log(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(", ")}.` : "No pending migrations.");
  if (granted) {
    console.log(
      `Granted ${config.databaseRuntimeRole} read/write on ${granted.tables - granted.appendOnly.length} table(s) and read/insert only on ${granted.appendOnly.join(", ")}.`,
    );
  } else if (databaseUrl) {
    console.log("DATABASE_RUNTIME_ROLE is not set: no grants made (the server then runs as the owner role).");
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
