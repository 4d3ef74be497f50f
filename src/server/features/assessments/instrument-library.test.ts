import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, createAgency, signInAccount } from "../../test-support/accounts";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { brokenScreener, countyRiskInstrument, housingScreener } from "../../test-support/instrument-fixtures";
import { intake } from "../../test-support/supervision-fixtures";

describe(`instrument library: importing, publishing and retiring (${engineName})`, () => {
  let test: TestApp;
  let admin: Client;
  let officer: Client;
  let otherAdmin: Client;

  const entry = async (id: string, version: number) =>
    ((await admin.get("/api/v1/instruments")).json().instruments as { id: string; version: number; status: string }[]).find(
      (candidate) => candidate.id === id && candidate.version === version,
    );
  const startable = async (caseId: string) =>
    ((await officer.get(`/api/v1/cases/${caseId}/assessments`)).json().instruments as { id: string; version: number }[]).map(
      (instrument) => `${instrument.id}@${instrument.version}`,
    );

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-02T15:00:00Z"));
    admin = await signIn(test, "admin");
    officer = await signIn(test, "officer.north1");
    const other = await createAgency(test, "Other County", "East");
    await createAccount(test, {
      username: "admin.other",
      displayName: "Ola Other",
      roles: ["admin"],
      agencyId: other.agencyId,
      unitId: null,
    });
    otherAdmin = await signInAccount(test, "admin.other");
  });
  afterAll(() => test.close());

  it("lists the shipped instruments as active, for administrators only", async () => {
    const list = await admin.get("/api/v1/instruments");
    expect(list.statusCode).toBe(200);
    expect(list.json().instruments).toContainEqual(
      expect.objectContaining({ id: "general_risk_needs", version: 2, source: "shipped", status: "active", importedBy: null }),
    );
    expect((await officer.get("/api/v1/instruments")).statusCode).toBe(403);
    expect((await officer.post("/api/v1/instruments", { definition: housingScreener })).statusCode).toBe(403);
    const denied = await auditRows(test.db, "action = 'instrument.import' AND outcome = 'denied'");
    expect(denied).toHaveLength(1);
  });

  it("rejects a broken definition with every problem and its path, writing nothing", async () => {
    const rejected = await admin.post("/api/v1/instruments", { definition: brokenScreener });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().issues).toEqual([
      { field: "definition.domains[1].items", message: 'domain "food" has no items' },
      { field: "definition.domains[0].items[1].askWhen.item", message: 'names item "sleeps_rough", which the instrument does not have' },
      { field: "definition.cutoffs[0].bands[1].min", message: "overlap: 1 is also in the band before (0 to 1)" },
    ]);
    expect(rejected.json().message).toContain('definition.domains[0].items[1].askWhen.item: names item "sleeps_rough"');
    expect(await entry("county_broken_check", 1)).toBeUndefined();
    // Not an object at all, and a shape error: the schema's problems with their paths.
    const shapeless = await admin.post("/api/v1/instruments", { definition: { ...housingScreener, version: "one" } });
    expect(shapeless.statusCode).toBe(400);
    expect(shapeless.json().issues.map((issue: { field: string }) => issue.field)).toEqual(["definition.version"]);
    expect((await admin.post("/api/v1/instruments", { definition: "not an instrument" })).statusCode).toBe(400);
  });

  it("imports a draft officers cannot start until it is published; a retired version keeps its assessments", async () => {
    const { caseId } = await intake(officer);
    const imported = await admin.post("/api/v1/instruments", { definition: housingScreener });
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({
      id: "county_housing_check",
      version: 1,
      source: "imported",
      importedBy: "Ada Whitfield",
      importedAt: test.clock.now().toISOString(),
      status: "draft",
      domains: 1,
      items: 2,
    });
    expect(await startable(caseId)).not.toContain("county_housing_check@1");
    const early = await officer.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "county_housing_check" });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain("not published");

    // The same file again changes nothing; a changed definition under the same version is refused.
    expect((await admin.post("/api/v1/instruments", { definition: housingScreener })).statusCode).toBe(200);
    const changed = { ...housingScreener, title: "County housing check (revised)" };
    const clash = await admin.post("/api/v1/instruments", { definition: changed });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().message).toContain("give it version 2");
    expect((await entry("county_housing_check", 1)) as unknown).toMatchObject({ status: "draft" });
    expect((await admin.post("/api/v1/instruments", { definition: { ...changed, version: 2 } })).statusCode).toBe(201);

    const published = await admin.post("/api/v1/instruments/county_housing_check/versions/1/publish");
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: "active", statusChangedBy: "Ada Whitfield" });
    expect((await admin.post("/api/v1/instruments/county_housing_check/versions/1/publish")).statusCode).toBe(409);
    // Version 2 is still a draft: officers start on version 1.
    expect(await startable(caseId)).toContain("county_housing_check@1");
    const started = await officer.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "county_housing_check" });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({ instrument: { id: "county_housing_check", version: 1 } });
    const id = started.json().id;
    expect(
      (
        await officer.put(`/api/v1/assessments/${id}/answers`, {
          answers: { no_fixed_address: true, nights_outside: 4 },
          expectedVersion: 1,
        })
      ).statusCode,
    ).toBe(200);
    const completed = await officer.post(`/api/v1/assessments/${id}/complete`, { expectedVersion: 2 });
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({ score: { total: 2, category: { id: "at_risk" } }, riskLevel: null });
    expect((await officer.get("/api/v1/instruments/county_housing_check/versions/1")).json().title).toBe("County housing check");

    expect((await admin.post("/api/v1/instruments/county_housing_check/versions/1/retire")).statusCode).toBe(200);
    expect((await officer.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "county_housing_check" })).statusCode).toBe(409);
    expect(await startable(caseId)).not.toContain("county_housing_check@1");
    expect((await officer.get(`/api/v1/assessments/${id}`)).json()).toMatchObject({
      status: "completed",
      instrument: { version: 1 },
      score: { total: 2 },
    });
    expect(await entry("county_housing_check", 1)).toMatchObject({ status: "retired", assessmentsCompleted: 1 });
    expect((await admin.post("/api/v1/instruments/county_housing_check/versions/2/retire")).statusCode).toBe(400);

    const audit = await auditRows(test.db, "action LIKE 'instrument.%' AND action <> 'instrument.read' AND action <> 'instrument.list'");
    expect(audit.map((row) => `${row.action} ${row.outcome}`)).toEqual(
      expect.arrayContaining(["instrument.import allowed", "instrument.published allowed", "instrument.retired allowed"]),
    );
  });

  it("keeps an agency's instruments its own, and the shipped ids Waypoint's", async () => {
    // The demo agency's import of the id (the same content again answers 200 when an earlier test made it).
    expect([200, 201]).toContain((await admin.post("/api/v1/instruments", { definition: housingScreener })).statusCode);
    expect((await otherAdmin.get("/api/v1/instruments")).json().instruments.map((row: { id: string }) => row.id)).not.toContain(
      "county_housing_check",
    );
    const taken = await otherAdmin.post("/api/v1/instruments", { definition: { ...housingScreener, version: 7 } });
    expect(taken.statusCode).toBe(409);
    expect((await otherAdmin.post("/api/v1/instruments/county_housing_check/versions/1/publish")).statusCode).toBe(404);
    const shipped = await admin.post("/api/v1/instruments", {
      definition: { ...housingScreener, id: "general_risk_needs", version: 9 },
    });
    expect(shipped.statusCode).toBe(409);
    expect(shipped.json().message).toContain("shipped with Waypoint");
  });

  it("lets only one of two agencies importing a new id at the same moment take it", async () => {
    const definition = { ...housingScreener, id: "shared_name_check" };
    const answers = await Promise.all([
      admin.post("/api/v1/instruments", { definition }),
      otherAdmin.post("/api/v1/instruments", { definition: { ...definition, version: 2 } }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    const [owners] = await test.db.query<{ agencies: number }>(
      "SELECT count(DISTINCT agency_id)::int AS agencies FROM imported_instrument WHERE instrument_id = 'shared_name_check'",
    );
    expect(owners).toEqual({ agencies: 1 });
  });

  it("asks a risk and needs instrument for its level tables, then sets the case's level from them", async () => {
    const missing = await admin.post("/api/v1/instruments", {
      definition: countyRiskInstrument.definition,
      riskLevels: { low: "low" },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().issues.map((issue: { field: string }) => issue.field)).toEqual(["riskLevels.high", "supervisionLevels"]);
    expect((await admin.post("/api/v1/instruments", countyRiskInstrument)).statusCode).toBe(201);
    expect((await admin.post("/api/v1/instruments/county_risk/versions/1/publish")).statusCode).toBe(200);

    const { caseId } = await intake(officer);
    const started = await officer.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "county_risk" });
    const id = started.json().id;
    await officer.put(`/api/v1/assessments/${id}/answers`, { answers: { no_fixed_address: true, nights_outside: 0 }, expectedVersion: 1 });
    const completed = await officer.post(`/api/v1/assessments/${id}/complete`, { expectedVersion: 2 });
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({ riskLevel: "high", score: { category: { id: "high" } } });
    const [row] = await test.db.query("SELECT supervision_level, risk_level FROM supervision_case WHERE id = $1", [caseId]);
    expect(row).toEqual({ supervision_level: "intensive", risk_level: "high" });
  });
});
