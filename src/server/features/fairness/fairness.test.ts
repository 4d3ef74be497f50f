import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FairnessReport } from "../../../shared/contract/fairness";
import { createAccount, signInAccount } from "../../test-support/accounts";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { ageBand, ageOn, fairnessCells, type RespondedViolation, raceEthnicityGroup } from "./fairness";

describe("fairness report cells", () => {
  const violations = (group: string, n: number, restrictive: number, severity: "low" | "high" = "high"): RespondedViolation[] =>
    Array.from({ length: n }, (_, index) => ({ group, severity, riskLevel: "moderate", restrictive: index < restrictive }));

  it("compares each shown group with the other shown groups of its cell, and hides groups under 10", () => {
    const [cell, ...rest] = fairnessCells([...violations("A", 10, 2), ...violations("B", 20, 12), ...violations("C", 9, 9)]);
    expect(rest).toEqual([]);
    expect(cell).toMatchObject({ violationSeverity: "high", riskLevel: "moderate" });
    expect(cell!.groups.map((group) => group.group)).toEqual(["B", "A", "C"]);
    const [b, a, c] = cell!.groups;
    expect(b).toMatchObject({ suppressed: false, violations: 20, restrictive: 12, restrictiveShare: 0.6 });
    expect(b!.disparityRatio).toBeCloseTo(3); // 0.6 against A's 0.2; C's nine restrictive are not counted anywhere
    expect(a!.disparityRatio).toBeCloseTo(1 / 3);
    expect(c).toEqual({ group: "C", suppressed: true, violations: null, restrictive: null, restrictiveShare: null, disparityRatio: null });
  });

  it("gives no ratio to a group alone in its cell or against others with no restrictive response, and orders cells", () => {
    const cells = fairnessCells([...violations("A", 12, 3, "high"), ...violations("A", 10, 0, "low"), ...violations("B", 10, 5, "low")]);
    expect(cells.map((cell) => cell.violationSeverity)).toEqual(["low", "high"]);
    expect(cells[1]!.groups[0]!.disparityRatio).toBeNull();
    const low = Object.fromEntries(cells[0]!.groups.map((group) => [group.group, group.disparityRatio]));
    expect(low).toEqual({ A: 0, B: null });
  });

  it("groups answers, ages and age bands at their boundaries", () => {
    expect(raceEthnicityGroup(null)).toBe("Not recorded");
    expect(raceEthnicityGroup({ declined: true, categories: [] })).toBe("Declined to answer");
    expect(raceEthnicityGroup({ declined: false, categories: ["asian"] })).toBe("Asian");
    expect(raceEthnicityGroup({ declined: false, categories: ["asian", "white"] })).toBe("Two or more");
    expect(ageOn("2001-04-12", "2026-04-11")).toBe(24);
    expect(ageOn("2001-04-12", "2026-04-12")).toBe(25);
    expect([24, 25, 34, 35, 54, 55].map(ageBand)).toEqual(["Under 25", "25 to 34", "25 to 34", "35 to 44", "45 to 54", "55 and over"]);
  });
});

