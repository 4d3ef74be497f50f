import { createHash } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { type Client, clientFor, createTestApp, createTestDatabase, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { openPostgres } from "../db/database";
import { listMigrations, migrate } from "../db/migrate";
import { type AuditCheckpoint, genesisHash, sealPendingAudit, verifyAuditChain } from "./audit";

const count = async (test: TestApp, sql: string, params: unknown[] = []) =>
  (await test.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${sql}`, params))[0]!.count;

const verify = (test: TestApp, options: { checkpoints?: AuditCheckpoint[]; now?: Date } = {}) =>
  verifyAuditChain(test.db, { secretKey: test.deps.config.secretKey, now: options.now ?? test.clock.now(), ...options });

/** A logger whose lines the test can read: the application log the checkpoints are copied to. */
function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

async function sealAll(test: TestApp, log = test.deps.log): Promise<number> {
  return sealPendingAudit({ db: test.db, log, config: test.deps.config }, test.clock.now());
}

describe(`audit chain sealed off the request path (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let personId: string;

  beforeAll(async () => {
    test = await createTestApp();
    officer = await signIn(test, "officer.north1");
    ({ personId } = await intake(officer, { person: { firstName: "Chain" } }));
    await sealAll(test);
  });
  afterAll(() => test.close());

  it("writes the audit row in the request's transaction without a hash; the sealer links it and records a signed checkpoint", async () => {
    const before = await count(test, "audit_seal");
    expect((await officer.get(`/api/v1/people/${personId}`)).statusCode).toBe(200);
    const [row] = await test.db.query<{ id: number; row_hash: string | null }>(
      "SELECT id, row_hash FROM audit_log WHERE action = 'person.read' ORDER BY id DESC LIMIT 1",
    );
    expect(row!.row_hash).toBeNull();
    expect(await count(test, "audit_seal WHERE audit_id = $1", [row!.id])).toBe(0);

    const { log, lines } = capturingLog();
    expect(await sealAll(test, log)).toBeGreaterThan(0);
    expect(await count(test, "audit_seal WHERE audit_id = $1", [row!.id])).toBe(1);
    const result = await verify(test);
    expect(result).toMatchObject({ ok: true, unsealed: { count: 0 } });
    expect(result.rowsChecked).toBe(await count(test, "audit_seal"));
    expect(result.rowsChecked).toBeGreaterThan(before);
    const logged = lines.find((line) => line.msg === "audit checkpoint")?.auditCheckpoint as Record<string, unknown>;
    expect(logged).toMatchObject({ sealedRows: result.rowsChecked, headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(result.checkpoint).toMatchObject({ sealedRows: result.rowsChecked, headHash: logged.headHash });
  });

  it("stores the request id of the request that wrote the row", async () => {
    const response = await test.app.inject({
      method: "GET",
      url: `/api/v1/people/${personId}`,
      headers: { cookie: officer.cookie, "x-request-id": "audit-chain-test-0001" },
    });
    expect(response.headers["x-request-id"]).toBe("audit-chain-test-0001");
    const rows = await test.db.query<{ action: string }>("SELECT action FROM audit_log WHERE request_id = 'audit-chain-test-0001'");
    expect(rows.map((row) => row.action)).toEqual(["person.read"]);
    // A generated id when the client sends none, the same one the response (and the request log) carries.
    const plain = await officer.get(`/api/v1/people/${personId}`);
    const [latest] = await test.db.query<{ request_id: string }>("SELECT request_id FROM audit_log ORDER BY id DESC LIMIT 1");
    expect(latest!.request_id).toBe(plain.headers["x-request-id"]);
    await sealAll(test);
    expect((await verify(test)).ok).toBe(true);
  });

  it("links every row exactly once, in an order consistent with the requests, under many concurrent requests", async () => {
    const before = await count(test, "audit_log");
    // Concurrent reads and writes, with the sealer running in between, as the job does on a busy server.
    // 30 at once: enough to interleave with the sealers, few enough for the test pool (5 connections) on a busy machine.
    const requests = Array.from({ length: 30 }, (_, index) =>
      index % 3 === 0 ? officer.get("/api/v1/caseload") : officer.get(`/api/v1/people/${personId}`),
    );
    const sealing = Array.from({ length: 5 }, () => sealAll(test));
    const answers = await Promise.all([...requests, ...sealing]);
    const statuses = answers.slice(0, 30).map((answer) => (typeof answer === "number" ? answer : answer.statusCode));
    expect(statuses).toEqual(statuses.map(() => 200));
    // Then one request after another: each must be linked after the one before it.
    const sequentialIds: string[] = [];
    for (let index = 0; index < 5; index++) {
      const response = await officer.get(`/api/v1/people/${personId}`);
      sequentialIds.push(String(response.headers["x-request-id"]));
      if (index % 2 === 0) await sealAll(test);
    }
    await sealAll(test);

    expect(await count(test, "audit_log")).toBeGreaterThanOrEqual(before + 35);
    expect(await count(test, "audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)")).toBe(0);
    expect(await count(test, "audit_unsealed")).toBe(0);
    const [shape] = await test.db.query<{ links: number; rows: number; max_sequence: number }>(
      "SELECT count(*)::int AS links, count(DISTINCT audit_id)::int AS rows, max(sequence)::int AS max_sequence FROM audit_seal",
    );
    expect(shape).toEqual({ links: await count(test, "audit_log"), rows: await count(test, "audit_log"), max_sequence: shape!.links });
    const order = await test.db.query<{ request_id: string }>(
      "SELECT a.request_id FROM audit_seal s JOIN audit_log a ON a.id = s.audit_id WHERE a.request_id = ANY ($1::text[]) ORDER BY s.sequence",
      [sequentialIds],
    );
    expect(order.map((row) => row.request_id)).toEqual(sequentialIds);
    expect(await verify(test)).toMatchObject({ ok: true, unsealed: { count: 0 } });
  });

  it("writes no chain row for background polls of one's own data, but still audits person reads marked background", async () => {
    const background = { cookie: officer.cookie, "x-waypoint-background": "1" };
    const countOf = (action: string) => count(test, "audit_log WHERE action = $1", [action]);
    const visitsBefore = await countOf("field_visit.list");
    const polled = await test.app.inject({ method: "GET", url: "/api/v1/field-visits/active", headers: background });
    expect(polled.statusCode).toBe(200);
    expect(await countOf("field_visit.list")).toBe(visitsBefore);
    expect((await officer.get("/api/v1/field-visits/active")).statusCode).toBe(200);
    expect(await countOf("field_visit.list")).toBe(visitsBefore + 1);

    const readsBefore = await countOf("person.read");
    await test.app.inject({ method: "GET", url: `/api/v1/people/${personId}`, headers: background });
    expect(await countOf("person.read")).toBe(readsBefore + 1);
  });

  it("reports rows left unsealed too long", async () => {
    await sealAll(test);
    expect((await officer.get(`/api/v1/people/${personId}`)).statusCode).toBe(200);
    expect(await verify(test)).toMatchObject({ ok: true, unsealed: { count: 1, overdue: 0 } });
    const later = new Date(test.clock.now().getTime() + 10 * 60_000);
    const late = await verify(test, { now: later });
    expect(late).toMatchObject({ ok: false, unsealed: { count: 1, overdue: 1 } });
    expect(late.reason).toMatch(/1 audit rows have waited more than 300 s to be sealed/);
    await sealAll(test);
    expect((await verify(test, { now: later })).ok).toBe(true);
  });

  it("fails closed: when the row cannot be queued for sealing, the request fails with 503 and nothing is written", async () => {
    const rowsBefore = await count(test, "audit_log");
    const unitsBefore = await count(test, "unit");
    const admin = await signIn(test, "admin");
    const afterSignIn = await count(test, "audit_log");
    await test.db.exec(`
      CREATE FUNCTION refuse_audit_queue() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'queue full'; END; $$;
      CREATE TRIGGER refuse_audit_queue BEFORE INSERT ON audit_unsealed FOR EACH ROW EXECUTE FUNCTION refuse_audit_queue();`);
    try {
      const change = await admin.post("/api/v1/units", { name: "Never Saved" });
      expect(change.statusCode).toBe(503);
      expect(change.json().error).toBe("audit_unavailable");
      const read = await officer.get(`/api/v1/people/${personId}`);
      expect(read.statusCode).toBe(503);
      expect(read.body).not.toContain("Chain");
    } finally {
      await test.db.exec("DROP TRIGGER refuse_audit_queue ON audit_unsealed; DROP FUNCTION refuse_audit_queue();");
    }
    expect(afterSignIn).toBeGreaterThan(rowsBefore);
    expect(await count(test, "audit_log")).toBe(afterSignIn);
    expect(await count(test, "unit")).toBe(unitsBefore);
    await sealAll(test);
    expect((await verify(test)).ok).toBe(true);
  });
});

describe(`two instances on one database (${engineName})`, () => {
  let test: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
    // A second instance: its own connection pool (on PostgreSQL) and app, sharing the database and clock.
    const [{ name }] = (await test.db.query<{ name: string }>("SELECT current_database() AS name")) as [{ name: string }];
    const serverUrl = process.env.TEST_DATABASE_URL;
    const url = serverUrl ? new URL(serverUrl) : null;
    if (url) url.pathname = `/${name}`;
    const db = url ? await openPostgres(url.toString(), { max: 5 }) : test.db;
    const deps = { ...test.deps, db };
    const app = await buildApp(deps, { serveWeb: false });
    second = {
      app,
      db,
      clock: test.clock,
      deps,
      demoSecrets: test.demoSecrets,
      close: async () => {
        await app.close();
        if (db !== test.db) await db.close();
      },
    };
  });
  afterAll(async () => {
    await second?.close();
    await test?.close();
  });

  it("never fork the chain when both seal at once while both serve requests", async () => {
    const officer = await signIn(test, "officer.north1");
    const onSecond = clientFor(second.app, officer.cookie, officer.csrfToken);
    const { personId } = await intake(onSecond, { person: { firstName: "Twin" } });
    for (let round = 0; round < 4; round++) {
      const work = await Promise.all([
        ...Array.from({ length: 20 }, (_, index) => (index % 2 ? officer : onSecond).get(`/api/v1/people/${personId}`)),
        sealAll(test),
        sealAll(second),
        sealAll(test),
        sealAll(second),
      ]);
      const statuses = work.slice(0, 20).map((answer) => (typeof answer === "number" ? answer : answer.statusCode));
      expect(statuses).toEqual(statuses.map(() => 200));
    }
    // Both sealers started together on what is left: between them every row is sealed once.
    await Promise.all(Array.from({ length: 10 }, () => officer.get(`/api/v1/people/${personId}`)));
    const pending = await count(test, "audit_unsealed");
    const sealed = await Promise.all([sealAll(test), sealAll(second), sealAll(test)]);
    expect(sealed.reduce((sum, value) => sum + value, 0) + (await count(test, "audit_unsealed"))).toBe(pending);
    await sealAll(test);

    const [shape] = await test.db.query<{ links: number; rows: number; predecessors: number }>(
      "SELECT count(*)::int AS links, count(DISTINCT audit_id)::int AS rows, count(DISTINCT previous_hash)::int AS predecessors FROM audit_seal",
    );
    const auditRows = await count(test, "audit_log");
    expect(shape).toEqual({ links: auditRows, rows: auditRows, predecessors: auditRows });
    expect(await verifyAuditChain(second.db, { secretKey: test.deps.config.secretKey, now: test.clock.now() })).toMatchObject({
      ok: true,
      rowsChecked: auditRows,
    });
  });
});

describe(`tampering detected by audit:verify (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let personId: string;

  beforeAll(async () => {
    test = await createTestApp();
    officer = await signIn(test, "officer.north1");
    ({ personId } = await intake(officer, { person: { firstName: "Tail" } }));
  });
  afterAll(() => test.close());

  // Only a superuser can switch the guards off; these are the changes the chain and checkpoints exist to reveal.
  async function removeNewest(rows: number): Promise<void> {
    await test.db.exec("ALTER TABLE audit_log DISABLE TRIGGER USER; ALTER TABLE audit_seal DISABLE TRIGGER USER;");
    await test.db.query(
      `WITH doomed AS (SELECT audit_id FROM audit_seal ORDER BY sequence DESC LIMIT $1),
            seals AS (DELETE FROM audit_seal WHERE audit_id IN (SELECT audit_id FROM doomed) RETURNING audit_id)
       SELECT count(*) FROM seals`,
      [rows],
    );
    await test.db.query(
      "DELETE FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id) AND NOT EXISTS (SELECT 1 FROM audit_unsealed u WHERE u.audit_id = a.id)",
    );
    await test.db.exec("ALTER TABLE audit_log ENABLE TRIGGER USER; ALTER TABLE audit_seal ENABLE TRIGGER USER;");
  }

  it("detects the newest rows deleted, with their links, against the signed checkpoint", async () => {
    for (let index = 0; index < 5; index++) await officer.get(`/api/v1/people/${personId}`);
    const { log, lines } = capturingLog();
    await sealPendingAudit({ db: test.db, log, config: test.deps.config }, test.clock.now());
    const intact = await verify(test);
    expect(intact.ok).toBe(true);
    const fromLog = lines.at(-1)!.auditCheckpoint as { sealedRows: number; headHash: string; createdAt: string; signature: string };

    await removeNewest(3);
    const truncated = await verify(test);
    expect(truncated).toMatchObject({ ok: false, rowsChecked: intact.rowsChecked - 3 });
    expect(truncated.reason).toMatch(/rows were removed from the end/);

    // Removing the newest checkpoints as well leaves an older, consistent one: the copy in the log still tells.
    await test.db.exec(
      "ALTER TABLE audit_checkpoint DISABLE TRIGGER USER; DELETE FROM audit_checkpoint; ALTER TABLE audit_checkpoint ENABLE TRIGGER USER;",
    );
    expect((await verify(test)).ok).toBe(true);
    const checked = await verify(test, { checkpoints: [{ ...fromLog, createdAt: new Date(fromLog.createdAt) }] });
    expect(checked.reason).toMatch(/rows were removed from the end/);
  });

  it("refuses a checkpoint not signed with SECRET_KEY", async () => {
    await officer.get(`/api/v1/people/${personId}`);
    await sealAll(test);
    const [head] = await test.db.query<{ sequence: number; row_hash: string }>(
      "SELECT sequence, row_hash FROM audit_seal ORDER BY sequence DESC LIMIT 1",
    );
    await test.db.query("INSERT INTO audit_checkpoint (created_at, sealed_rows, head_hash, signature) VALUES ($1, $2, $3, $4)", [
      test.clock.now(),
      head!.sequence + 100,
      head!.row_hash,
      "0".repeat(64),
    ]);
    expect((await verify(test)).reason).toMatch(/not signed with this SECRET_KEY/);
  });

  it("refuses to update or delete links and checkpoints", async () => {
    await expect(test.db.query("UPDATE audit_seal SET row_hash = 'x'")).rejects.toThrow(/audit_seal is append-only/);
    await expect(test.db.query("DELETE FROM audit_seal")).rejects.toThrow(/append-only/);
    await expect(test.db.query("DELETE FROM audit_checkpoint")).rejects.toThrow(/audit_checkpoint is append-only/);
    await expect(test.db.query("TRUNCATE audit_seal")).rejects.toThrow(/append-only/);
  });
});

describe(`rows chained before the sealer (${engineName})`, () => {
  it("still verify after the migration, and new rows continue their chain", async () => {
    const { db, drop } = await createTestDatabase();
    try {
      // The schema as it was before migration 008, with rows chained in place the way appendAudit did.
      await db.exec("CREATE TABLE schema_migration (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
      for (const migration of listMigrations().filter((candidate) => candidate.version < "008")) {
        await db.exec(migration.sql);
        await db.query("INSERT INTO schema_migration (version) VALUES ($1)", [migration.version]);
      }
      let previousHash = genesisHash;
      for (let index = 0; index < 4; index++) {
        const content = {
          occurred_at: new Date(Date.UTC(2026, 0, 1, 12, 0, index)).toISOString(),
          agency_id: null,
          actor_user_id: null,
          actor_username: `legacy.${index}`,
          session_ref: null,
          ip: "127.0.0.1",
          user_agent: "before",
          action: "auth.sign_in",
          record_type: null,
          record_id: null,
          outcome: "allowed",
          justification: null,
          details: index === 2 ? { attempts: 2, reason: "kept" } : null,
        };
        const canonical = JSON.stringify(Object.fromEntries(Object.entries(content).sort(([a], [b]) => (a < b ? -1 : 1))));
        const rowHash = createHash("sha256").update(previousHash).update("\n").update(canonical).digest("hex");
        await db.query(
          `INSERT INTO audit_log (occurred_at, agency_id, actor_user_id, actor_username, session_ref, ip, user_agent, action, record_type,
             record_id, outcome, justification, details, previous_hash, row_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
          [
            ...Object.values(content).map((value) => (value && typeof value === "object" ? JSON.stringify(value) : value)),
            previousHash,
            rowHash,
          ],
        );
        previousHash = rowHash;
      }

      expect(await migrate(db)).toContain("008_audit_seal");
      const secretKey = "test-secret-key-that-is-long-enough-1234";
      const now = new Date(Date.UTC(2026, 0, 1, 12, 1));
      expect(await verifyAuditChain(db, { secretKey, now })).toMatchObject({ ok: true, rowsChecked: 4, unsealed: { count: 0 } });

      await db.transaction((tx) =>
        tx.query(
          "INSERT INTO audit_log (occurred_at, actor_username, action, outcome, request_id) VALUES ($1, 'after', 'auth.sign_in', 'allowed', 'r-1')",
          [now],
        ),
      );
      expect(await sealPendingAudit({ db, log: pino({ level: "silent" }), config: { secretKey } }, now)).toBe(1);
      const [link] = await db.query<{ previous_hash: string }>("SELECT previous_hash FROM audit_seal WHERE sequence = 5");
      expect(link!.previous_hash).toBe(previousHash);
      expect(await verifyAuditChain(db, { secretKey, now })).toMatchObject({ ok: true, rowsChecked: 5, checkpoint: { sealedRows: 5 } });
    } finally {
      await drop();
    }
  });
});
