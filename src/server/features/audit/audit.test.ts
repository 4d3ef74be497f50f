import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealPendingAudit, verifyAuditChain } from "../../platform/audit/audit";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { csvCell } from "./audit.service";

describe(`audit log (${engineName})`, () => {
  let test: TestApp;
  let auditor: Client;
  beforeAll(async () => {
    test = await createTestApp();
    auditor = await signIn(test, "auditor");
  });
  afterAll(() => test.close());

  it("records who, when, where, what, outcome and justification, with millisecond UTC timestamps", async () => {
    const admin = await signIn(test, "admin");
    await admin.post("/api/v1/units", { name: "Audit Test Office" });
    const page = (await auditor.get("/api/v1/audit?action=unit.create")).json();
    expect(page.entries[0]).toMatchObject({
      actorUsername: "admin",
      action: "unit.create",
      outcome: "allowed",
      justification: "role admin in agency",
      ip: "127.0.0.1",
      userAgent: "lightMyRequest",
    });
    expect(page.entries[0].occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("refuses UPDATE, DELETE and TRUNCATE of audit rows", async () => {
    await expect(test.db.query("UPDATE audit_log SET action = 'edited'")).rejects.toThrow(/append-only/);
    await expect(test.db.query("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    // The chain's links reference the rows, so TRUNCATE is refused before the trigger runs; with CASCADE the links' trigger refuses.
    await expect(test.db.query("TRUNCATE audit_log")).rejects.toThrow(/append-only|referenced in a foreign key/);
    await expect(test.db.query("TRUNCATE audit_log CASCADE")).rejects.toThrow(/append-only/);
  });

  it("searches with filters and pages with a cursor; the search itself is audited", async () => {
    const first = (await auditor.get("/api/v1/audit?limit=2")).json();
    expect(first.entries).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = (await auditor.get(`/api/v1/audit?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.entries[0].id).toBeLessThan(first.entries[1].id);
    const failures = (await auditor.get("/api/v1/audit?outcome=denied")).json();
    expect(failures.entries.every((entry: { outcome: string }) => entry.outcome === "denied")).toBe(true);
    const searches = (await auditor.get("/api/v1/audit?action=audit.search&actor=auditor")).json();
    expect(searches.entries.length).toBeGreaterThanOrEqual(3);
    expect((await auditor.get("/api/v1/audit?limit=0")).statusCode).toBe(400);
    expect((await auditor.get("/api/v1/audit?from=yesterday")).json().issues[0].field).toBe("querystring.from");
  });

  it("exports CSV with a header row and neutralised spreadsheet formulas", async () => {
    const admin = await signIn(test, "admin");
    await admin.post("/api/v1/units", { name: "Export Test Office" });
    const response = await auditor.get("/api/v1/audit/export.csv?action=unit");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/csv/);
    expect(response.headers["content-disposition"]).toMatch(/attachment; filename="waypoint-audit-/);
    const lines = response.body.trim().split("\r\n");
    expect(lines[0]).toBe("id,occurredAt,actorUsername,ip,action,recordType,recordId,outcome,justification,details,userAgent");
    expect(lines.length).toBeGreaterThan(1);
    await admin.post("/api/v1/units", { name: "=HYPERLINK(1)" });
    const exported = (await auditor.get("/api/v1/audit/export.csv?action=unit.create")).body;
    expect(exported).toContain('"{""name"":""=HYPERLINK(1)""}"');
  });

  it("prefixes cells that a spreadsheet would run as formulas", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM")).toBe("'@SUM");
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell(null)).toBe("");
  });

  it("keeps an intact hash chain, and reports the first row changed behind the application's back", async () => {
    // Rows of its own to chain (each search is audited), whatever ran before.
    for (let search = 0; search < 10; search++) await auditor.get("/api/v1/audit?limit=1");
    await sealPendingAudit(test.deps, test.clock.now());
    const verify = () => verifyAuditChain(test.db, { secretKey: test.deps.config.secretKey, now: test.clock.now() });
    const intact = await verify();
    expect(intact.ok).toBe(true);
    expect(intact.rowsChecked).toBeGreaterThan(10);
    const [target] = await test.db.query<{ id: number }>("SELECT id FROM audit_log ORDER BY id OFFSET 5 LIMIT 1");
    // Only a superuser can switch the guard off; this is the tampering the chain exists to reveal.
    await test.db.exec("ALTER TABLE audit_log DISABLE TRIGGER USER");
    await test.db.query("UPDATE audit_log SET outcome = 'allowed', justification = 'nothing to see' WHERE id = $1", [target!.id]);
    await test.db.exec("ALTER TABLE audit_log ENABLE TRIGGER USER");
    const broken = await verify();
    expect(broken).toMatchObject({ ok: false, brokenAtId: target!.id, reason: "row content does not match its hash" });
  });

  it("fails closed: when the audit row cannot be written, the change is not saved", async () => {
    const admin = await signIn(test, "admin");
    await test.db.exec(`
      CREATE FUNCTION refuse_audit_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END; $$;
      CREATE TRIGGER refuse_audit_insert BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit_insert();`);
    try {
      const response = await admin.post("/api/v1/units", { name: "Should Not Exist" });
      expect(response.statusCode).toBe(503);
      expect(response.json().error).toBe("audit_unavailable");
      expect(response.body).not.toContain("disk full");
      expect(await test.db.query("SELECT 1 FROM unit WHERE name = 'Should Not Exist'")).toHaveLength(0);
    } finally {
      await test.db.exec("DROP TRIGGER refuse_audit_insert ON audit_log; DROP FUNCTION refuse_audit_insert();");
    }
  });
});
