import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";

// Who hears about a positive, missed or refused test: the case's supervising officer, whoever recorded it,
// and the unit's supervisors where the agency asks; the answer names them so the page can say who was told.
describe(`drug-test notifications (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;
  let admin: Client;
  let caseId: string;
  const program = { frequency: "weekly", testsPerMonth: 4, panel: ["thc", "cocaine"], method: "urine", startedOn: "2026-03-01" };
  const positiveTest = (specimenId: string) => ({
    status: "collected",
    specimenId,
    collectedAt: "2026-03-10T09:00:00-04:00",
    method: "urine",
    results: [
      { substance: "thc", result: "positive" },
      { substance: "cocaine", result: "negative" },
    ],
  });
  const titlesOf = async (client: Client) =>
    (await client.get("/api/v1/notifications"))
      .json()
      .filter((entry: { recordId: string }) => entry.recordId === caseId)
      .map((entry: { title: string }) => entry.title);

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-10T16:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    admin = await signIn(test, "admin");
    ({ caseId } = await intake(officer, { case: { supervisionStart: "2026-02-01" } }));
    expect((await officer.put(`/api/v1/cases/${caseId}/testing-program`, program)).statusCode).toBe(200);
  });
  afterAll(() => test.close());

  it("tells the case's officer, not the supervisor who recorded the test, and names who was told", async () => {
    const recorded = await supervisor.post(`/api/v1/cases/${caseId}/tests`, positiveTest("N-1"));
    expect(recorded.statusCode).toBe(201);
    expect(recorded.json().notified).toEqual([expect.objectContaining({ name: "Olivia Ortiz", role: "officer" })]);
    expect(await titlesOf(officer)).toHaveLength(1);
    expect(await titlesOf(supervisor)).toHaveLength(0);
    // A plain negative test tells nobody.
    const negative = await officer.post(`/api/v1/cases/${caseId}/tests`, {
      ...positiveTest("N-2"),
      results: [{ substance: "thc", result: "negative" }],
    });
    expect(negative.json().notified).toEqual([]);
  });

  it("also tells the unit's supervisors when the agency asks", async () => {
    const changed = await admin.patch("/api/v1/agency/settings", { notifyUnitSupervisorOfTests: true });
    expect(changed.json()).toMatchObject({ notifyUnitSupervisorOfTests: true });
    const recorded = await officer.post(`/api/v1/cases/${caseId}/tests`, positiveTest("N-3"));
    expect(recorded.json().notified.map((entry: { name: string; role: string }) => [entry.name, entry.role])).toEqual([
      ["Olivia Ortiz", "officer"],
      ["Samuel Okafor", "supervisor"],
    ]);
    expect(await titlesOf(supervisor)).toEqual([`Drug test: positive — ${await personName()}`]);
    expect((await admin.patch("/api/v1/agency/settings", { routeStopLimit: 0 })).statusCode).toBe(400);
  });

  const personName = async () => {
    const [row] = await test.db.query<{ name: string }>(
      "SELECT p.first_name || ' ' || p.last_name AS name FROM person p JOIN supervision_case c ON c.person_id = p.id WHERE c.id = $1",
      [caseId],
    );
    return row!.name;
  };
});
