import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";

/** Two people editing the same part of a record: the second change from an old version is a 409, never a silent overwrite. */
describe(`edits of a person's record by two users at once (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;
  let stranger: Client;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-10T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    stranger = await signIn(test, "officer.north2");
  });
  afterAll(() => test.close());

  const record = async (personId: string) => (await officer.get(`/api/v1/people/${personId}`)).json();
  /** The person's own fields as intake recorded them (the form's starting values). */
  const ownFields = async (personId: string, firstName: string) => {
    const { person } = await record(personId);
    return { firstName, lastName: person.name.last, dateOfBirth: "1990-04-12", agencyPersonNumber: person.agencyPersonNumber };
  };

  it("corrects the person's own fields with the version it read, audited; a stale correction is a 409 naming who changed it", async () => {
    const { personId } = await intake(officer, { person: { firstName: "Ida" } });
    const before = (await record(personId)).person;
    expect(before.version).toBe(1);
    const base = await ownFields(personId, "Ida");

    const corrected = await supervisor.patch(`/api/v1/people/${personId}`, {
      ...base,
      middleName: "May",
      stateId: `GA-${personId.slice(0, 8)}`,
      phone: "404-555-0188",
      sex: "female",
      expectedVersion: 1,
    });
    expect(corrected.statusCode).toBe(200);
    const after = (await record(personId)).person;
    expect(after).toMatchObject({
      name: { first: "Ida", middle: "May", last: before.name.last },
      stateId: `GA-${personId.slice(0, 8)}`,
      phone: "404-555-0188",
      sex: "female",
      version: 2,
    });
    const [audit] = await test.db.query<{ details: unknown }>(
      "SELECT details FROM audit_log WHERE action = 'person.updated' AND record_id = $1 AND outcome = 'allowed'",
      [personId],
    );
    expect(audit?.details).toMatchObject({ fields: "middleName,sex,stateId,phone" });

    // The officer's form was opened on version 1: the supervisor's correction is not overwritten.
    const stale = await officer.patch(`/api/v1/people/${personId}`, { ...base, firstName: "Ada", expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: "edit_conflict", issues: [{ field: "expectedVersion" }] });
    expect(stale.json().message).toMatch(/^Samuel Okafor changed this person's record on Mar 10, 2026, .*after you opened it\. Reload/);
    expect((await record(personId)).person).toMatchObject({ name: { first: "Ida", middle: "May" }, version: 2 });
  });

  it("answers one of two corrections sent at once and refuses the other; nothing of the refused one is written", async () => {
    const { personId } = await intake(officer, { person: { firstName: "Ona" } });
    const base = await ownFields(personId, "Ona");
    const answers = await Promise.all([
      officer.patch(`/api/v1/people/${personId}`, { ...base, firstName: "Oona", expectedVersion: 1 }),
      supervisor.patch(`/api/v1/people/${personId}`, { ...base, firstName: "Una", expectedVersion: 1 }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    const winner = answers[0]?.statusCode === 200 ? "Oona" : "Una";
    expect((await record(personId)).person).toMatchObject({ name: { first: winner }, version: 2 });
  });

  it("refuses a future date of birth, another person's identifier and a person the officer may not write, before any version check", async () => {
    const { personId } = await intake(officer, { person: { firstName: "Ned" } });
    const other = await intake(officer, { person: { firstName: "Ken", stateId: `S-${personId.slice(0, 8)}` } });
    const base = await ownFields(personId, "Ned");
    const { person } = await record(personId);

    const future = await officer.patch(`/api/v1/people/${personId}`, { ...base, dateOfBirth: "2027-01-01", expectedVersion: 1 });
    expect(future.statusCode).toBe(400);
    expect(future.json().issues).toEqual([{ field: "dateOfBirth", message: "in the future" }]);
    const clash = await officer.patch(`/api/v1/people/${personId}`, { ...base, stateId: `S-${personId.slice(0, 8)}`, expectedVersion: 1 });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ error: "conflict", issues: [{ field: "stateId" }] });
    const blankName = await officer.patch(`/api/v1/people/${personId}`, { ...base, firstName: " ", expectedVersion: 1 });
    expect(blankName.statusCode).toBe(400);
    // Not on the stranger's caseload: 403 (audited), even with an old version, so a 409 reveals nothing.
    expect((await stranger.patch(`/api/v1/people/${personId}`, { ...base, expectedVersion: 1 })).statusCode).toBe(403);
    expect((await stranger.patch(`/api/v1/people/${other.personId}`, { ...base, expectedVersion: 9 })).statusCode).toBe(403);
    expect((await record(personId)).person).toMatchObject({ name: { first: "Ned" }, stateId: person.stateId, version: 1 });
  });

  it("replaces the photo only from the version it was chosen on", async () => {
    const { personId } = await intake(officer, { person: { firstName: "Pho" } });
    const jpeg = (marker: number) => Buffer.from([0xff, 0xd8, 0xff, 0xe0, marker]);
    const put = (client: Client, marker: number, version: number | null) =>
      test.app.inject({
        method: "PUT",
        url: `/api/v1/people/${personId}/photo${version === null ? "" : `?expectedVersion=${version}`}`,
        headers: { cookie: client.cookie, "x-csrf-token": client.csrfToken, "content-type": "image/jpeg" },
        payload: jpeg(marker),
      });
    expect((await put(officer, 1, null)).statusCode).toBe(400);
    expect((await put(supervisor, 2, 1)).statusCode).toBe(200);
    const stale = await put(officer, 3, 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toMatch(/^Samuel Okafor changed this person's record/);
    expect((await officer.get(`/api/v1/people/${personId}/photo`)).rawPayload.equals(jpeg(2))).toBe(true);
  });

  it("removes a household contact only as the page showed it: one corrected meanwhile is not removed unseen", async () => {
    const { personId } = await intake(officer, { person: { firstName: "Cory" } });
    const contact = (await officer.post(`/api/v1/people/${personId}/contacts`, { kind: "family", fullName: "Ann Cory" })).json();
    const correction = { kind: "family", fullName: "Ann Cory", phone: "404-555-0190", expectedVersion: 1 };
    expect((await supervisor.patch(`/api/v1/person-contacts/${contact.id}`, correction)).statusCode).toBe(200);
    const stale = await officer.delete(`/api/v1/person-contacts/${contact.id}?expectedVersion=1`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: "edit_conflict", issues: [{ field: "expectedVersion" }] });
    expect((await record(personId)).contacts).toMatchObject([{ phone: "404-555-0190", version: 2 }]);
    expect((await officer.delete(`/api/v1/person-contacts/${contact.id}`)).statusCode).toBe(400);
    expect((await officer.delete(`/api/v1/person-contacts/${contact.id}?expectedVersion=2`)).statusCode).toBe(200);
    expect((await record(personId)).contacts).toEqual([]);
  });

  it("adds a new address only over the current address the form showed, and never leaves two current addresses", async () => {
    const { personId } = await intake(officer, { person: { firstName: "Mo" } });
    const street = (line1: string, movedIn: string) => ({ line1, city: "Atlanta", state: "GA", postalCode: "30303", movedIn });
    const first = (
      await officer.post(`/api/v1/people/${personId}/addresses`, { ...street("1 First St", "2026-02-01"), expectedCurrentAddressId: null })
    ).json();
    // Two officers record a move from the same page at once: one is taken, the other is told a new address was recorded.
    const answers = await Promise.all([
      officer.post(`/api/v1/people/${personId}/addresses`, { ...street("2 Second St", "2026-03-01"), expectedCurrentAddressId: first.id }),
      supervisor.post(`/api/v1/people/${personId}/addresses`, {
        ...street("3 Third St", "2026-03-02"),
        expectedCurrentAddressId: first.id,
      }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    const refused = answers.find((answer) => answer.statusCode === 409)!;
    expect(refused.json()).toMatchObject({ error: "edit_conflict", issues: [{ field: "expectedCurrentAddressId" }] });
    const addresses = (await record(personId)).addresses as { line1: string; movedOut: string | null }[];
    expect(addresses.filter((address) => address.movedOut === null)).toHaveLength(1);
    expect(addresses).toHaveLength(2);
    // Without the form's view (an API client), adds are still taken one after the other: one current address.
    await Promise.all([
      officer.post(`/api/v1/people/${personId}/addresses`, street("4 Fourth St", "2026-03-05")),
      supervisor.post(`/api/v1/people/${personId}/addresses`, street("5 Fifth St", "2026-03-06")),
    ]);
    const later = (await record(personId)).addresses as { movedOut: string | null }[];
    expect(later.filter((address) => address.movedOut === null)).toHaveLength(1);
  });
});
