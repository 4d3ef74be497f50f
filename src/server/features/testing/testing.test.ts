import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { drawNumber, drawProbability, makeDueDraws } from "./testing.service";

describe("random draw arithmetic", () => {
  it("draws the same number from the same seed, date and program, and different ones otherwise", () => {
    const seed = "ab".repeat(32);
    expect(drawNumber(seed, "2026-03-10", "p1")).toBe(drawNumber(seed, "2026-03-10", "p1"));
    expect(drawNumber(seed, "2026-03-10", "p1")).not.toBe(drawNumber(seed, "2026-03-11", "p1"));
    expect(drawNumber("cd".repeat(32), "2026-03-10", "p1")).not.toBe(drawNumber(seed, "2026-03-10", "p1"));
    const values = Array.from({ length: 2000 }, (_, index) => drawNumber(seed, "2026-03-10", `p${index}`));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((value) => value < 0.25).length).toBeGreaterThan(400);
    expect(values.filter((value) => value < 0.25).length).toBeLessThan(600);
  });

  it("spreads the tests still owed over the days left in the month", () => {
    expect(drawProbability(2, 0, "2026-03-01")).toBeCloseTo(2 / 31);
    expect(drawProbability(2, 1, "2026-03-30")).toBeCloseTo(1 / 2);
    expect(drawProbability(2, 1, "2026-03-31")).toBe(1);
    expect(drawProbability(2, 2, "2026-03-31")).toBe(0);
    expect(drawProbability(4, 0, "2028-02-29")).toBe(1);
  });
});

