import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, signInAccount } from "../../test-support/accounts";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { caseVersion, intake } from "../../test-support/supervision-fixtures";

// Who works a case: transfers and co-officers are changes of the case, made from the version the supervisor saw
// (platform/db/versioned.ts); a change the page no longer matches is a 409 saying why, never a silent success.
describe(`transfers and co-officers from the case's version (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;
  let secondSupervisor: Client;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-02T15:00:00Z"));
    for (const row of await test.db.query<{ id: string; username: string; agency_id: string; unit_id: string | null }>(
      "SELECT id, username, agency_id, unit_id FROM app_user",
    ))
      ids.set(row.username, row.id);
    const [north] = await test.db.query<{ agency_id: string; unit_id: string }>(
      "SELECT agency_id, unit_id FROM app_user WHERE username = 'supervisor.north'",
    );
    // A second supervisor of the north unit, and a third officer there to transfer to.
    await createAccount(test, {
      username: "supervisor.north.b",
      displayName: "Nadia Brooks",
      roles: ["supervisor"],
      agencyId: north!.agency_id,
      unitId: north!.unit_id,
    });
    ids.set(
      "officer.north3",
      await createAccount(test, {
        username: "officer.north3",
        displayName: "Theo Grant",
        roles: ["officer"],
        agencyId: north!.agency_id,
        unitId: north!.unit_id,
      }),
    );
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    secondSupervisor = await signInAccount(test, "supervisor.north.b");
  });
  afterAll(() => test.close());

  const caseRow = async (caseId: string) =>
    (
      await test.db.query<{ version: number; officer_id: string; co_officers: string[] }>(
        `SELECT version, officer_id,
                ARRAY(SELECT officer_id::text FROM case_co_officer WHERE case_id = c.id ORDER BY officer_id) AS co_officers
           FROM supervision_case c WHERE id = $1`,
        [caseId],
      )
    )[0]!;
  const assignments = async (caseId: string) =>
    (await test.db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_assignment WHERE case_id = $1", [caseId]))[0]!.n;
  const addCoOfficer = (client: Client, caseId: string, username: string, expectedVersion: number) =>
    client.post(`/api/v1/cases/${caseId}/co-officers`, { officerId: ids.get(username), expectedVersion });
  const removeCoOfficer = (client: Client, caseId: string, username: string, expectedVersion: number) =>
    client.delete(`/api/v1/cases/${caseId}/co-officers/${ids.get(username)}?expectedVersion=${expectedVersion}`);

  it("refuses removing an officer who is not a co-officer, with a message naming them; nothing changes", async () => {
    const { caseId } = await intake(officer, { person: { firstName: "Ines" } });
    const never = await removeCoOfficer(supervisor, caseId, "officer.north2", 1);
    expect(never.statusCode).toBe(409);
    expect(never.json()).toMatchObject({
      message: "Marcus Bell is not a co-officer of this case (removed already, or never added). Reload to see who works it.",
      issues: [{ field: "officerId", message: "not a co-officer of the case" }],
    });
    // The supervising officer is not removed this way either.
    const own = await removeCoOfficer(supervisor, caseId, "officer.north1", 1);
    expect(own.statusCode).toBe(409);
    expect(own.json().message).toBe("Olivia Ortiz is the case's supervising officer, not a co-officer: transfer the case instead.");
    expect(await caseRow(caseId)).toMatchObject({ version: 1, officer_id: ids.get("officer.north1"), co_officers: [] });

    // Added, then removed: the second removal (a page that still showed them) is refused the same way.
    expect((await addCoOfficer(supervisor, caseId, "officer.north2", 1)).statusCode).toBe(200);
    expect(await caseRow(caseId)).toMatchObject({ version: 2, co_officers: [ids.get("officer.north2")] });
    expect((await removeCoOfficer(supervisor, caseId, "officer.north2", 2)).statusCode).toBe(200);
    const again = await removeCoOfficer(secondSupervisor, caseId, "officer.north2", 2);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/^Marcus Bell is not a co-officer of this case \(removed already/);
    expect(await caseRow(caseId)).toMatchObject({ version: 3, co_officers: [] });
    // No version given: a 400 naming it, before anything else.
    const bare = await supervisor.delete(`/api/v1/cases/${caseId}/co-officers/${ids.get("officer.north2")}`);
    expect(bare.statusCode).toBe(400);
    expect(bare.json().issues[0].field).toMatch(/expectedVersion/);
  });

  it("refuses adding a co-officer twice, or the supervising officer, saying who already works the case", async () => {
    const { caseId } = await intake(officer, { person: { firstName: "Jonas" } });
    expect((await addCoOfficer(supervisor, caseId, "officer.north2", 1)).statusCode).toBe(200);
    const twice = await addCoOfficer(secondSupervisor, caseId, "officer.north2", 2);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({
      message: "Marcus Bell already works this case, as a co-officer.",
      issues: [{ field: "officerId", message: "already on the case" }],
    });
    const own = await addCoOfficer(supervisor, caseId, "officer.north1", 2);
    expect(own.statusCode).toBe(409);
    expect(own.json().message).toBe("Olivia Ortiz already works this case, as its supervising officer.");
    expect(await caseRow(caseId)).toMatchObject({ version: 2, co_officers: [ids.get("officer.north2")] });
  });

  it("refuses a co-officer change from a stale version with the edit conflict, and audits each change", async () => {
    const { caseId } = await intake(officer, { person: { firstName: "Kira" } });
    // Someone else changed the case since the page was read (here: its risk level).
    expect(
      (await officer.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 1, reason: "Reassessed", riskLevel: "high" })).statusCode,
    ).toBe(200);
    const stale = await addCoOfficer(supervisor, caseId, "officer.north2", 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: "edit_conflict", issues: [{ field: "expectedVersion" }] });
    expect(stale.json().message).toMatch(/^Olivia Ortiz changed this case on .+, after you opened it\. Reload/);
    expect(await caseRow(caseId)).toMatchObject({ version: 2, co_officers: [] });

    expect((await addCoOfficer(supervisor, caseId, "officer.north2", 2)).statusCode).toBe(200);
    expect((await removeCoOfficer(supervisor, caseId, "officer.north2", 2)).json()).toMatchObject({ error: "edit_conflict" });
    expect((await removeCoOfficer(supervisor, caseId, "officer.north2", 3)).statusCode).toBe(200);
    const audited = await auditRows(test.db, "action LIKE 'case.co_officer_%' AND record_id = $1 AND outcome = 'allowed'", [caseId]);
    expect(audited.map((row) => row.action)).toEqual(["case.co_officer_added", "case.co_officer_removed"]);
  });

  it("refuses the second of two transfers from the same version: one is written, the other gets 409", async () => {
    const { caseId } = await intake(officer, { person: { firstName: "Lior" } });
    const transfer = (client: Client, username: string, expectedVersion: number) =>
      client.post(`/api/v1/cases/${caseId}/transfer`, { officerId: ids.get(username), reason: "Caseload balance", expectedVersion });
    const answers = await Promise.all([transfer(supervisor, "officer.north2", 1), transfer(secondSupervisor, "officer.north3", 1)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    const refused = answers.find((answer) => answer.statusCode === 409)!;
    expect(refused.json()).toMatchObject({ error: "edit_conflict", issues: [{ field: "expectedVersion" }] });
    const winner = answers[0]!.statusCode === 200 ? "officer.north2" : "officer.north3";
    expect(await caseRow(caseId)).toMatchObject({ version: 2, officer_id: ids.get(winner) });
    expect(await assignments(caseId)).toBe(2);

    // One after the other, the second from the page it read before the first: refused, naming who moved it.
    const second = await transfer(secondSupervisor, winner === "officer.north2" ? "officer.north3" : "officer.north2", 1);
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toMatch(/changed this case on .+, after you opened it\. Reload to see the current version/);
    expect(await caseRow(caseId)).toMatchObject({ version: 2, officer_id: ids.get(winner) });
    expect(await assignments(caseId)).toBe(2);

    // From the current version it goes through; without one it is a 400 naming the field.
    expect((await transfer(secondSupervisor, "officer.north1", await caseVersion(secondSupervisor, caseId))).statusCode).toBe(200);
    expect(await caseRow(caseId)).toMatchObject({ version: 3, officer_id: ids.get("officer.north1") });
    const bare = await supervisor.post(`/api/v1/cases/${caseId}/transfer`, { officerId: ids.get("officer.north2"), reason: "x" });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().issues[0].field).toBe("body.expectedVersion");
  });
});
