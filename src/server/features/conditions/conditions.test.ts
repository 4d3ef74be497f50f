import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, signInAccount } from "../../test-support/accounts";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";

type Condition = {
  id: string;
  code: string;
  title: string;
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
  let supervisor: Client;
  let southSupervisor: Client;
  let lead: Client;
  let caseId: string;
  let personId: string;
  let typeId: (code: string) => string;
  const conditionsOf = async (person = personId) =>
    (await officer.get(`/api/v1/people/${person}`)).json().cases[0].conditions as Condition[];

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-02T12:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    southSupervisor = await signIn(test, "supervisor.south");
    // An officer who is also the unit's supervisor: may decide others' requests, never their own.
    const [north] = await test.db.query<{ agency_id: string; unit_id: string }>(
      "SELECT agency_id, unit_id FROM app_user WHERE username = 'supervisor.north'",
    );
    await createAccount(test, {
      username: "lead.north",
      displayName: "Lead North",
      roles: ["officer", "supervisor"],
      agencyId: north!.agency_id,
      unitId: north!.unit_id,
    });
    lead = await signInAccount(test, "lead.north");
    test.clock.set(new Date("2026-03-02T12:00:00Z"));
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
    // A second change made from the replaced version (a form opened before the first was saved): which condition,
    // who changed it and what changed, in words, and nothing written.
    const second = await officer.post(`/api/v1/conditions/${curfew.id}/modifications`, {
      parameters: { start: "23:00", end: "06:00" },
      effectiveFrom: "2026-05-01",
      orderedBy: "Court",
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: "edit_conflict", issues: [{ field: "expectedVersion" }] });
    expect(second.json().message).toBe(
      `Olivia Ortiz recorded a new version of ${curfew.title} after you opened it, in force from Apr 1, 2026 (start 21:00 → 22:00; days Friday, Saturday → none). ` +
        "Reload to see the current version, then change that one if you still need to.",
    );
    const ending = await officer.post(`/api/v1/conditions/${curfew.id}/end`, { effectiveTo: "2026-04-15", reason: "Court order" });
    expect(ending.json().message).toMatch(/^Olivia Ortiz recorded a new version of .* then end that one if you still need to\.$/);
    expect((await conditionsOf(own.personId)).filter((condition) => condition.code === "CURFEW")).toHaveLength(2);
    expect((await officer.patch(`/api/v1/conditions/${modified.json().id}/compliance`, { compliance: "non_compliant" })).statusCode).toBe(
      200,
    );
    expect((await conditionsOf(own.personId)).find((condition) => condition.id === modified.json().id)!.compliance).toBe("non_compliant");
  });

  it("drafts a modification request, which the officer submits and a supervisor of the unit grants, adding the condition", async () => {
    const request = await officer.post(`/api/v1/cases/${caseId}/modification-requests`, {
      conditionTypeId: typeId("TREATMENT"),
      proposedParameters: { program: "Intensive outpatient", sessionsPerWeek: 3 },
      justification: "Two positive tests in February; assessment recommends IOP.",
    });
    expect(request.statusCode).toBe(201);
    expect(request.json()).toMatchObject({
      status: "drafted",
      change: "add",
      conditionTitle: expect.any(String),
      createdByName: expect.any(String),
    });
    const id = request.json().id;
    // A draft is not for a decision yet; and a decision is never the officer's.
    expect((await supervisor.patch(`/api/v1/modification-requests/${id}`, { status: "granted" })).statusCode).toBe(409);
    expect((await officer.patch(`/api/v1/modification-requests/${id}`, { status: "submitted" })).json().status).toBe("submitted");
    const byOfficer = await officer.patch(`/api/v1/modification-requests/${id}`, { status: "granted" });
    expect(byOfficer.statusCode).toBe(403);
    // The supervisor of another unit neither sees it awaiting a decision nor decides it.
    expect((await southSupervisor.get("/api/v1/modification-requests")).json().map((pending: { id: string }) => pending.id)).not.toContain(
      id,
    );
    expect((await southSupervisor.patch(`/api/v1/modification-requests/${id}`, { status: "granted" })).statusCode).toBe(403);
    expect((await officer.get("/api/v1/modification-requests")).statusCode).toBe(403);
    const awaiting = (await supervisor.get("/api/v1/modification-requests")).json();
    expect(awaiting.find((pending: { id: string }) => pending.id === id)).toMatchObject({ caseNumber: expect.any(String), personId });

    const granted = await supervisor.patch(`/api/v1/modification-requests/${id}`, { status: "granted" });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({
      status: "granted",
      decidedAt: test.clock.now().toISOString(),
      decidedByName: expect.any(String),
    });
    // The grant applied it: a treatment condition from the grant's day, ordered by the case's authority.
    const treatment = (await conditionsOf()).find((condition) => condition.id === granted.json().resultingConditionId)!;
    expect(treatment).toMatchObject({ code: "TREATMENT", effectiveFrom: "2026-03-02", effectiveTo: null });
    expect(treatment.parameters).toEqual({ program: "Intensive outpatient", sessionsPerWeek: 3 });
    expect((await supervisor.get("/api/v1/modification-requests")).json().map((pending: { id: string }) => pending.id)).not.toContain(id);
    // A second supervisor's decision from the page as it was: the request was already granted, by whom.
    const late = await supervisor.patch(`/api/v1/modification-requests/${id}`, { status: "denied" });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({
      error: "edit_conflict",
      message: `The request to add ${request.json().conditionTitle} was already granted by Samuel Okafor, so it cannot be denied. Reload to see where it stands.`,
    });
    expect((await officer.get(`/api/v1/cases/${caseId}/modification-requests`)).json()).toHaveLength(1);

    // A refused decision is audited as denied.
    const [denial] = await test.db.query<{ outcome: string }>(
      "SELECT outcome FROM audit_log WHERE action = 'condition.modification_request_status' AND record_id = $1 AND outcome = 'denied' LIMIT 1",
      [id],
    );
    expect(denial?.outcome).toBe("denied");
  });

  it("grants a change as a new version of the condition's current version, and an end by ending it", async () => {
    const { caseId: paroleCase, personId: parolee } = await intake(officer, {
      case: { supervisionType: "parole", authorityName: "State Board of Pardons and Paroles" },
    });
    const attached = await officer.post(`/api/v1/cases/${paroleCase}/conditions`, {
      conditionTypeId: typeId("CURFEW"),
      effectiveFrom: "2026-01-01",
      orderedBy: "State Board of Pardons and Paroles",
      parameters: { start: "21:00", end: "06:00" },
    });
    const raise = (body: Record<string, unknown>) =>
      officer.post(`/api/v1/cases/${paroleCase}/modification-requests`, {
        conditionTypeId: typeId("CURFEW"),
        justification: "Works nights",
        ...body,
      });
    // Parole cases too: the request goes to the parole board.
    const change = await raise({ conditionId: attached.json().id, proposedParameters: { start: "23:00", end: "06:00" } });
    expect(change.statusCode).toBe(201);
    expect(change.json().change).toBe("change");
    expect(
      (await raise({ conditionId: attached.json().id, proposedParameters: { start: "23:00", end: "26:00" } })).json().issues[0].field,
    ).toBe("proposedParameters.end");
    expect((await raise({ change: "end" })).json().issues[0].field).toBe("conditionId");
    expect(
      (await raise({ conditionId: attached.json().id, conditionTypeId: typeId("TREATMENT"), proposedParameters: {} })).statusCode,
    ).toBe(400);
    // The officer makes a version of their own meanwhile: the grant changes the current one.
    const own = await officer.post(`/api/v1/conditions/${attached.json().id}/modifications`, {
      parameters: { start: "22:00", end: "06:00" },
      effectiveFrom: "2026-02-01",
      orderedBy: "State Board of Pardons and Paroles",
    });
    await officer.patch(`/api/v1/modification-requests/${change.json().id}`, { status: "submitted" });
    const granted = (await supervisor.patch(`/api/v1/modification-requests/${change.json().id}`, { status: "granted" })).json();
    const curfews = (await conditionsOf(parolee)).filter((condition) => condition.code === "CURFEW");
    expect(curfews.map((version) => [version.parameters.start, version.effectiveFrom, version.effectiveTo])).toEqual([
      ["21:00", "2026-01-01", "2026-01-31"],
      ["22:00", "2026-02-01", "2026-03-01"],
      ["23:00", "2026-03-02", null],
    ]);
    expect(curfews[2]).toMatchObject({ id: granted.resultingConditionId, supersedes: own.json().id });
    expect((curfews[2] as Condition & { orderedBy: string }).orderedBy).toBe("State Board of Pardons and Paroles");

    const end = await raise({ conditionId: curfews[2]!.id, change: "end" });
    await officer.patch(`/api/v1/modification-requests/${end.json().id}`, { status: "submitted" });
    // Denied: nothing changes. A second request to end it is granted: it ends on the grant's day.
    const denied = await supervisor.patch(`/api/v1/modification-requests/${end.json().id}`, { status: "denied" });
    expect(denied.json()).toMatchObject({ status: "denied", resultingConditionId: null });
    expect((await conditionsOf(parolee)).find((condition) => condition.id === curfews[2]!.id)!.effectiveTo).toBeNull();
    const again = await raise({ conditionId: curfews[2]!.id, change: "end" });
    await officer.patch(`/api/v1/modification-requests/${again.json().id}`, { status: "submitted" });
    expect((await supervisor.patch(`/api/v1/modification-requests/${again.json().id}`, { status: "granted" })).statusCode).toBe(200);
    expect((await conditionsOf(parolee)).find((condition) => condition.id === curfews[2]!.id)!.effectiveTo).toBe("2026-03-02");
  });

  it("never lets the person who raised a request decide it, even a supervisor", async () => {
    const { caseId: leadCase } = await intake(lead);
    const request = await lead.post(`/api/v1/cases/${leadCase}/modification-requests`, {
      conditionTypeId: typeId("TREATMENT"),
      proposedParameters: { program: "Anger management" },
      justification: "Assessment",
    });
    expect(request.statusCode).toBe(201);
    await lead.patch(`/api/v1/modification-requests/${request.json().id}`, { status: "submitted" });
    const own = await lead.patch(`/api/v1/modification-requests/${request.json().id}`, { status: "granted" });
    expect(own.statusCode).toBe(403);
    const [audit] = await test.db.query<{ justification: string }>(
      "SELECT justification FROM audit_log WHERE record_id = $1 AND outcome = 'denied'",
      [request.json().id],
    );
    expect(audit?.justification).toMatch(/own account/);
    expect((await supervisor.patch(`/api/v1/modification-requests/${request.json().id}`, { status: "denied" })).statusCode).toBe(200);
  });

  it("ends a condition on its last day, once, and not before it starts", async () => {
    const own = await intake(officer);
    const attached = await officer.post(`/api/v1/cases/${own.caseId}/conditions`, {
      conditionTypeId: typeId("CURFEW"),
      effectiveFrom: "2026-03-01",
      orderedBy: "Superior Court, Demo County",
      parameters: { start: "21:00", end: "06:00" },
    });
    const id = attached.json().id;
    const early = await officer.post(`/api/v1/conditions/${id}/end`, { effectiveTo: "2026-02-01", reason: "Court order" });
    expect(early.statusCode).toBe(400);
    expect(early.json().issues[0].field).toBe("effectiveTo");
    expect((await officer.post(`/api/v1/conditions/${id}/end`, { effectiveTo: "2026-03-05" })).statusCode).toBe(400);
    expect(
      (await officer.post(`/api/v1/conditions/${id}/end`, { effectiveTo: "2026-03-05", reason: "Court order of March 4" })).statusCode,
    ).toBe(200);
    expect((await conditionsOf(own.personId)).find((condition) => condition.id === id)!.effectiveTo).toBe("2026-03-05");
    const again = await officer.post(`/api/v1/conditions/${id}/end`, { effectiveTo: "2026-03-06", reason: "Again" });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/ has already ended: its last day is Mar 5, 2026\. Reload to see the current conditions\.$/);
    const stranger = await signIn(test, "officer.south1");
    expect((await stranger.post(`/api/v1/conditions/${id}/end`, { effectiveTo: "2026-03-06", reason: "x" })).statusCode).toBe(403);
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
