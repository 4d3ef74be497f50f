import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake, intakeFor } from "../../test-support/supervision-fixtures";

describe(`people, cases, caseload and transfer (${engineName})`, () => {
  let test: TestApp;
  let north1: Client;
  let north2: Client;
  let supervisorNorth: Client;
  let supervisorSouth: Client;
  const userIds = new Map<string, string>();

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-01T15:00:00Z"));
    north1 = await signIn(test, "officer.north1");
    north2 = await signIn(test, "officer.north2");
    supervisorNorth = await signIn(test, "supervisor.north");
    supervisorSouth = await signIn(test, "supervisor.south");
    for (const row of await test.db.query<{ id: string; username: string }>("SELECT id, username FROM app_user"))
      userIds.set(row.username, row.id);
  });
  afterAll(() => test.close());

  it("takes in a person with a case on the officer's own caseload and shows the whole record, audited", async () => {
    const { personId, caseId } = await intake(north1, { person: { firstName: "Ana" } });
    const record = await north1.get(`/api/v1/people/${personId}`);
    expect(record.statusCode).toBe(200);
    const body = record.json();
    expect(body.person.name.first).toBe("Ana");
    expect(body.cases[0]).toMatchObject({
      id: caseId,
      status: "active",
      officer: { displayName: "Olivia Ortiz" },
      unit: { name: "North Field Office" },
    });
    expect(body.cases[0].offenses[0].statute).toBe("PC 459");
    expect(body.cases[0].assignments).toHaveLength(1);
    const [row] = await auditRows(test.db, "action = 'person.read' AND record_id = $1", [personId]);
    expect(row).toMatchObject({ outcome: "allowed", actor_username: "officer.north1", justification: "own caseload" });
  });

  it("refuses duplicate identifiers with 409 naming each clash, and bad dates with 400, writing nothing", async () => {
    const people = async () => (await test.db.query<{ n: number }>("SELECT count(*)::int AS n FROM person"))[0]!.n;
    const before = await people();
    const first = intakeFor();
    expect((await north1.post("/api/v1/people", first)).statusCode).toBe(201);
    const duplicate = await north1.post(
      "/api/v1/people",
      intakeFor({
        person: { stateId: first.person.stateId, agencyPersonNumber: first.person.agencyPersonNumber },
        case: { caseNumber: first.case.caseNumber },
      }),
    );
    expect(duplicate.statusCode).toBe(409);
    expect(
      duplicate
        .json()
        .issues.map((issue: { field: string }) => issue.field)
        .sort(),
    ).toEqual(["case.caseNumber", "person.agencyPersonNumber", "person.stateId"]);
    const backwards = await north1.post(
      "/api/v1/people",
      intakeFor({ case: { supervisionStart: "2026-05-01", expectedEnd: "2026-04-01" } }),
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().issues[0].field).toBe("case.expectedEnd");
    const badDate = await north1.post("/api/v1/people", intakeFor({ person: { dateOfBirth: "1990-02-31" } }));
    expect(badDate.statusCode).toBe(400);
    // Only the first intake wrote a person.
    expect(await people()).toBe(before + 1);
  });

  it("keeps another officer's case and another unit's case out of reach: 403 and a denied audit row", async () => {
    const { personId } = await intake(north2, { person: { firstName: "Ben" } });
    const byOtherOfficer = await north1.get(`/api/v1/people/${personId}`);
    expect(byOtherOfficer.statusCode).toBe(403);
    expect(
      await auditRows(test.db, "action = 'person.read' AND outcome = 'denied' AND actor_username = 'officer.north1' AND record_id = $1", [
        personId,
      ]),
    ).toHaveLength(1);
    expect((await supervisorNorth.get(`/api/v1/people/${personId}`)).statusCode).toBe(200);
    expect((await supervisorSouth.get(`/api/v1/people/${personId}`)).statusCode).toBe(403);
    const admin = await signIn(test, "admin");
    expect((await admin.get(`/api/v1/people/${personId}`)).statusCode).toBe(403);
  });

  it("orders the caseload by priority with the reason, filters it, and limits it to the officer's own cases", async () => {
    // Another officer's case in the unit, which the supervisor sees and the officer does not.
    await intake(north2, { person: { firstName: "Ned" } });
    await intake(north1, {
      person: { firstName: "Cal" },
      case: { riskLevel: "very_high", supervisionLevel: "intensive", supervisionStart: "2026-01-01" },
    });
    await intake(north1, {
      person: { firstName: "Dee" },
      case: { riskLevel: "low", supervisionLevel: "low", supervisionStart: "2026-02-25" },
    });
    const page = (await north1.get("/api/v1/caseload")).json();
    const names = page.entries.map((entry: { person: { name: { first: string } } }) => entry.person.name.first);
    expect(names[0]).toBe("Cal");
    expect(names).not.toContain("Ned");
    // Started Jan 1: its first assessment (due 25 working days later) is overdue too.
    expect(page.entries[0].priorityReason).toMatch(
      /^Very high risk · face-to-face contact overdue \d+ days? · task: assessment due \(overdue\)$/,
    );
    expect(page.entries[0].contactStatus).toBe("overdue");
    const dee = page.entries.find((entry: { person: { name: { first: string } } }) => entry.person.name.first === "Dee");
    expect(dee.priorityReason).toBe("Low risk · 1 face-to-face contact due in 30 days");
    expect(dee.overdue).toBe(false);
    const low = (await north1.get("/api/v1/caseload?level=low")).json();
    expect(low.entries.every((entry: { supervisionLevel: string }) => entry.supervisionLevel === "low")).toBe(true);
    const overdue = (await north1.get("/api/v1/caseload?overdue=true")).json();
    expect(overdue.entries.every((entry: { overdue: boolean }) => entry.overdue)).toBe(true);
    const search = (await north1.get("/api/v1/caseload?search=cal")).json();
    expect(search.entries.map((entry: { person: { name: { first: string } } }) => entry.person.name.first)).toEqual(["Cal"]);
    const unit = (await supervisorNorth.get("/api/v1/caseload")).json();
    expect(unit.total).toBeGreaterThan(page.total);
    const oneOfficer = (await supervisorNorth.get(`/api/v1/caseload?officerId=${userIds.get("officer.north2")}`)).json();
    expect(oneOfficer.entries.every((entry: { officer: { displayName: string } }) => entry.officer.displayName === "Marcus Bell")).toBe(
      true,
    );
    // None of the north unit's cases reach the south supervisor.
    const south = (await supervisorSouth.get("/api/v1/caseload?search=cal")).json();
    expect(south.entries.map((entry: { person: { name: { first: string } } }) => entry.person.name.first)).not.toContain("Cal");
    expect((await supervisorSouth.get("/api/v1/caseload?search=ned")).json().total).toBe(0);
  });

  it("lets the unit supervisor transfer a case; the old officer loses access and the history is kept", async () => {
    const { personId, caseId } = await intake(north1, { person: { firstName: "Eli" } });
    expect(
      (
        await north1.post(`/api/v1/cases/${caseId}/transfer`, {
          officerId: userIds.get("officer.north2"),
          reason: "Workload",
          expectedVersion: 1,
        })
      ).statusCode,
    ).toBe(403);
    const moved = await supervisorNorth.post(`/api/v1/cases/${caseId}/transfer`, {
      officerId: userIds.get("officer.south1"),
      reason: "Moved to the south side",
      expectedVersion: 1, // a new case
    });
    expect(moved.statusCode).toBe(200);
    expect((await north1.get(`/api/v1/people/${personId}`)).statusCode).toBe(403);
    expect((await supervisorNorth.get(`/api/v1/people/${personId}`)).statusCode).toBe(403);
    const south = await signIn(test, "officer.south1");
    const record = (await south.get(`/api/v1/people/${personId}`)).json();
    expect(record.cases[0].unit.name).toBe("South Field Office");
    expect(
      record.cases[0].assignments.map((assignment: { reason: string; endedAt: string | null }) => [
        assignment.reason,
        assignment.endedAt === null,
      ]),
    ).toEqual([
      ["Intake", false],
      ["Moved to the south side", true],
    ]);
    const again = await supervisorSouth.post(`/api/v1/cases/${caseId}/transfer`, {
      officerId: userIds.get("officer.south1"),
      reason: "Same",
      expectedVersion: 2,
    });
    expect(again.statusCode).toBe(409);
  });

  it("closes a case only with a reason and end date on or after the start", async () => {
    const { caseId } = await intake(north1, { person: { firstName: "Fay" } });
    expect(
      (await north1.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 1, status: "closed" }))
        .json()
        .issues.map((i: { field: string }) => i.field),
    ).toEqual(["closureReason", "actualEnd"]);
    expect(
      (
        await north1.patch(`/api/v1/cases/${caseId}`, {
          expectedVersion: 1,
          status: "closed",
          closureReason: "successful_completion",
          actualEnd: "2025-01-01",
          reason: "Completed",
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await north1.patch(`/api/v1/cases/${caseId}`, {
          expectedVersion: 1,
          status: "closed",
          closureReason: "successful_completion",
          actualEnd: "2026-02-28",
          reason: "Completed",
        })
      ).statusCode,
    ).toBe(200);
    expect((await north1.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 2, supervisionLevel: "extreme" })).statusCode).toBe(400);
  });

  it("keeps addresses as history, verifications, employment, contacts, cautions and a JPEG photo", async () => {
    const { personId } = await intake(north1, { person: { firstName: "Gus" } });
    const address = { line1: "12 Peachtree St", city: "Atlanta", state: "GA", postalCode: "30303", latitude: 33.75, longitude: -84.39 };
    const first = await north1.post(`/api/v1/people/${personId}/addresses`, { ...address, movedIn: "2026-01-05" });
    expect(first.statusCode).toBe(201);
    expect((await north1.post(`/api/v1/people/${personId}/addresses`, { ...address, movedIn: "2025-12-01" })).json().issues[0].field).toBe(
      "movedIn",
    );
    await north1.post(`/api/v1/people/${personId}/addresses`, { ...address, line1: "40 Decatur St", movedIn: "2026-02-10" });
    expect(
      (await north1.patch(`/api/v1/addresses/${first.json().id}/verification`, { status: "verified", verifiedOn: "2026-01-07" }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await north1.post(`/api/v1/people/${personId}/employment`, { employer: "Acme", startedOn: "2026-02-01", endedOn: "2026-01-01" })
      ).json().issues[0].field,
    ).toBe("endedOn");
    await north1.post(`/api/v1/people/${personId}/employment`, {
      employer: "Acme Logistics",
      position: "Forklift operator",
      startedOn: "2026-02-01",
    });
    await north1.post(`/api/v1/people/${personId}/contacts`, {
      kind: "emergency",
      fullName: "Maria Gus",
      relationship: "Mother",
      phone: "404-555-0100",
    });
    const caution = await north1.post(`/api/v1/people/${personId}/cautions`, { kind: "dog", description: "Large dog in the yard" });
    expect(caution.statusCode).toBe(201);
    expect((await north2.post(`/api/v1/people/${personId}/cautions`, { kind: "dog", description: "x" })).statusCode).toBe(403);

    const record = (await north1.get(`/api/v1/people/${personId}`)).json();
    expect(
      record.addresses.map((entry: { line1: string; movedOut: string | null; verificationStatus: string }) => [
        entry.line1,
        entry.movedOut,
        entry.verificationStatus,
      ]),
    ).toEqual([
      ["40 Decatur St", null, "unverified"],
      ["12 Peachtree St", "2026-02-10", "verified"],
    ]);
    expect(record.employment[0].employer).toBe("Acme Logistics");
    expect(record.contacts[0]).toMatchObject({ kind: "emergency", relationship: "Mother" });
    expect(record.cautions[0]).toMatchObject({ kind: "dog", description: "Large dog in the yard" });
    const entry = (await north1.get("/api/v1/caseload?search=gus")).json().entries[0];
    expect(entry.hasSafetyCautions).toBe(true);
    await north1.post(`/api/v1/cautions/${caution.json().id}/retire`, { reason: "The dog was rehomed", expectedVersion: 1 });
    expect((await north1.get(`/api/v1/people/${personId}`)).json().cautions).toEqual([]);

    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const headers = { cookie: north1.cookie, "x-csrf-token": north1.csrfToken, "content-type": "image/jpeg" };
    expect(
      (await test.app.inject({ method: "PUT", url: `/api/v1/people/${personId}/photo?expectedVersion=1`, headers, payload: jpeg }))
        .statusCode,
    ).toBe(200);
    const photo = await north1.get(`/api/v1/people/${personId}/photo`);
    expect(photo.headers["content-type"]).toBe("image/jpeg");
    expect(photo.rawPayload.equals(jpeg)).toBe(true);
    expect((await north2.get(`/api/v1/people/${personId}/photo`)).statusCode).toBe(403);
    const notJpeg = await test.app.inject({
      method: "PUT",
      url: `/api/v1/people/${personId}/photo?expectedVersion=2`,
      headers,
      payload: Buffer.from("<svg onload=alert(1)>"),
    });
    expect(notJpeg.statusCode).toBe(400);
    const tooBig = await test.app.inject({
      method: "PUT",
      url: `/api/v1/people/${personId}/photo?expectedVersion=2`,
      headers,
      payload: Buffer.concat([jpeg, Buffer.alloc(600 * 1024)]),
    });
    expect(tooBig.statusCode).toBe(413);
    expect((await north1.get(`/api/v1/people/${personId}`)).json().person.hasPhoto).toBe(true);
  });

  it("shares a case with a co-officer, who gains access until removed", async () => {
    const { personId, caseId } = await intake(north1, { person: { firstName: "Hal" } });
    expect((await north2.get(`/api/v1/people/${personId}`)).statusCode).toBe(403);
    const coOfficer = (expectedVersion: number) => ({ officerId: userIds.get("officer.north2"), expectedVersion });
    expect((await north1.post(`/api/v1/cases/${caseId}/co-officers`, coOfficer(1))).statusCode).toBe(403);
    expect((await supervisorNorth.post(`/api/v1/cases/${caseId}/co-officers`, coOfficer(1))).statusCode).toBe(200);
    expect((await north2.get(`/api/v1/people/${personId}`)).json().cases[0].coOfficers[0].displayName).toBe("Marcus Bell");
    expect((await north2.get("/api/v1/caseload?search=hal")).json().total).toBe(1);
    expect((await supervisorNorth.post(`/api/v1/cases/${caseId}/co-officers`, coOfficer(2))).statusCode).toBe(409);
    const removed = await supervisorNorth.delete(`/api/v1/cases/${caseId}/co-officers/${userIds.get("officer.north2")}?expectedVersion=2`);
    expect(removed.statusCode).toBe(200);
    expect((await north2.get(`/api/v1/people/${personId}`)).statusCode).toBe(403);
  });
});
