import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { createDemoOrganisation } from "../../bootstrap/bootstrap";
import { loadConfig } from "../../config";
import {
  type Client,
  createTestDatabase,
  fakeClock,
  onPostgresServer,
  signIn,
  type TestApp,
  type TestDatabase,
} from "../../test-support/harness";
import { createLogger } from "../logger";
import { createSecretBox } from "../secrets";
import { type Database, openPostgres } from "./database";
import { migrate } from "./migrate";

// PGlite runs in-process with one connection: nothing else can hold a lock it waits for, and it cannot cancel
// a running statement, so these timeouts exist (and are tested) on a PostgreSQL server only.
describe.runIf(onPostgresServer)("statement and connection timeouts (PostgreSQL server)", () => {
  let testDatabase: TestDatabase;
  let db: Database;
  let test: TestApp;
  let admin: Client;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    await migrate(testDatabase.db);
    db = await openPostgres(testDatabase.url!, { max: 2, statementTimeoutMs: 1_500, connectTimeoutMs: 3_000 });
    const config = loadConfig({ NODE_ENV: "test", SECRET_KEY: "test-secret-key-that-is-long-enough-1234", LOG_LEVEL: "silent" });
    const clock = fakeClock();
    const deps = { config, db, clock: clock.now, log: createLogger("silent"), secretBox: createSecretBox(config.secretKey) };
    const demoSecrets = await createDemoOrganisation(db, deps.secretBox, clock.now());
    const app = await buildApp(deps, { serveWeb: false });
    test = { app, db, clock, deps, demoSecrets, close: () => app.close() };
    admin = await signIn(test, "admin");
  });
  afterAll(async () => {
    await test?.close();
    await db?.close();
    await testDatabase?.drop();
  });

  it("answers 503 with Retry-After when a query waits on a lock longer than the statement timeout", async () => {
    const locker = new pg.Client(testDatabase.url!);
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE unit IN ACCESS EXCLUSIVE MODE");
      const started = Date.now();
      const response = await admin.get("/api/v1/units");
      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBe("5");
      expect(response.json()).toMatchObject({ error: "database_unavailable", message: expect.stringMatching(/did not answer in time/) });
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await locker.query("ROLLBACK");
      await locker.end();
    }
    expect((await admin.get("/api/v1/units")).statusCode).toBe(200);
  });

  it("answers 503 when no pooled connection frees up within the connection timeout", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holders = [db.transaction(() => held), db.transaction(() => held)];
    try {
      const response = await admin.get("/api/v1/units");
      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBe("5");
    } finally {
      release();
      await Promise.all(holders);
    }
    expect((await admin.get("/api/v1/units")).statusCode).toBe(200);
  });
});
