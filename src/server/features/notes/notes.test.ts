import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";

describe(`case notes (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;
  let caseId: string;
  const note = (narrative: string, extra: Record<string, unknown> = {}) => ({
    noteType: "home_visit",
    occurredAt: "2026-03-01T14:30:00-05:00",
    narrative,
    ...extra,
  });

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-02T12:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    ({ caseId } = await intake(officer));
  });
  afterAll(() => test.close());

  it("writes a draft, edits it, signs it, and then refuses every change to the signed text", async () => {
    const draft = await officer.post(`/api/v1/cases/${caseId}/notes`, note("Home visit: resident present, room clean."));
    expect(draft.statusCode).toBe(201);
    expect(draft.json()).toMatchObject({
      status: "draft",
      occurredAt: "2026-03-01T19:30:00.000Z",
      author: { displayName: "Olivia Ortiz" },
    });
    const id = draft.json().id;
    expect(draft.json().version).toBe(1);
    const edited = await officer.patch(`/api/v1/notes/${id}`, { ...note("Home visit: resident and mother present."), expectedVersion: 1 });
    expect(edited.json()).toMatchObject({ narrative: "Home visit: resident and mother present.", version: 2 });
    // Only the author signs or edits, and the refusal is audited like any other denial.
    expect((await supervisor.post(`/api/v1/notes/${id}/sign`)).statusCode).toBe(403);
    expect((await supervisor.patch(`/api/v1/notes/${id}`, { ...note("Rewritten by someone else"), expectedVersion: 2 })).statusCode).toBe(
      403,
    );
    const denied = await auditRows(test.db, "outcome = 'denied' AND record_id = $1 AND actor_username = 'supervisor.north'", [id]);
    expect(denied.map((row) => [row.action, row.justification])).toEqual([
      ["note.sign", "no rule grants note.author"],
      ["note.update", "no rule grants note.author"],
    ]);
    const signed = await officer.post(`/api/v1/notes/${id}/sign`);
    expect(signed.json()).toMatchObject({ status: "signed", signedAt: test.clock.now().toISOString() });
    const edit = await officer.patch(`/api/v1/notes/${id}`, { ...note("Changed after signing"), expectedVersion: 3 });
    expect(edit.statusCode).toBe(409);
    expect((await officer.post(`/api/v1/notes/${id}/sign`)).statusCode).toBe(409);
    await expect(test.db.query("UPDATE case_note SET narrative = 'tampered' WHERE id = $1", [id])).rejects.toThrow(
      /signed case notes cannot be changed/,
    );
    const [stored] = await test.db.query<{ narrative: string }>("SELECT narrative FROM case_note WHERE id = $1", [id]);
    expect(stored!.narrative).toBe("Home visit: resident and mother present.");
  });

  it("refuses an edit or a signature based on an older version of the draft (two tabs), changing nothing", async () => {
    const id = (await officer.post(`/api/v1/cases/${caseId}/notes`, note("Phone call: reported new job."))).json().id;
    // Tab A saves first; tab B still holds version 1.
    expect(
      (await officer.patch(`/api/v1/notes/${id}`, { ...note("Phone call: new job at the depot."), expectedVersion: 1 })).statusCode,
    ).toBe(200);
    const stale = await officer.patch(`/api/v1/notes/${id}`, { ...note("Phone call: no news."), expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      error: "edit_conflict",
      message: expect.stringMatching(/^Olivia Ortiz changed this note on .*Reload/),
    });
    // Signing what tab B showed (version 1) would make text final that its officer never read.
    const staleSign = await officer.post(`/api/v1/notes/${id}/sign`, { expectedVersion: 1 });
    expect(staleSign.statusCode).toBe(409);
    const [stored] = await test.db.query<{ narrative: string; signed_at: Date | null; version: number }>(
      "SELECT narrative, signed_at, version FROM case_note WHERE id = $1",
      [id],
    );
    expect(stored).toEqual({ narrative: "Phone call: new job at the depot.", signed_at: null, version: 2 });
    expect((await officer.post(`/api/v1/notes/${id}/sign`, { expectedVersion: 2 })).json()).toMatchObject({ status: "signed", version: 3 });
  });

  it("corrects a signed note with a linked amendment; both are shown", async () => {
    const original = (
      await officer.post(`/api/v1/cases/${caseId}/notes`, note("Employer confirmed 30 hours a week.", { noteType: "collateral" }))
    ).json();
    expect((await officer.post(`/api/v1/notes/${original.id}/amendments`, note("too early"))).statusCode).toBe(409);
    await officer.post(`/api/v1/notes/${original.id}/sign`);
    const amendment = await officer.post(
      `/api/v1/notes/${original.id}/amendments`,
      note("Correction: 20 hours a week, not 30.", { noteType: "collateral" }),
    );
    expect(amendment.statusCode).toBe(201);
    expect(amendment.json()).toMatchObject({ amendsNoteId: original.id, status: "draft" });
    await officer.post(`/api/v1/notes/${amendment.json().id}/sign`);
    const timeline = (await officer.get(`/api/v1/cases/${caseId}/notes`)).json().notes;
    const shownOriginal = timeline.find((entry: { id: string }) => entry.id === original.id);
    expect(shownOriginal.amendedBy).toEqual([amendment.json().id]);
    expect(shownOriginal.narrative).toBe("Employer confirmed 30 hours a week.");
    expect(timeline.some((entry: { id: string }) => entry.id === amendment.json().id)).toBe(true);
  });

  it("shows drafts only to their author and refuses notes dated in the future", async () => {
    await officer.post(`/api/v1/cases/${caseId}/notes`, note("Private draft in progress"));
    const seenBySupervisor = (await supervisor.get(`/api/v1/cases/${caseId}/notes`)).json().notes;
    expect(seenBySupervisor.some((entry: { narrative: string }) => entry.narrative === "Private draft in progress")).toBe(false);
    const future = await officer.post(`/api/v1/cases/${caseId}/notes`, note("Tomorrow", { occurredAt: "2026-03-05T10:00:00Z" }));
    expect(future.statusCode).toBe(400);
    expect(future.json().issues[0].field).toBe("occurredAt");
    const emptyText = await officer.post(`/api/v1/cases/${caseId}/notes`, note("   "));
    expect(emptyText.statusCode).toBe(400);
  });

  it("searches the full text of notes across the caseload only", async () => {
    const other = await signIn(test, "officer.north2");
    const { caseId: otherCase } = await intake(other);
    const otherNote = (await other.post(`/api/v1/cases/${otherCase}/notes`, note("Discussed the methadone clinic schedule."))).json();
    await other.post(`/api/v1/notes/${otherNote.id}/sign`);
    const mine = (await officer.post(`/api/v1/cases/${caseId}/notes`, note("Client starts at the methadone clinic on Monday."))).json();
    await officer.post(`/api/v1/notes/${mine.id}/sign`);
    const results = (await officer.get("/api/v1/notes/search?q=methadone%20clinic")).json().notes;
    expect(results.map((entry: { id: string }) => entry.id)).toEqual([mine.id]);
    const unit = (await supervisor.get("/api/v1/notes/search?q=methadone")).json().notes;
    expect(unit).toHaveLength(2);
    expect((await officer.get("/api/v1/notes/search?q=m")).statusCode).toBe(400);
  });

  it("names the person and case of each search result, so the page needs no request per result", async () => {
    const { personId, caseId: ownCase } = await intake(officer, { person: { firstName: "Imani", lastName: "Achterberg" } });
    const written = (await officer.post(`/api/v1/cases/${ownCase}/notes`, note("Talked about the glassworks apprenticeship."))).json();
    await officer.post(`/api/v1/notes/${written.id}/sign`);
    const [result] = (await officer.get("/api/v1/notes/search?q=glassworks")).json().notes;
    expect(result).toMatchObject({ id: written.id, caseId: ownCase, personId, personName: "Imani Achterberg" });
    expect(result.caseNumber).toMatch(/^C-/);
    // Another unit's supervisor finds nothing of it, names included.
    const south = await (await signIn(test, "supervisor.south")).get("/api/v1/notes/search?q=glassworks");
    expect(south.json().notes).toEqual([]);
    expect(south.body).not.toContain("Achterberg");
  });
});
