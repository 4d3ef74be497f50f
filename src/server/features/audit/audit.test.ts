import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit, sealPendingAudit, verifyAuditChain } from "../../platform/audit/audit";
import { createAgency } from "../../test-support/accounts";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
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

  it("names the record of each row shown (person, case, user, unit), but never a record of another agency", async () => {
    type Entry = { action: string; recordType: string | null; recordId: string | null; recordName: string | null };
    const officer = await signIn(test, "officer.north1");
    const entry = await intake(officer, { person: { firstName: "Named", middleName: "In", lastName: "Audit" } });
    expect((await officer.get(`/api/v1/people/${entry.personId}`)).statusCode).toBe(200);
    expect((await officer.get(`/api/v1/cases/${entry.caseId}`)).statusCode).toBe(200);
    const fullName = "Named In Audit";
    const admin = await signIn(test, "admin");
    const unit = (await admin.post("/api/v1/units", { name: "Named Office" })).json();
    expect((await admin.patch(`/api/v1/units/${unit.id}`, { name: "Renamed Office" })).statusCode).toBe(200);

    const byAction = async (action: string) => (await auditor.get(`/api/v1/audit?action=${action}&limit=5`)).json().entries as Entry[];
    const personRead = (await byAction("person.read")).find((row) => row.recordId === entry.personId);
    expect(personRead).toMatchObject({ recordType: "person", recordName: fullName });
    const caseRead = (await byAction("case.read")).find((row) => row.recordId === entry.caseId);
    expect(caseRead).toMatchObject({ recordType: "case", recordName: fullName });
    const signInRow = (await byAction("auth.sign_in")).find((row) => row.recordType === "user");
    const [signedIn] = await test.db.query<{ display_name: string }>("SELECT display_name FROM app_user WHERE id = $1", [
      signInRow?.recordId,
    ]);
    expect(signInRow?.recordName).toBe(signedIn?.display_name);
    const [renamed] = await byAction("unit.rename");
    expect(renamed).toMatchObject({ recordType: "unit", recordId: unit.id, recordName: "Renamed Office" });

    // Rows naming a record the searching agency does not hold, or an id that is no uuid, stay unnamed (and do not fail).
    const { agencyId: otherAgencyId } = await createAgency(test, "Audit Names County", "Far Office");
    const [stranger] = await test.db.query<{ id: string }>(
      `INSERT INTO person (agency_id, agency_person_number, first_name, last_name, date_of_birth)
       VALUES ($1, 'FAR-1', 'Faraway', 'Stranger', '1980-01-01') RETURNING id`,
      [otherAgencyId],
    );
    const [demoAgency] = await test.db.query<{ agency_id: string }>("SELECT agency_id FROM app_user WHERE username = 'admin'");
    const source = {
      agencyId: demoAgency!.agency_id,
      actorUserId: null,
      actorUsername: "probe",
      sessionRef: null,
      ip: null,
      userAgent: null,
    };
    await appendAudit(
      test.db,
      source,
      { action: "probe.foreign", outcome: "allowed", recordType: "person", recordId: stranger!.id },
      test.clock.now(),
    );
    await appendAudit(
      test.db,
      source,
      { action: "probe.foreign", outcome: "allowed", recordType: "agency", recordId: otherAgencyId },
      test.clock.now(),
    );
    await appendAudit(
      test.db,
      source,
      { action: "probe.foreign", outcome: "allowed", recordType: "person", recordId: "not-a-uuid" },
      test.clock.now(),
    );
    const foreign = await byAction("probe.foreign");
    expect(foreign).toHaveLength(3);
    expect(foreign.map((row) => row.recordName)).toEqual([null, null, null]);
    expect(JSON.stringify(foreign)).not.toContain("Stranger");

    // Only auditors read the log, names included; the export keeps its columns.
    expect((await admin.get("/api/v1/audit?action=person.read")).statusCode).toBe(403);
    expect((await officer.get("/api/v1/audit?action=person.read")).statusCode).toBe(403);
    const csv = (await auditor.get("/api/v1/audit/export.csv?action=person.read")).body;
    expect(csv).not.toContain(fullName);
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
