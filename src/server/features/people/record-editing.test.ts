import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake, intakeFor } from "../../test-support/supervision-fixtures";

const street = { line1: "12 Peachtree St", city: "Atlanta", state: "GA", postalCode: "30303" };

describe(`editing the whole record (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let other: Client;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-10T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    other = await signIn(test, "officer.north2");
  });
  afterAll(() => test.close());

  const record = async (personId: string) => (await officer.get(`/api/v1/people/${personId}`)).json();
  const standards = async (caseId: string) =>
    (await officer.get(`/api/v1/cases/${caseId}/standards`)).json().states as { kind: string; status: string; dueBy: string }[];

  it("takes the first address and phone at intake, so the new person can be verified and routed", async () => {
    const body = intakeFor({ person: { phone: "404-555-0142" } });
    const created = await officer.post("/api/v1/people", { ...body, address: { ...street, latitude: 33.75, longitude: -84.39 } });
    expect(created.statusCode).toBe(201);
    const { personId, caseId } = created.json();
    const person = await record(personId);
    expect(person.person.phone).toBe("404-555-0142");
    expect(person.addresses[0]).toMatchObject({ kind: "residence", line1: "12 Peachtree St", movedIn: "2026-01-05", version: 1 });
    expect((await standards(caseId)).map((state) => state.kind)).toContain("home_verification");
    // A half-given address is refused naming its fields, and nothing is written.
    const before = (await test.db.query<{ n: number }>("SELECT count(*)::int AS n FROM person"))[0]!.n;
    const partial = await officer.post("/api/v1/people", { ...intakeFor(), address: { line1: "1 Main St", latitude: 33.7 } });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().issues.map((issue: { field: string }) => issue.field)).toEqual(
      expect.arrayContaining(["body.address.city", "body.address.state", "body.address.postalCode", "body.address.longitude"]),
    );
    expect((await test.db.query<{ n: number }>("SELECT count(*)::int AS n FROM person"))[0]!.n).toBe(before);
  });

  it("records a shelter stay and a transient person; a transient person gets a whereabouts check, not a home verification", async () => {
    const { personId, caseId } = await intake(officer, { person: { firstName: "Shel" } });
    const noName = await officer.post(`/api/v1/people/${personId}/addresses`, { kind: "shelter", ...street, movedIn: "2026-03-01" });
    expect(noName.json().issues.map((issue: { field: string }) => issue.field)).toEqual(["body.shelterName"]);
    const shelter = await officer.post(`/api/v1/people/${personId}/addresses`, {
      kind: "shelter",
      shelterName: "Gateway Center",
      ...street,
      movedIn: "2026-03-01",
    });
    expect(shelter.statusCode).toBe(201);
    // A shelter stay is verified like a home (with the shelter's staff or by a visit).
    expect((await standards(caseId)).find((state) => state.kind === "home_verification")).toMatchObject({ dueBy: "2026-03-11" });

    const withStreet = await officer.post(`/api/v1/people/${personId}/addresses`, {
      kind: "transient",
      locationNote: "Under the bridge",
      line1: "1 Bridge St",
      movedIn: "2026-03-05",
    });
    expect(withStreet.json().issues.map((issue: { field: string }) => issue.field)).toEqual(["body.line1"]);
    const transient = await officer.post(`/api/v1/people/${personId}/addresses`, {
      kind: "transient",
      locationNote: "Sleeps near the Five Points station, east entrance",
      city: "Atlanta",
      latitude: 33.754,
      longitude: -84.391,
      movedIn: "2026-03-05",
    });
    expect(transient.statusCode).toBe(201);
    const person = await record(personId);
    expect(person.addresses.map((address: { kind: string; movedOut: string | null }) => [address.kind, address.movedOut])).toEqual([
      ["transient", null],
      ["shelter", "2026-03-05"],
    ]);
    let states = await standards(caseId);
    expect(states.map((state) => state.kind)).not.toContain("home_verification");
    expect(states.find((state) => state.kind === "whereabouts")).toMatchObject({ status: "due", dueBy: "2026-03-15" });
    // There is no home to verify: the verification is refused, and a home visit verifies nothing.
    const verify = await officer.patch(`/api/v1/addresses/${transient.json().id}/verification`, {
      status: "verified",
      verifiedOn: "2026-03-09",
    });
    expect(verify.statusCode).toBe(400);
    expect(verify.json().message).toMatch(/no home to verify/);

    // A face-to-face contact meets it; the clock restarts from the contact.
    await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      occurredAt: "2026-03-09T14:00:00Z",
      outcome: "completed",
    });
    states = await standards(caseId);
    expect(states.find((state) => state.kind === "whereabouts")).toMatchObject({ status: "met", dueBy: "2026-03-19" });
    // Ten days without one and it is overdue, on the caseload and in the officer's day.
    const gone = await intake(officer, { person: { firstName: "Tran" } });
    await officer.post(`/api/v1/people/${gone.personId}/addresses`, {
      kind: "transient",
      locationNote: "Camp by the rail yard",
      movedIn: "2026-02-20",
    });
    expect((await standards(gone.caseId)).find((state) => state.kind === "whereabouts")).toMatchObject({
      status: "overdue",
      dueBy: "2026-03-02",
    });
    const entry = (await officer.get("/api/v1/caseload?search=tran")).json().entries[0];
    expect(entry.contactStatus).toBe("overdue");
    const today = (await officer.get("/api/v1/today")).json();
    const item = today.items.find((candidate: { personId: string }) => candidate.personId === gone.personId);
    expect(item.address).toMatchObject({ kind: "transient", line1: "Camp by the rail yard", postalCode: "" });
    expect(item.tasks).toContainEqual(expect.objectContaining({ kind: "contact_due", requirement: "whereabouts", status: "overdue" }));
  });

  it("corrects an address and moves out of it, refusing stale versions (409) and impossible dates (400)", async () => {
    const { personId, caseId } = await intake(officer, { person: { firstName: "Cora" } });
    const { id } = (await officer.post(`/api/v1/people/${personId}/addresses`, { ...street, movedIn: "2026-02-01" })).json();
    await officer.patch(`/api/v1/addresses/${id}/verification`, { status: "verified", verifiedOn: "2026-02-03", expectedVersion: 1 });
    const corrected = await officer.patch(`/api/v1/addresses/${id}`, {
      ...street,
      line1: "21 Peachtree St",
      movedIn: "2026-02-01",
      expectedVersion: 2,
    });
    expect(corrected.statusCode).toBe(200);
    // Someone still looking at version 2 does not overwrite the correction.
    const stale = await officer.patch(`/api/v1/addresses/${id}`, { ...street, line2: "Apt 4", movedIn: "2026-02-01", expectedVersion: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().issues[0].field).toBe("expectedVersion");
    let address = (await record(personId)).addresses[0];
    expect(address).toMatchObject({ line1: "21 Peachtree St", line2: null, verificationStatus: "verified", version: 3 });
    // Correcting a typo keeps the verification; changing what kind of place it is does not.
    await officer.patch(`/api/v1/addresses/${id}`, {
      kind: "shelter",
      shelterName: "Gateway Center",
      ...street,
      movedIn: "2026-02-01",
      expectedVersion: 3,
    });
    address = (await record(personId)).addresses[0];
    expect(address).toMatchObject({ kind: "shelter", verificationStatus: "unverified", version: 4 });

    expect((await officer.post(`/api/v1/addresses/${id}/move-out`, { movedOut: "2026-01-01", expectedVersion: 4 })).statusCode).toBe(400);
    expect(
      (await officer.post(`/api/v1/addresses/${id}/move-out`, { movedOut: "2026-04-01", expectedVersion: 4 })).json().issues[0],
    ).toEqual({
      field: "movedOut",
      message: "in the future",
    });
    expect((await other.post(`/api/v1/addresses/${id}/move-out`, { movedOut: "2026-03-01", expectedVersion: 4 })).statusCode).toBe(403);
    expect((await officer.post(`/api/v1/addresses/${id}/move-out`, { movedOut: "2026-03-01", expectedVersion: 4 })).statusCode).toBe(200);
    expect((await officer.post(`/api/v1/addresses/${id}/move-out`, { movedOut: "2026-03-02", expectedVersion: 5 })).statusCode).toBe(409);
    expect((await record(personId)).addresses[0].movedOut).toBe("2026-03-01");
    // No current address, nothing to verify.
    expect((await standards(caseId)).map((state) => state.kind)).not.toContain("home_verification");
    expect(await auditRows(test.db, "action = 'person.address_moved_out' AND record_id = $1", [personId])).toHaveLength(2);
  });

  it("ends and verifies employment, corrects and removes contacts and aliases, retires a caution with its reason", async () => {
    const { personId } = await intake(officer, { person: { firstName: "Emil" } });
    const job = (await officer.post(`/api/v1/people/${personId}/employment`, { employer: "Acme", startedOn: "2026-01-10" })).json();
    expect(
      (await officer.patch(`/api/v1/employment/${job.id}`, { endedOn: "2026-01-01", expectedVersion: 1 })).json().issues[0].field,
    ).toBe("endedOn");
    expect(
      (await officer.post(`/api/v1/employment/${job.id}/verification`, { verifiedOn: "2026-03-11", expectedVersion: 1 })).statusCode,
    ).toBe(400);
    expect(
      (await officer.post(`/api/v1/employment/${job.id}/verification`, { verifiedOn: "2026-02-01", expectedVersion: 1 })).statusCode,
    ).toBe(200);
    expect((await officer.patch(`/api/v1/employment/${job.id}`, { endedOn: "2026-03-01", expectedVersion: 1 })).statusCode).toBe(409);
    expect((await officer.patch(`/api/v1/employment/${job.id}`, { endedOn: "2026-03-01", expectedVersion: 2 })).statusCode).toBe(200);
    expect((await record(personId)).employment[0]).toMatchObject({
      endedOn: "2026-03-01",
      verified: true,
      verifiedOn: "2026-02-01",
      verifiedBy: "Olivia Ortiz",
      version: 3,
    });

    const contact = (await officer.post(`/api/v1/people/${personId}/contacts`, { kind: "household", fullName: "Rae Emil" })).json();
    expect(
      (
        await officer.patch(`/api/v1/person-contacts/${contact.id}`, {
          kind: "household",
          fullName: "Rae Emil",
          phone: "404-555-0101",
          expectedVersion: 1,
        })
      ).statusCode,
    ).toBe(200);
    expect((await record(personId)).contacts[0]).toMatchObject({ phone: "404-555-0101", version: 2 });
    expect((await other.delete(`/api/v1/person-contacts/${contact.id}?expectedVersion=2`)).statusCode).toBe(403);
    expect((await officer.delete(`/api/v1/person-contacts/${contact.id}?expectedVersion=2`)).statusCode).toBe(200);
    expect((await record(personId)).contacts).toEqual([]);
    expect((await officer.delete(`/api/v1/person-contacts/${contact.id}?expectedVersion=3`)).json()).toMatchObject({
      error: "conflict",
      message: "This contact was already removed.",
    });

    const alias = (await officer.post(`/api/v1/people/${personId}/aliases`, { fullName: "E. Street", kind: "street" })).json();
    expect((await record(personId)).person.aliases[0]).toEqual({ id: alias.id, fullName: "E. Street", kind: "street" });
    expect((await officer.delete(`/api/v1/aliases/${alias.id}`)).statusCode).toBe(200);
    expect((await record(personId)).person.aliases).toEqual([]);

    const caution = (await officer.post(`/api/v1/people/${personId}/cautions`, { kind: "weapons", description: "Knife reported" })).json();
    expect((await officer.post(`/api/v1/cautions/${caution.id}/retire`, { expectedVersion: 1 })).json().issues[0].field).toBe(
      "body.reason",
    );
    expect(
      (await officer.post(`/api/v1/cautions/${caution.id}/retire`, { reason: "Cleared by police", expectedVersion: 1 })).statusCode,
    ).toBe(200);
    expect((await officer.post(`/api/v1/cautions/${caution.id}/retire`, { reason: "Again", expectedVersion: 2 })).statusCode).toBe(409);
    const after = await record(personId);
    expect(after.cautions).toEqual([]);
    expect(after.retiredCautions[0]).toMatchObject({
      description: "Knife reported",
      retiredReason: "Cleared by police",
      retiredBy: "Olivia Ortiz",
    });
  });

  it("changes level, risk, status and tags only with a reason, kept as history; the level changes the standard", async () => {
    const { personId, caseId } = await intake(officer, { person: { firstName: "Lev" }, case: { supervisionStart: "2026-01-05" } });
    const required = async () => (await officer.get(`/api/v1/cases/${caseId}/standards`)).json().states[0].required;
    const before = await required();
    const noReason = await officer.patch(`/api/v1/cases/${caseId}`, { supervisionLevel: "intensive", expectedVersion: 1 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().issues[0].field).toBe("reason");
    const raised = await officer.patch(`/api/v1/cases/${caseId}`, {
      supervisionLevel: "intensive",
      riskLevel: "high",
      tags: ["gang"],
      reason: "New gang affiliation reported",
      expectedVersion: 1,
    });
    expect(raised.statusCode).toBe(200);
    expect(await required()).toBeGreaterThan(before);
    const stale = await officer.patch(`/api/v1/cases/${caseId}`, { supervisionLevel: "low", reason: "Mistake", expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    const current = (await record(personId)).cases[0];
    expect(current).toMatchObject({ supervisionLevel: "intensive", riskLevel: "high", version: 2 });
    expect(
      current.changes.map((change: { field: string; oldValue: string; newValue: string; reason: string }) => [
        change.field,
        change.oldValue,
        change.newValue,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ["supervision_level", "moderate", "intensive"],
        ["risk_level", "moderate", "high"],
        ["tags", "", "gang"],
      ]),
    );
    expect(current.changes[0]).toMatchObject({ reason: "New gang affiliation reported", changedBy: "Olivia Ortiz" });
    const [audit] = await auditRows(test.db, "action = 'case.update' AND record_id = $1 AND outcome = 'allowed'", [caseId]);
    expect(audit).toBeDefined();
  });

  it("takes a JPEG, PNG or WebP photo by its bytes whatever the declared type, and refuses anything else", async () => {
    const { personId } = await intake(officer, { person: { firstName: "Pia" } });
    // Each photo saved moves the person's version on; the next one names the version it was chosen on.
    const put = async (payload: Buffer, type: string) =>
      test.app.inject({
        method: "PUT",
        url: `/api/v1/people/${personId}/photo?expectedVersion=${(await record(personId)).person.version}`,
        headers: { cookie: officer.cookie, "x-csrf-token": officer.csrfToken, "content-type": type },
        payload,
      });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await put(png, "image/jpeg")).statusCode).toBe(200);
    const photo = await officer.get(`/api/v1/people/${personId}/photo`);
    expect(photo.headers["content-type"]).toBe("image/png");
    const webp = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x10, 0, 0, 0]), Buffer.from("WEBPVP8 ")]);
    expect((await put(webp, "application/octet-stream")).statusCode).toBe(200);
    expect((await officer.get(`/api/v1/people/${personId}/photo`)).headers["content-type"]).toBe("image/webp");
    const svg = await put(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), "image/png");
    expect(svg.statusCode).toBe(400);
    expect(svg.json().message).toMatch(/JPEG, PNG or WebP/);
    const tooLarge = await put(Buffer.concat([png, Buffer.alloc(600 * 1024)]), "image/png");
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().message).toBe("The request body is larger than the limit of 512 KB.");
    expect((await put(png, "text/html")).statusCode).toBe(415);
    expect((await officer.get(`/api/v1/people/${personId}/photo`)).headers["content-type"]).toBe("image/webp");
  });
});