describe(`drug and alcohol testing (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let supervisor: Client;
  const cases: string[] = [];
  const program = {
    frequency: "random",
    testsPerMonth: 2,
    panel: ["thc", "cocaine", "opiates", "alcohol"],
    method: "urine",
    startedOn: "2026-03-01",
  };

  beforeAll(async () => {
    // Sessions outlast the simulated month of daily draws.
    test = await createTestApp({ sessionIdleTimeoutSeconds: 40 * 86_400, sessionAbsoluteTimeoutSeconds: 40 * 86_400 });
    test.clock.set(new Date("2026-03-01T12:00:00Z"));
    officer = await signIn(test, "officer.north1");
    supervisor = await signIn(test, "supervisor.north");
    for (let index = 0; index < 6; index++) {
      const { caseId } = await intake(officer, { case: { supervisionStart: "2026-02-01" } });
      expect((await officer.put(`/api/v1/cases/${caseId}/testing-program`, program)).statusCode).toBe(200);
      cases.push(caseId);
    }
  });
  afterAll(() => test.close());
  /** Moves the clock forward to `iso` (never back: sign-in codes are single-use), for tests that need a later day. */
  const clockAtLeast = (iso: string) => {
    if (test.clock.now() < new Date(iso)) test.clock.set(new Date(iso));
  };

  it("makes one auditable draw a day, refuses a re-run, and reproduces it from the stored seed", async () => {
    expect((await officer.post("/api/v1/testing/draws", { date: "2026-03-01" })).statusCode).toBe(403);
    const draw = await supervisor.post("/api/v1/testing/draws", { date: "2026-03-01" });
    expect(draw.statusCode).toBe(201);
    expect(draw.json()).toMatchObject({ date: "2026-03-01", candidates: 6 });
    expect(draw.json().seed).toMatch(/^[0-9a-f]{64}$/);
    const again = await supervisor.post("/api/v1/testing/draws", { date: "2026-03-01" });
    expect(again.statusCode).toBe(409);
    expect((await supervisor.get("/api/v1/testing/draws/2026-03-01")).json().seed).toBe(draw.json().seed);
    expect((await supervisor.post(`/api/v1/testing/draws/${draw.json().id}/verify`)).json()).toMatchObject({
      reproduced: true,
      candidates: 6,
      mismatches: [],
    });
    // Changing a stored selection behind the application's back is caught by the re-run.
    await test.db.query(
      "UPDATE random_draw_candidate SET selected = NOT selected WHERE draw_id = $1 AND program_id = (SELECT min(program_id::text)::uuid FROM random_draw_candidate WHERE draw_id = $1)",
      [draw.json().id],
    );
    expect((await supervisor.post(`/api/v1/testing/draws/${draw.json().id}/verify`)).json().reproduced).toBe(false);
    expect((await supervisor.post("/api/v1/testing/draws", { date: "2026-02-27" })).statusCode).toBe(400);
  });

  it("meets each random program's monthly target exactly over a month of daily draws", async () => {
    for (let day = 2; day <= 31; day++) {
      test.clock.set(new Date(`2026-03-${String(day).padStart(2, "0")}T12:00:00Z`));
      expect((await supervisor.post("/api/v1/testing/draws", { date: `2026-03-${String(day).padStart(2, "0")}` })).statusCode).toBe(201);
    }
    const counts = await test.db.query<{ case_id: string; selections: number }>(
      "SELECT c.case_id, count(*)::int AS selections FROM random_draw_candidate c JOIN random_draw d ON d.id = c.draw_id WHERE c.selected AND d.draw_date >= '2026-03-01' AND d.draw_date <= '2026-03-31' GROUP BY c.case_id",
    );
    // The tampered first-day row above may add or remove one selection for one program.
    expect(counts.filter((row) => row.selections === 2).length).toBeGreaterThanOrEqual(5);
    // The officer sees today's selections on their caseload, and the call-in check answers for today only.
    const today = (await officer.get("/api/v1/testing/today")).json();
    expect(today.date).toBe("2026-03-31");
    // Each selection names the person and carries their id, so the page links to the person without a request per row.
    for (const entry of today.selected) expect(entry).toMatchObject({ personId: expect.any(String), personName: expect.any(String) });
    for (const caseId of cases) {
      const callIn = (await officer.get(`/api/v1/cases/${caseId}/call-in`)).json();
      expect(callIn).toMatchObject({ date: "2026-03-31", drawn: true });
      expect(callIn.mustTest).toBe(today.selected.some((entry: { caseId: string }) => entry.caseId === caseId));
    }
  });

  it("records results, refusing substances off the panel and duplicate specimens, and raises events for positives and misses", async () => {
    clockAtLeast("2026-03-31T12:00:00Z");
    const caseId = cases[0]!;
    const base = { status: "collected", collectedAt: "2026-03-31T07:00:00-04:00", method: "urine" };
    const offPanel = await officer.post(`/api/v1/cases/${caseId}/tests`, {
      ...base,
      specimenId: "S-1",
      results: [{ substance: "lsd", result: "negative" }],
    });
    expect(offPanel.statusCode).toBe(400);
    expect(offPanel.json().message).toMatch(/lsd/);
    const positive = await officer.post(`/api/v1/cases/${caseId}/tests`, {
      ...base,
      specimenId: "S-1",
      results: [
        { substance: "thc", result: "positive", confirmation: "pending" },
        { substance: "cocaine", result: "negative" },
      ],
      admission: true,
      admittedSubstances: ["thc"],
      custody: [
        { action: "collected", byName: "Olivia Ortiz", at: "2026-03-31T07:00:00-04:00" },
        { action: "sealed", byName: "Olivia Ortiz", at: "2026-03-31T07:02:00-04:00" },
      ],
    });
    expect(positive.statusCode).toBe(201);
    expect(positive.json()).toMatchObject({
      specimenId: "S-1",
      admission: true,
      countsAsPositive: true,
      custody: [
        { step: 1, action: "collected" },
        { step: 2, action: "sealed" },
      ],
    });
    expect((await officer.post(`/api/v1/cases/${caseId}/tests`, { ...base, specimenId: "S-1", results: [] })).statusCode).toBe(409);
    const missed = await officer.post(`/api/v1/cases/${caseId}/tests`, {
      status: "missed",
      collectedAt: "2026-03-31T07:30:00-04:00",
      method: "urine",
    });
    expect(missed.json().countsAsPositive).toBe(true);
    expect(
      (
        await officer.post(`/api/v1/cases/${caseId}/tests`, {
          status: "refused",
          specimenId: "S-9",
          collectedAt: "2026-03-31T07:30:00-04:00",
          method: "urine",
        })
      ).statusCode,
    ).toBe(400);
    const events = await test.db.query<{ kind: string }>("SELECT kind FROM supervision_event WHERE case_id = $1 ORDER BY kind", [caseId]);
    expect(events.map((event) => event.kind)).toEqual(["missed_test", "positive_test"]);
    const notifications = (await officer.get("/api/v1/notifications")).json() as { title: string; body: string | null }[];
    const notices = notifications.map((entry) => entry.title);
    expect(notices.some((title: string) => title.startsWith("Drug test: positive"))).toBe(true);
    // The message names the test's day in words (agency time zone), never an ISO date.
    const bodies = notifications.filter((entry) => entry.title.startsWith("Drug test:")).map((entry) => entry.body ?? "");
    expect(bodies).toContain("A positive test was recorded on Mar 31, 2026.");
    for (const body of bodies) expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const confirmed = await officer.patch(`/api/v1/tests/${positive.json().id}/results/thc`, { confirmation: "confirmed" });
    expect(confirmed.json().results.find((result: { substance: string }) => result.substance === "thc").confirmation).toBe("confirmed");
    const history = (await officer.get(`/api/v1/cases/${caseId}/tests`)).json();
    expect(history.program.panel).toEqual(program.panel);
    expect(history.tests.map((entry: { status: string }) => entry.status)).toEqual(["missed", "collected"]);
  });

  it("appends chain-of-custody steps in time order only, and never to a test without a specimen", async () => {
    clockAtLeast("2026-03-31T19:00:00Z");
    const caseId = cases[1]!;
    const bad = await officer.post(`/api/v1/cases/${caseId}/tests`, {
      status: "collected",
      specimenId: "S-20",
      collectedAt: "2026-03-31T08:00:00-04:00",
      method: "urine",
      custody: [
        { action: "collected", byName: "Olivia Ortiz", at: "2026-03-31T08:00:00-04:00" },
        { action: "sealed", byName: "Olivia Ortiz", at: "2026-03-31T07:59:00-04:00" },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/earlier than the step before it/);
    const saved = await officer.post(`/api/v1/cases/${caseId}/tests`, {
      status: "collected",
      specimenId: "S-20",
      collectedAt: "2026-03-31T08:00:00-04:00",
      method: "urine",
      results: [{ substance: "cocaine", result: "positive", confirmation: "pending" }],
      custody: [{ action: "collected", byName: "Olivia Ortiz", at: "2026-03-31T08:00:00-04:00" }],
    });
    expect(saved.statusCode).toBe(201);
    const testId: string = saved.json().id;

    const shipped = await officer.post(`/api/v1/tests/${testId}/custody`, {
      action: "shipped",
      byName: "Courier Dana Lee",
      at: "2026-03-31T10:00:00-04:00",
    });
    expect(shipped.statusCode).toBe(201);
    expect(shipped.json().custody.map((step: { step: number; action: string }) => [step.step, step.action])).toEqual([
      [1, "collected"],
      [2, "shipped"],
    ]);
    // Earlier than the last step: refused, nothing written.
    const early = await officer.post(`/api/v1/tests/${testId}/custody`, {
      action: "received_by_lab",
      byName: "Lab intake",
      at: "2026-03-31T09:59:00-04:00",
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toMatch(/earlier than the last one recorded/);
    expect(early.json().issues).toEqual([{ field: "at", message: "earlier than the previous step" }]);
    const collectedAgain = await officer.post(`/api/v1/tests/${testId}/custody`, {
      action: "collected",
      byName: "Olivia Ortiz",
      at: "2026-03-31T11:00:00-04:00",
    });
    expect(collectedAgain.statusCode).toBe(400);
    const future = await officer.post(`/api/v1/tests/${testId}/custody`, {
      action: "tested",
      byName: "Lab",
      at: "2026-04-02T10:00:00-04:00",
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toMatch(/future/);
    expect(
      (await officer.post(`/api/v1/tests/${testId}/custody`, { action: "sealed", byName: "", at: "2026-03-31T11:00:00-04:00" })).statusCode,
    ).toBe(400);
    expect(
      (await officer.post(`/api/v1/tests/${testId}/custody`, { action: "lost", byName: "Lab", at: "2026-03-31T11:00:00-04:00" }))
        .statusCode,
    ).toBe(400);
    const received = await officer.post(`/api/v1/tests/${testId}/custody`, {
      action: "received_by_lab",
      byName: "Lab intake",
      at: "2026-03-31T10:00:00-04:00",
    });
    expect(received.json().custody).toHaveLength(3);

    // A supervisor of another unit may not; a missed test has no specimen; an unknown test is not found.
    const southSupervisor = await signIn(test, "supervisor.south");
    const step = { action: "tested", byName: "Lab", at: "2026-03-31T12:00:00-04:00" };
    expect((await southSupervisor.post(`/api/v1/tests/${testId}/custody`, step)).statusCode).toBe(403);
    const missed = await officer.post(`/api/v1/cases/${caseId}/tests`, {
      status: "missed",
      collectedAt: "2026-03-31T09:00:00-04:00",
      method: "urine",
    });
    expect((await officer.post(`/api/v1/tests/${missed.json().id}/custody`, step)).statusCode).toBe(409);
    expect((await officer.post("/api/v1/tests/00000000-0000-4000-8000-000000000000/custody", step)).statusCode).toBe(404);
    const steps = await test.db.query("SELECT 1 FROM custody_step WHERE test_id = $1", [testId]);
    expect(steps).toHaveLength(3);
    expect(
      await test.db.query(
        "SELECT 1 FROM audit_log WHERE action = 'testing.custody_step_added' AND outcome = 'allowed' AND record_id = $1",
        [testId],
      ),
    ).toHaveLength(2);
  });

  it("takes the lab's answer once; an overturned positive no longer counts as positive", async () => {
    clockAtLeast("2026-03-31T19:00:00Z");
    const caseId = cases[2]!;
    const saved = await officer.post(`/api/v1/cases/${caseId}/tests`, {
      status: "collected",
      specimenId: "S-30",
      collectedAt: "2026-03-31T08:00:00-04:00",
      method: "urine",
      results: [
        { substance: "thc", result: "positive", confirmation: "pending" },
        { substance: "opiates", result: "positive", confirmation: "pending" },
      ],
    });
    expect(saved.json().countsAsPositive).toBe(true);
    const testId: string = saved.json().id;
    expect((await officer.patch(`/api/v1/tests/${testId}/results/thc`, { confirmation: "pending" })).statusCode).toBe(400);
    const thc = await officer.patch(`/api/v1/tests/${testId}/results/thc`, { confirmation: "overturned" });
    expect(thc.statusCode).toBe(200);
    // Opiates are still positive, pending the lab: the test still counts.
    expect(thc.json().countsAsPositive).toBe(true);
    const opiates = await officer.patch(`/api/v1/tests/${testId}/results/opiates`, { confirmation: "overturned" });
    expect(opiates.json()).toMatchObject({ countsAsPositive: false });
    expect(opiates.json().results.map((result: { confirmation: string }) => result.confirmation)).toEqual(["overturned", "overturned"]);
    const again = await officer.patch(`/api/v1/tests/${testId}/results/opiates`, { confirmation: "confirmed" });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/already recorded \(overturned\)/);
    expect((await officer.patch(`/api/v1/tests/${testId}/results/cocaine`, { confirmation: "confirmed" })).statusCode).toBe(404);
    // The event is kept for the record, no longer counting, and withdrawn once no positive result stands.
    const events = await test.db.query<{ kind: string; counts_as_positive: boolean; withdrawn_reason: string | null }>(
      "SELECT kind, counts_as_positive, withdrawn_reason FROM supervision_event WHERE source_id = $1",
      [testId],
    );
    expect(events).toEqual([
      { kind: "positive_test", counts_as_positive: false, withdrawn_reason: "The lab overturned the opiates result" },
    ]);
  });

  it("makes the day's draw automatically after 6 am local time, once, unless it was made by hand", async () => {
    // 05:30 in New York on 1 April: too early.
    expect(await makeDueDraws(test.deps, new Date("2026-04-01T09:30:00Z"))).toBe(0);
    expect(await makeDueDraws(test.deps, new Date("2026-04-01T10:30:00Z"))).toBe(1);
    expect(await makeDueDraws(test.deps, new Date("2026-04-01T11:30:00Z"))).toBe(0);
    const [draw] = await test.db.query<{ created_by: string | null; candidates: number }>(
      "SELECT d.created_by, (SELECT count(*)::int FROM random_draw_candidate c WHERE c.draw_id = d.id) AS candidates FROM random_draw d WHERE d.draw_date = '2026-04-01'",
    );
    expect(draw).toEqual({ created_by: null, candidates: 6 });
    // A day drawn by hand is left alone.
    clockAtLeast("2026-04-02T12:00:00Z");
    expect((await supervisor.post("/api/v1/testing/draws", { date: "2026-04-02" })).statusCode).toBe(201);
    expect(await makeDueDraws(test.deps, new Date("2026-04-02T13:00:00Z"))).toBe(0);
  });
});

describe(`who may make and read a random draw, and when (${engineName})`, () => {
  let test: TestApp;
  const north: string[] = [];
  let south: string;
  // Every day's chance is 1 with 31 tests a month, so each program is selected.
  const program = { frequency: "random", testsPerMonth: 31, panel: ["thc"], method: "urine", startedOn: "2026-06-01" };
  type Draw = {
    id: string;
    selectedCount: number;
    selected: { caseId: string; caseNumber: string; personId: string; personName: string }[];
  };

  beforeAll(async () => {
    test = await createTestApp();
    // 22:00 on 10 June in New York, already 11 June in UTC: the agency's day is still the 10th.
    test.clock.set(new Date("2026-06-11T02:00:00Z"));
    const northOfficer = await signIn(test, "officer.north1");
    for (const lastName of ["Nakamura", "Osei"]) {
      const { caseId } = await intake(northOfficer, { person: { firstName: "Drawn", lastName }, case: { supervisionStart: "2026-05-01" } });
      expect((await northOfficer.put(`/api/v1/cases/${caseId}/testing-program`, program)).statusCode).toBe(200);
      north.push(caseId);
    }
    const southOfficer = await signIn(test, "officer.south1");
    ({ caseId: south } = await intake(southOfficer, {
      person: { firstName: "Drawn", lastName: "Southey" },
      case: { supervisionStart: "2026-05-01" },
    }));
    expect((await southOfficer.put(`/api/v1/cases/${south}/testing-program`, program)).statusCode).toBe(200);
  });
  afterAll(() => test.close());

  it("never makes or reveals a draw before its day in the agency's time zone, and audits the attempt", async () => {
    const admin = await signIn(test, "admin");
    const supervisor = await signIn(test, "supervisor.north");
    for (const [username, client] of [
      ["admin", admin],
      ["supervisor.north", supervisor],
    ] as const) {
      expect((await client.post("/api/v1/testing/draws", { date: "2026-06-11" })).statusCode, username).toBe(403);
      expect((await client.get("/api/v1/testing/draws/2026-06-11")).statusCode, username).toBe(403);
    }
    const denied = await test.db.query<{ actor_username: string; action: string; justification: string }>(
      "SELECT actor_username, action, justification FROM audit_log WHERE outcome = 'denied' AND action LIKE 'testing.draw%' ORDER BY id",
    );
    expect(denied.map((row) => `${row.actor_username} ${row.action}`)).toEqual([
      "admin testing.draw",
      "admin testing.draw_read",
      "supervisor.north testing.draw",
      "supervisor.north testing.draw_read",
    ]);
    expect(denied[0]!.justification).toMatch(/before its day/);
    // A draw stored for a later day (made before this rule, or by hand in the database) stays hidden until its day.
    const [{ id: early }] = (await test.db.query<{ id: string }>(
      "INSERT INTO random_draw (agency_id, draw_date, seed, algorithm, created_at) SELECT agency_id, '2026-06-12', repeat('ab', 32), 'x', now() FROM app_user WHERE username = 'admin' RETURNING id",
    )) as [{ id: string }];
    expect((await supervisor.get("/api/v1/testing/draws/2026-06-12")).statusCode).toBe(403);
    expect((await supervisor.post(`/api/v1/testing/draws/${early}/verify`)).statusCode).toBe(403);
    // On its day (the agency's, not UTC's) the draw is made.
    expect((await admin.post("/api/v1/testing/draws", { date: "2026-06-10" })).statusCode).toBe(201);
  });

  it("names only the people whose cases the reader may read; others see how many were selected", async () => {
    const admin = await signIn(test, "admin");
    const byAdmin = await admin.get("/api/v1/testing/draws/2026-06-10");
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json()).toMatchObject({ selectedCount: 3, selected: [] });
    expect(byAdmin.body).not.toMatch(/Nakamura|Osei|Southey/);

    const north1 = (await (await signIn(test, "supervisor.north")).get("/api/v1/testing/draws/2026-06-10")).json() as Draw;
    expect(north1.selectedCount).toBe(3);
    expect(north1.selected.map((entry) => entry.caseId).sort()).toEqual([...north].sort());
    expect(north1.selected.map((entry) => entry.personName).sort()).toEqual(["Drawn Nakamura", "Drawn Osei"]);
    expect(north1.selected.every((entry) => /^[0-9a-f-]{36}$/.test(entry.personId))).toBe(true);
    expect(JSON.stringify(north1)).not.toContain("Southey");

    const southReader = (await (await signIn(test, "supervisor.south")).get("/api/v1/testing/draws/2026-06-10")).json() as Draw;
    expect(southReader.selected.map((entry) => entry.caseId)).toEqual([south]);
    expect(JSON.stringify(southReader)).not.toMatch(/Nakamura|Osei/);
  });
});
