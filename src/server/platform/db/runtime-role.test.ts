import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { createDemoOrganisation } from "../../bootstrap/bootstrap";
import { loadConfig } from "../../config";
import { type Client, fakeClock, onPostgresServer, signIn, type TestApp } from "../../test-support/harness";
import { runOnServer } from "../../test-support/pg-server";
import { sealPendingAudit, verifyAuditChain } from "../audit/audit";
import { createLogger } from "../logger";
import { createSecretBox } from "../secrets";
import { type Database, openPglite, openPostgres } from "./database";
import { migrate } from "./migrate";
import { MigrationsPending, migrateAndGrant, ownsAppendOnlyTables, requireMigrated } from "./runtime-role";

describe("starting without migrating (MIGRATE_ON_START=false)", () => {
  it("refuses a database with pending migrations, telling the operator to run db:migrate", async () => {
    const db = await openPglite(undefined);
    try {
      await expect(requireMigrated(db)).rejects.toThrow(MigrationsPending);
      await expect(requireMigrated(db)).rejects.toThrow(/npm run db:migrate/);
      await migrate(db);
      await expect(requireMigrated(db)).resolves.toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it("reads MIGRATE_ON_START and the runtime role from the environment, with clear messages", () => {
    expect(loadConfig({}).migrateOnStart).toBe(true);
    expect(loadConfig({ MIGRATE_ON_START: "false", DATABASE_RUNTIME_ROLE: "waypoint_app" })).toMatchObject({
      migrateOnStart: false,
      databaseRuntimeRole: "waypoint_app",
    });
    expect(() => loadConfig({ DATABASE_RUNTIME_ROLE: "app; DROP TABLE x" })).toThrow(
      /DATABASE_RUNTIME_ROLE: must be a PostgreSQL role name/,
    );
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: "mysql://x" })).toThrow(/MIGRATION_DATABASE_URL/);
  });
});

// Roles exist on a PostgreSQL server only: the embedded database (PGlite) is one process with one user.
describe.runIf(onPostgresServer)("least-privilege database roles (PostgreSQL server)", () => {
  const suffix = randomBytes(4).toString("hex");
  const owner = `waypoint_owner_${suffix}`;
  const runtime = `waypoint_app_${suffix}`;
  const databaseName = `waypoint_roles_${suffix}`;
  const serverUrl = process.env.TEST_DATABASE_URL ?? "";
  const urlFor = (role: string) => {
    const url = new URL(serverUrl);
    url.username = role;
    url.password = "";
    url.pathname = `/${databaseName}`;
    return url.toString();
  };
  const asSuperuser = (sql: string) => runOnServer(serverUrl, sql);
  let ownerDb: Database;
  let runtimeDb: Database;
  let test: TestApp;
  let admin: Client;

  beforeAll(async () => {
    await asSuperuser(`CREATE ROLE ${owner} LOGIN`);
    await asSuperuser(`CREATE ROLE ${runtime} LOGIN`);
    await asSuperuser(`CREATE DATABASE ${databaseName} OWNER ${owner}`);
    ownerDb = await openPostgres(urlFor(owner), { max: 1, statementTimeoutMs: 0 });
    // What `npm run db:migrate` does with MIGRATION_DATABASE_URL (owner) and DATABASE_RUNTIME_ROLE.
    const { granted } = await migrateAndGrant(ownerDb, runtime);
    expect(granted?.appendOnly).toContain("audit_log");

    runtimeDb = await openPostgres(urlFor(runtime), { max: 3 });
    const config = loadConfig({ NODE_ENV: "test", SECRET_KEY: "test-secret-key-that-is-long-enough-1234", LOG_LEVEL: "silent" });
    const clock = fakeClock();
    const deps = { config, db: runtimeDb, clock: clock.now, log: createLogger("silent"), secretBox: createSecretBox(config.secretKey) };
    await requireMigrated(runtimeDb);
    const demoSecrets = await createDemoOrganisation(runtimeDb, deps.secretBox, clock.now());
    const app = await buildApp(deps, { serveWeb: false });
    test = { app, db: runtimeDb, clock, deps, demoSecrets, close: () => app.close() };
    admin = await signIn(test, "admin");
  });
  afterAll(async () => {
    await test?.close();
    await runtimeDb?.close();
    await ownerDb?.close();
    await asSuperuser(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await asSuperuser(`DROP ROLE IF EXISTS ${runtime}`);
    await asSuperuser(`DROP ROLE IF EXISTS ${owner}`);
  });

  it("runs the app as the runtime role: sign-in and a guarded write work, and the audit chain holds", async () => {
    const created = await admin.post("/api/v1/units", { name: "Least Privilege Unit" });
    expect(created.statusCode).toBe(201);
    expect((await runtimeDb.query("SELECT 1 FROM audit_log WHERE action = 'unit.create'")).length).toBe(1);
    // The sealer runs as the runtime role too: it chains the rows and clears its queue.
    expect(await sealPendingAudit(test.deps, test.clock.now())).toBeGreaterThan(0);
    expect((await verifyAuditChain(runtimeDb, { secretKey: test.deps.config.secretKey, now: test.clock.now() })).ok).toBe(true);
    expect(await ownsAppendOnlyTables(runtimeDb)).toBe(false);
    expect(await ownsAppendOnlyTables(ownerDb)).toBe(true);
  });

  it("keeps the runtime role from rewriting the audit log or switching off its trigger", async () => {
    await expect(runtimeDb.query("UPDATE audit_log SET action = 'forged'")).rejects.toThrow(/permission denied/);
    await expect(runtimeDb.query("DELETE FROM audit_log")).rejects.toThrow(/permission denied/);
    await expect(runtimeDb.query("TRUNCATE audit_log")).rejects.toThrow(/permission denied/);
    await expect(runtimeDb.exec("ALTER TABLE audit_log DISABLE TRIGGER ALL")).rejects.toThrow(/must be owner/);
    await expect(runtimeDb.exec("CREATE TABLE intruder (id int)")).rejects.toThrow(/permission denied/);
    // It also cannot migrate, which is why it runs with MIGRATE_ON_START=false.
    await expect(migrate(runtimeDb)).rejects.toThrow(/permission denied|must be owner/);
  });

  it("gives every audit_* table, including one added by a later migration, only SELECT and INSERT", async () => {
    await ownerDb.exec("CREATE TABLE audit_checkpoint_probe (id int PRIMARY KEY)");
    await migrateAndGrant(ownerDb, runtime);
    await runtimeDb.query("INSERT INTO audit_checkpoint_probe (id) VALUES (1)");
    expect(await runtimeDb.query("SELECT id FROM audit_checkpoint_probe")).toEqual([{ id: 1 }]);
    await expect(runtimeDb.query("UPDATE audit_checkpoint_probe SET id = 2")).rejects.toThrow(/permission denied/);
    await expect(runtimeDb.query("DELETE FROM audit_checkpoint_probe")).rejects.toThrow(/permission denied/);
    // Ordinary tables stay fully writable, and the migration record is read-only.
    await runtimeDb.query("UPDATE unit SET name = name");
    await expect(runtimeDb.query("DELETE FROM schema_migration")).rejects.toThrow(/permission denied/);
  });
});
