import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";

// Optimistic concurrency (platform/db/versioned.ts): two edits from the same version, the second is refused.
describe(`case edits from a stale version (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-01T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
  });
  afterAll(() => test.close());

  const caseRow = async (caseId: string) =>
    (
      await test.db.query<{ version: number; risk_level: string | null; supervision_level: string }>(
        "SELECT version, risk_level, supervision_level FROM supervision_case WHERE id = $1",
        [caseId],
      )
    )[0]!;

  it("answers the version with the record, and refuses the second of two edits from it with 409, writing nothing", async () => {
    const { personId, caseId } = await intake(officer, { person: { firstName: "Vera" } });
    const read = (await officer.get(`/api/v1/people/${personId}`)).json();
    expect(read.person.version).toBe(1);
    expect(read.cases[0].version).toBe(1);

    const first = await supervisor.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 1, reason: "Reassessed", riskLevel: "high" });
    expect(first.statusCode).toBe(200);
    const levelChanges = async () =>
      (await test.db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_level_change WHERE case_id = $1", [caseId]))[0]!.n;
    const changesBefore = await levelChanges();

    const second = await officer.patch(`/api/v1/cases/${caseId}`, {
      expectedVersion: 1,
      reason: "Reassessed",
      riskLevel: "low",
      supervisionLevel: "intensive",
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: "edit_conflict", issues: [{ field: "expectedVersion" }] });
    // Who changed it and when, in the agency's time (America/New_York): 15:00 UTC is 10:00 AM (the test clock moves on a little).
    expect(second.json().message).toMatch(/^Samuel Okafor changed this case on Mar 1, 2026, 10:0\d\sAM, after you opened it\. Reload/);
    expect(await caseRow(caseId)).toMatchObject({ version: 2, risk_level: "high", supervision_level: "moderate" });
    expect(await levelChanges()).toBe(changesBefore);

    // From the version the first edit answered, the change goes through.
    expect((await officer.get(`/api/v1/people/${personId}`)).json().cases[0].version).toBe(2);
    expect(
      (await officer.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 2, reason: "Reassessed", riskLevel: "low" })).statusCode,
    ).toBe(200);
    expect(await caseRow(caseId)).toMatchObject({ version: 3, risk_level: "low" });
  });

  it("refuses two concurrent edits from the same version: exactly one is written", async () => {
    const { caseId } = await intake(officer, { person: { firstName: "Walt" } });
    const answers = await Promise.all([
      officer.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 1, reason: "Reassessed", riskLevel: "low" }),
      supervisor.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 1, reason: "Reassessed", riskLevel: "very_high" }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    const winner = answers[0]!.statusCode === 200 ? "low" : "very_high";
    expect(await caseRow(caseId)).toMatchObject({ version: 2, risk_level: winner });
  });

  it("keeps each change of level, risk, status and tags with its reason, readable with the record; no reason, no change", async () => {
    const { personId, caseId } = await intake(officer, { person: { firstName: "Yuri" } });
    const noReason = await officer.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 1, supervisionLevel: "intensive" });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().issues).toEqual([{ field: "reason", message: "give the reason for the change" }]);
    expect(await caseRow(caseId)).toMatchObject({ version: 1, supervision_level: "moderate" });

    const changed = await officer.patch(`/api/v1/cases/${caseId}`, {
      expectedVersion: 1,
      reason: "Positive test and missed curfew",
      supervisionLevel: "intensive",
      riskLevel: "high",
      tags: ["substance_use", "reentry"],
    });
    expect(changed.statusCode).toBe(200);
    const record = (await officer.get(`/api/v1/people/${personId}`)).json();
    const changes = record.cases[0].changes as { field: string; oldValue: string | null; newValue: string | null }[];
    expect(
      changes.map(({ field, oldValue, newValue }) => ({ field, oldValue, newValue })).sort((a, b) => a.field.localeCompare(b.field)),
    ).toEqual([
      { field: "risk_level", oldValue: "moderate", newValue: "high" },
      { field: "supervision_level", oldValue: "moderate", newValue: "intensive" },
      { field: "tags", oldValue: "", newValue: "reentry,substance_use" },
    ]);
    expect(record.cases[0].changes[0]).toMatchObject({ reason: "Positive test and missed curfew", changedBy: "Olivia Ortiz" });

    // Closing is a change of status too: it needs the closure reason and end date, and is kept in the history.
    const closing = await officer.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 2, reason: "Completed", status: "closed" });
    expect(closing.statusCode).toBe(400);
    expect(closing.json().issues.map((issue: { field: string }) => issue.field)).toEqual(["closureReason", "actualEnd"]);
  });

  it("audits each change, and a stale version still needs access first", async () => {
    const { caseId } = await intake(officer, { person: { firstName: "Xena" } });
    expect(
      (await officer.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 1, reason: "Reassessed", tags: ["reentry"] })).statusCode,
    ).toBe(200);
    const rows = await auditRows(test.db, "action = 'case.update' AND record_id = $1", [caseId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: "allowed", actor_username: "officer.north1" });
    const stranger = await signIn(test, "officer.south1");
    expect((await stranger.patch(`/api/v1/cases/${caseId}`, { expectedVersion: 1, reason: "Reassessed", tags: [] })).statusCode).toBe(403);
    expect((await officer.patch(`/api/v1/cases/${caseId}`, { tags: [] })).json().issues[0].field).toBe("body.expectedVersion");
  });
});