describe(`race and ethnicity, and the fairness report (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;
  let northSupervisor: Client;
  let southOfficer: Client;

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 30 * 86_400, sessionAbsoluteTimeoutSeconds: 30 * 86_400 });
    test.clock.set(new Date("2026-04-06T15:00:00Z"));
    // A unit of its own, so the report holds only this test's violations.
    const [agency] = await test.db.query<{ id: string }>("SELECT agency_id AS id FROM unit WHERE name = 'North Field Office'");
    const [unit] = await test.db.query<{ id: string }>("INSERT INTO unit (agency_id, name) VALUES ($1, 'Fairness Unit') RETURNING id", [
      agency!.id,
    ]);
    const account = { agencyId: agency!.id, unitId: unit!.id };
    await createAccount(test, { username: "officer.fair", displayName: "Fay Officer", roles: ["officer"], ...account });
    await createAccount(test, { username: "supervisor.fair", displayName: "Sam Supervisor", roles: ["supervisor"], ...account });
    officer = await signInAccount(test, "officer.fair");
    supervisor = await signInAccount(test, "supervisor.fair");
    northSupervisor = await signIn(test, "supervisor.north");
    southOfficer = await signIn(test, "officer.south1");
  });
  afterAll(() => test.close());

  /** A case whose person reported these categories (or declined), with a high-severity violation met by one response. */
  async function respondedCase(answer: { declined: boolean; categories: string[] }, response: "short_sanction" | "treatment_referral") {
    const { personId, caseId } = await intake(officer, { case: { riskLevel: "moderate" } });
    expect((await officer.put(`/api/v1/people/${personId}/race-ethnicity`, answer)).statusCode).toBe(200);
    const recorded = await officer.post(`/api/v1/cases/${caseId}/violations`, {
      type: "other",
      severity: "high",
      occurredAt: "2026-04-02T16:00:00Z",
      description: "Left the county without permission",
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const violationId = recorded.json().id as string;
    const chosen = await officer.post(`/api/v1/violations/${violationId}/responses`, { expectedVersion: 1, response, dueOn: "2026-04-20" });
    expect(chosen.statusCode, chosen.body).toBe(201);
    // A short sanction takes liberty: in effect once a supervisor approves it.
    if (response === "short_sanction") {
      const approved = await supervisor.post(`/api/v1/violation-responses/${chosen.json().responses[0].id}/decision`, {
        decision: "approved",
      });
      expect(approved.statusCode, approved.body).toBe(200);
    }
    return { personId, caseId };
  }

  it("records what the person reported or that they declined, read on its own by those who may, audited", async () => {
    const { personId } = await intake(officer);
    expect((await officer.get(`/api/v1/people/${personId}/race-ethnicity`)).json()).toMatchObject({ recorded: false, categories: [] });
    const both = await officer.put(`/api/v1/people/${personId}/race-ethnicity`, { declined: true, categories: ["white"] });
    expect(both.statusCode).toBe(400);
    expect(both.json().message + JSON.stringify(both.json())).toContain("Leave the categories empty");
    expect((await officer.put(`/api/v1/people/${personId}/race-ethnicity`, { declined: false, categories: [] })).statusCode).toBe(400);
    const unknown = await officer.put(`/api/v1/people/${personId}/race-ethnicity`, { declined: false, categories: ["martian"] });
    expect(unknown.statusCode).toBe(400);

    const answer = { declined: false, categories: ["white", "hispanic_latino"] };
    expect((await officer.put(`/api/v1/people/${personId}/race-ethnicity`, answer)).statusCode).toBe(200);
    const read = (await supervisor.get(`/api/v1/people/${personId}/race-ethnicity`)).json();
    expect(read).toMatchObject({
      recorded: true,
      declined: false,
      categories: ["hispanic_latino", "white"],
      recordedBy: "Fay Officer",
      version: 1,
    });
    // A correction needs the version read; a stale one is a conflict, and nothing changes.
    expect((await officer.put(`/api/v1/people/${personId}/race-ethnicity`, { declined: true, categories: [] })).statusCode).toBe(400);
    expect(
      (await officer.put(`/api/v1/people/${personId}/race-ethnicity`, { declined: true, categories: [], expectedVersion: 1 })).statusCode,
    ).toBe(200);
    expect(
      (await officer.put(`/api/v1/people/${personId}/race-ethnicity`, { declined: false, categories: ["asian"], expectedVersion: 1 }))
        .statusCode,
    ).toBe(409);
    expect((await officer.get(`/api/v1/people/${personId}/race-ethnicity`)).json()).toMatchObject({
      declined: true,
      categories: [],
      version: 2,
    });

    // Not part of the person's record; others may not read it, and the refusal is audited.
    expect((await officer.get(`/api/v1/people/${personId}`)).body).not.toContain("hispanic");
    expect((await southOfficer.get(`/api/v1/people/${personId}/race-ethnicity`)).statusCode).toBe(403);
    expect(
      await auditRows(test.db, "action = 'person.race_ethnicity_read' AND record_id = $1 AND outcome = 'denied'", [personId]),
    ).toHaveLength(1);
    expect(
      await auditRows(test.db, "action = 'person.race_ethnicity_read' AND record_id = $1 AND outcome = 'allowed'", [personId]),
    ).toHaveLength(3);
  });

  it("shows a supervisor the restrictive share by group for the same severity and risk, hides small groups, and keeps to their unit", async () => {
    const white = { declined: false, categories: ["white"] };
    const black = { declined: false, categories: ["black_african_american"] };
    for (let index = 0; index < 10; index += 1) await respondedCase(white, index < 2 ? "short_sanction" : "treatment_referral");
    for (let index = 0; index < 10; index += 1) await respondedCase(black, index < 6 ? "short_sanction" : "treatment_referral");
    for (let index = 0; index < 3; index += 1) await respondedCase({ declined: true, categories: [] }, "short_sanction");

    const report = async (client: Client, query = "") => {
      const response = await client.get(`/api/v1/fairness/responses${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as FairnessReport;
    };
    const byRace = await report(supervisor);
    expect(byRace).toMatchObject({ dimension: "race_ethnicity", from: "2025-04-06", to: "2026-04-06", smallestCellShown: 10 });
    expect(byRace.cells).toHaveLength(1);
    const [cell] = byRace.cells;
    expect(cell).toMatchObject({ violationSeverity: "high", riskLevel: "moderate" });
    const groups = Object.fromEntries(cell!.groups.map((group) => [group.group, group]));
    expect(groups["Black or African American"]).toMatchObject({ violations: 10, restrictive: 6, restrictiveShare: 0.6 });
    expect(groups["Black or African American"]!.disparityRatio).toBeCloseTo(3);
    expect(groups.White).toMatchObject({ violations: 10, restrictive: 2 });
    expect(groups["Declined to answer"]).toMatchObject({ suppressed: true, violations: null });

    // By sex (all "Not recorded" here) and by age at the violation (born 1990-04-12: 35 on 2026-04-02).
    expect((await report(supervisor, "?dimension=sex")).cells[0]!.groups.map((group) => [group.group, group.violations])).toEqual([
      ["Not recorded", 23],
    ]);
    expect((await report(supervisor, "?dimension=age_band")).cells[0]!.groups.map((group) => group.group)).toEqual(["35 to 44"]);
    // A period before the violations: nothing. Another unit's supervisor: nothing of this unit. Officers: refused.
    expect((await report(supervisor, "?from=2026-01-01&to=2026-04-01")).cells).toEqual([]);
    expect((await report(northSupervisor, "?from=2026-04-01&to=2026-04-06")).cells).toEqual([]);
    expect((await officer.get("/api/v1/fairness/responses")).statusCode).toBe(403);
    const backwards = await supervisor.get("/api/v1/fairness/responses?from=2026-04-06&to=2026-04-01");
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().message).toContain("ends before it starts");
    expect((await supervisor.get("/api/v1/fairness/responses?to=2026-04-07")).json().message).toContain("cannot end after today");
    expect((await supervisor.get("/api/v1/fairness/responses?from=2020-01-01&to=2026-04-01")).statusCode).toBe(400);
  });
});
