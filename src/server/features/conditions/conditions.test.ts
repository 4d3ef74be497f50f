import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";

type Condition = {
  id: string;
  code: string;
  parameters: Record<string, unknown>;
  effectiveFrom: string;
  effectiveTo: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  compliance: string;
};

describe(`conditions (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let caseId: string;
  let personId: string;
  let typeId: (code: string) => string;
  const conditionsOf = async (person = personId) =>
    (await officer.get(`/api/v1/people/${person}`)).json().cases[0].conditions as Condition[];

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-02T12:00:00Z"));
    officer = await signIn(test, "officer.north1");
    ({ caseId, personId } = await intake(officer));
    const catalogue: { id: string; code: string }[] = (await officer.get("/api/v1/condition-types")).json();
    typeId = (code) => catalogue.find((entry) => entry.code === code)!.id;
  });
  afterAll(() => test.close());

  it("gives every new case the agency's standard conditions, ordered by its authority", async () => {
    const conditions = await conditionsOf();
    expect(conditions.map((condition) => condition.code)).toEqual(["STD-LAWS", "STD-REPORT", "STD-RESIDENCE", "STD-SEARCH", "STD-WEAPONS"]);
  });

  it("attaches a curfew with typed hours and refuses a parameter of the wrong type, naming it", async () => {
    const base = { conditionTypeId: typeId("CURFEW"), effectiveFrom: "2026-03-01", orderedBy: "Superior Court, Demo County" };
    const bad = await officer.post(`/api/v1/cases/${caseId}/conditions`, { ...base, parameters: { start: "21:00", end: "25:00" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([{ field: "parameters.end", message: "use a 24-hour time from 00:00 to 23:59" }]);
    const unknown = await officer.post(`/api/v1/cases/${caseId}/conditions`, {
      ...base,
      parameters: { start: "21:00", end: "06:00", bedtime: true },
    });
    expect(unknown.json().issues[0]).toEqual({ field: "parameters.bedtime", message: "unknown parameter" });
    const backwards = await officer.post(`/api/v1/cases/${caseId}/conditions`, {
      ...base,
      effectiveTo: "2026-02-01",
      parameters: { start: "21:00", end: "06:00" },
    });
    expect(backwards.json().issues[0].field).toBe("effectiveTo");
    const good = await officer.post(`/api/v1/cases/${caseId}/conditions`, {
      ...base,
      parameters: { start: "21:00", end: "06:00", days: ["fri", "sat"] },
    });
    expect(good.statusCode).toBe(201);
    expect((await conditionsOf()).filter((condition) => condition.code === "CURFEW")).toHaveLength(1);
  });

  it("keeps every version when a condition is modified", async () => {
    // A case of its own with a curfew to modify.
    const own = await intake(officer);
    const attached = await officer.post(`/api/v1/cases/${own.caseId}/conditions`, {
      conditionTypeId: typeId("CURFEW"),
      effectiveFrom: "2026-03-01",
      orderedBy: "Superior Court, Demo County",
      parameters: { start: "21:00", end: "06:00", days: ["fri", "sat"] },
    });
    expect(attached.statusCode).toBe(201);
    const curfew = (await conditionsOf(own.personId)).find((condition) => condition.code === "CURFEW")!;
    const modified = await officer.post(`/api/v1/conditions/${curfew.id}/modifications`, {
      parameters: { start: "22:00", end: "06:00" },
      effectiveFrom: "2026-04-01",
      orderedBy: "Superior Court, Demo County",
    });
    expect(modified.statusCode).toBe(201);
    const versions = (await conditionsOf(own.personId)).filter((condition) => condition.code === "CURFEW");
    expect(versions.map((version) => [version.parameters.start, version.effectiveFrom, version.effectiveTo])).toEqual([
      ["21:00", "2026-03-01", "2026-03-31"],
      ["22:00", "2026-04-01", null],
    ]);
    expect(versions[1]!.supersedes).toBe(curfew.id);
    // The reverse link is derived from `supersedes`, not stored twice.
    expect(versions.map((version) => version.supersededBy)).toEqual([modified.json().id, null]);
    expect(
      (
        await officer.post(`/api/v1/conditions/${curfew.id}/modifications`, {
          parameters: { start: "23:00", end: "06:00" },
          effectiveFrom: "2026-05-01",
          orderedBy: "Court",
        })
      ).statusCode,
    ).toBe(409);
    expect((await officer.patch(`/api/v1/conditions/${modified.json().id}/compliance`, { compliance: "non_compliant" })).statusCode).toBe(
      200,
    );
    expect((await conditionsOf(own.personId)).find((condition) => condition.id === modified.json().id)!.compliance).toBe("non_compliant");
  });

  it("drafts a court modification request for probation and moves it through its statuses", async () => {
    const request = await officer.post(`/api/v1/cases/${caseId}/modification-requests`, {
      conditionTypeId: typeId("TREATMENT"),
      proposedParameters: { program: "Intensive outpatient", sessionsPerWeek: 3 },
      justification: "Two positive tests in February; assessment recommends IOP.",
    });
    expect(request.statusCode).toBe(201);
    expect(request.json().status).toBe("drafted");
    const id = request.json().id;
    expect((await officer.patch(`/api/v1/modification-requests/${id}`, { status: "granted" })).statusCode).toBe(409);
    expect((await officer.patch(`/api/v1/modification-requests/${id}`, { status: "submitted" })).json().status).toBe("submitted");
    const granted = (await officer.patch(`/api/v1/modification-requests/${id}`, { status: "granted" })).json();
    expect(granted.decidedAt).toBe(test.clock.now().toISOString());
    expect((await officer.get(`/api/v1/cases/${caseId}/modification-requests`)).json()).toHaveLength(1);

    const { caseId: paroleCase } = await intake(officer, {
      case: { supervisionType: "parole", authorityName: "State Board of Pardons and Paroles" },
    });
    const refused = await officer.post(`/api/v1/cases/${paroleCase}/modification-requests`, {
      conditionTypeId: typeId("CURFEW"),
      proposedParameters: { start: "20:00", end: "06:00" },
      justification: "x",
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/parole board/);
  });

  it("keeps the catalogue to administrators", async () => {
    expect((await officer.post("/api/v1/condition-types", { code: "SOCIAL", title: "No social media", kind: "standard" })).statusCode).toBe(
      403,
    );
    const admin = await signIn(test, "admin");
    expect((await admin.post("/api/v1/condition-types", { code: "SOCIAL", title: "No social media", kind: "standard" })).statusCode).toBe(
      201,
    );
    expect((await admin.post("/api/v1/condition-types", { code: "SOCIAL", title: "Again", kind: "standard" })).statusCode).toBe(409);
  });
});
