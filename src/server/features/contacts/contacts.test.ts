import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";

type State = { kind: string; required: number; done: number; status: string; dueBy: string };

describe(`contacts and contact standards (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let caseId: string;
  let personId: string;
  const standards = async (id = caseId) =>
    (await officer.get(`/api/v1/cases/${id}/standards`)).json() as { today: string; states: State[] };
  const state = async (kind: string, id = caseId) => (await standards(id)).states.find((entry) => entry.kind === kind)!;

  beforeAll(async () => {
    test = await createTestApp();
    // 10:00 in New York on 10 March 2026.
    test.clock.set(new Date("2026-03-10T14:00:00Z"));
    officer = await signIn(test, "officer.north1");
  });
  // A case of its own for every test: counts and verifications start from nothing.
  beforeEach(async () => {
    ({ caseId, personId } = await intake(officer, { case: { supervisionStart: "2026-03-01", supervisionLevel: "moderate" } }));
  });
  afterAll(() => test.close());

  /** The agency's policy with moderate supervision at `count` face-to-face contacts a month (the default is 2). */
  async function moderateFaceToFace(admin: Client, count: number) {
    const { isDefault: _isDefault, ...current } = (await admin.get("/api/v1/contact-standards")).json();
    const requirements = current.requirements.map((rule: { supervisionLevel: string; kind: string; count: number }) =>
      rule.supervisionLevel === "moderate" && rule.kind === "face_to_face" ? { ...rule, count } : rule,
    );
    return { current, changed: { ...current, requirements } };
  }

  it("starts with the CSOSA default: 2 face-to-face contacts a month, 1 in the field", async () => {
    const result = await standards();
    expect(result.today).toBe("2026-03-10");
    expect(result.states.map((entry) => [entry.kind, entry.required, entry.done, entry.status, entry.dueBy])).toEqual([
      ["face_to_face", 2, 0, "due", "2026-03-31"],
      ["field", 1, 0, "due", "2026-03-31"],
    ]);
  });

  it("counts completed office and home visits toward the standards, not attempts or phone calls", async () => {
    const record = (body: Record<string, unknown>) =>
      officer.post(`/api/v1/cases/${caseId}/contacts`, { occurredAt: "2026-03-09T15:00:00-05:00", ...body });
    expect((await record({ contactType: "phone", outcome: "completed" })).statusCode).toBe(201);
    expect(
      (
        await record({
          contactType: "unannounced_home_visit",
          outcome: "attempted",
          location: "Residence",
          narrative: "Knocked twice, no answer; left a card.",
        })
      ).statusCode,
    ).toBe(201);
    expect(await state("face_to_face")).toMatchObject({ done: 0 });
    const office = await record({ contactType: "office_visit", outcome: "completed", narrative: "Reported as directed." });
    expect(office.json()).toMatchObject({ contactType: "office_visit", outcome: "completed", officer: { displayName: "Olivia Ortiz" } });
    expect(office.json().noteId).toBeTruthy();
    expect(await state("face_to_face")).toMatchObject({ done: 1, status: "due" });
    await record({ contactType: "scheduled_home_visit", outcome: "completed", peoplePresent: "Client, mother" });
    expect(await state("face_to_face")).toMatchObject({ done: 2, status: "met" });
    expect(await state("field")).toMatchObject({ done: 1, status: "met" });
    const entry = (await officer.get(`/api/v1/caseload?search=${caseId.slice(0, 0)}`))
      .json()
      .entries.find((candidate: { caseId: string }) => candidate.caseId === caseId);
    expect(entry).toMatchObject({ contactStatus: "met", overdue: false, lastContactAt: "2026-03-09T20:00:00.000Z" });
    expect(entry.priorityReason).toMatch(/contacts met this period/);
    // The attempted visit's narrative became a draft note documenting it.
    const notes = (await officer.get(`/api/v1/cases/${caseId}/notes`)).json().notes;
    expect(
      notes.some(
        (note: { narrative: string; noteType: string }) => note.narrative.startsWith("Knocked twice") && note.noteType === "home_visit",
      ),
    ).toBe(true);
  });

  it("refuses contacts dated in the future and unknown types, writing nothing", async () => {
    const before = (await officer.get(`/api/v1/cases/${caseId}/contacts`)).json().length;
    const future = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      outcome: "completed",
      occurredAt: "2026-03-12T10:00:00Z",
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().issues[0].field).toBe("occurredAt");
    expect(
      (
        await officer.post(`/api/v1/cases/${caseId}/contacts`, {
          contactType: "telepathy",
          outcome: "completed",
          occurredAt: "2026-03-09T10:00:00Z",
        })
      ).statusCode,
    ).toBe(400);
    expect((await officer.get(`/api/v1/cases/${caseId}/contacts`)).json()).toHaveLength(before);
  });

  it("requires a home verification of a new address, which a completed home visit gives", async () => {
    await officer.post(`/api/v1/people/${personId}/addresses`, {
      line1: "9 Oak St",
      city: "Atlanta",
      state: "GA",
      postalCode: "30301",
      movedIn: "2026-03-08",
    });
    expect(await state("home_verification")).toMatchObject({ status: "due", dueBy: "2026-03-18" });
    await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "unannounced_home_visit",
      outcome: "completed",
      occurredAt: "2026-03-10T09:00:00-05:00",
    });
    expect(await state("home_verification")).toMatchObject({ status: "met", done: 1 });
    const record = (await officer.get(`/api/v1/people/${personId}`)).json();
    expect(record.addresses[0]).toMatchObject({ line1: "9 Oak St", verificationStatus: "verified", verifiedOn: "2026-03-10" });
  });

  it("lets an administrator adopt another policy without a code change", async () => {
    const admin = await signIn(test, "admin");
    const current = (await admin.get("/api/v1/contact-standards")).json();
    expect(current.isDefault).toBe(true);
    const { isDefault: _isDefault, ...policy } = current;
    const stricter = (await moderateFaceToFace(admin, 3)).changed.requirements;
    expect((await officer.put("/api/v1/contact-standards", { ...policy, requirements: stricter })).statusCode).toBe(403);
    try {
      const saved = await admin.put("/api/v1/contact-standards", {
        requirements: stricter,
        homeVerificationDays: 5,
        dueSoonDays: 7,
        timeZone: "America/Chicago",
      });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({ isDefault: false, homeVerificationDays: 5, timeZone: "America/Chicago" });
      expect(await state("face_to_face")).toMatchObject({ required: 3 });
      const duplicate = await admin.put("/api/v1/contact-standards", {
        requirements: [stricter[0], stricter[0]],
        homeVerificationDays: 5,
        dueSoonDays: 7,
        timeZone: "America/Chicago",
      });
      expect(duplicate.statusCode).toBe(400);
      expect((await admin.put("/api/v1/contact-standards", { ...policy, timeZone: "Mars/Olympus" })).statusCode).toBe(400);
    } finally {
      // The policy is the agency's: give the next test the one this test found.
      expect((await admin.put("/api/v1/contact-standards", policy)).statusCode).toBe(200);
    }
  });

  it("prorates the month when the level changes, and becomes overdue when a month ends short", async () => {
    // Under a stricter policy of its own (moderate: 3 a month), put back at the end.
    const admin = await signIn(test, "admin");
    const policy = await moderateFaceToFace(admin, 3);
    expect((await admin.put("/api/v1/contact-standards", policy.changed)).statusCode).toBe(200);
    try {
      await prorates();
    } finally {
      expect((await (await signIn(test, "admin")).put("/api/v1/contact-standards", policy.current)).statusCode).toBe(200);
    }
  });

  async function prorates() {
    const { caseId: raised } = await intake(officer, { case: { supervisionStart: "2026-02-01", supervisionLevel: "moderate" } });
    await officer.post(`/api/v1/cases/${raised}/contacts`, {
      contactType: "office_visit",
      outcome: "completed",
      occurredAt: "2026-02-10T10:00:00Z",
    });
    await officer.post(`/api/v1/cases/${raised}/contacts`, {
      contactType: "field_visit",
      outcome: "completed",
      occurredAt: "2026-02-20T10:00:00Z",
    });
    await officer.post(`/api/v1/cases/${raised}/contacts`, {
      contactType: "field_visit",
      outcome: "completed",
      occurredAt: "2026-03-02T10:00:00Z",
    });
    expect(
      (await officer.patch(`/api/v1/cases/${raised}`, { expectedVersion: 1, supervisionLevel: "intensive", reason: "New arrest" }))
        .statusCode,
    ).toBe(200);
    // Moderate (3 a month) 1–9 March, intensive from the 10th:
    // 3·9/31 + 8·22/31 = 6.55 → 7.
    expect(await state("face_to_face", raised)).toMatchObject({ required: 7, done: 1, status: "due" });
    test.clock.set(new Date("2026-04-02T14:00:00Z"));
    // Three weeks later the old session has timed out.
    officer = await signIn(test, "officer.north1");
    const overdue = await state("face_to_face", raised);
    expect(overdue).toMatchObject({ status: "overdue", dueBy: "2026-03-31", required: 8 });
    const entry = (await officer.get("/api/v1/caseload?overdue=true"))
      .json()
      .entries.find((candidate: { caseId: string }) => candidate.caseId === raised);
    expect(entry.priorityReason).toMatch(/face-to-face contact overdue 2 days/);
  }
});
