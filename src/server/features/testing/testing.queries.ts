import type { z } from "zod";
import type { DrugTest, randomDraw, testingProgram } from "../../../shared/contract/testing";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

type Filter = { sql: string; params: unknown[] };
export type TestingProgram = z.infer<typeof testingProgram>;
export type DrawSelection = z.infer<typeof randomDraw>["selected"][number];

const testSelect = `SELECT json_build_object('id', t.id, 'caseId', t.case_id, 'specimenId', t.specimen_id, 'status', t.status,
    'collectedAt', ${instantText("t.collected_at")}, 'method', t.method, 'collectedBy', cu.display_name, 'observedBy', ou.display_name,
    'admission', t.admission, 'admittedSubstances', t.admitted_substances,
    'results', coalesce((SELECT json_agg(json_build_object('substance', r.substance, 'result', r.result, 'confirmation', r.confirmation) ORDER BY r.substance)
      FROM drug_test_result r WHERE r.test_id = t.id), '[]'::json),
    'custody', coalesce((SELECT json_agg(json_build_object('step', s.step, 'action', s.action, 'byName', s.by_name, 'at', ${instantText("s.at")}) ORDER BY s.step)
      FROM custody_step s WHERE s.test_id = t.id), '[]'::json),
    'countsAsPositive', EXISTS (SELECT 1 FROM supervision_event e WHERE e.source_id = t.id AND e.counts_as_positive)) AS test
  FROM drug_test t JOIN app_user cu ON cu.id = t.collected_by LEFT JOIN app_user ou ON ou.id = t.observed_by`;

export async function findTest(db: Queryable, id: string): Promise<DrugTest | undefined> {
  const [row] = await db.query<{ test: DrugTest }>(`${testSelect} WHERE t.id = $1`, [id]);
  return row?.test;
}

/** The case's latest 200 tests, newest first. */
export async function listTestsOfCase(db: Queryable, caseId: string): Promise<DrugTest[]> {
  const rows = await db.query<{ test: DrugTest }>(`${testSelect} WHERE t.case_id = $1 ORDER BY t.collected_at DESC LIMIT 200`, [caseId]);
  return rows.map((row) => row.test);
}

// --- Agencies and draws ---

export async function listAgencyTimeZones(db: Queryable): Promise<{ id: string; time_zone: string }[]> {
  return db.query<{ id: string; time_zone: string }>("SELECT id, time_zone FROM agency");
}

/** Locks the agency's row: serialises its draws so two clicks or two instances cannot both draw the same day. */
export async function lockAgency(db: Queryable, agencyId: string): Promise<void> {
  await db.query("SELECT 1 FROM agency WHERE id = $1 FOR UPDATE", [agencyId]);
}

export async function findDrawIdOfDay(db: Queryable, agencyId: string, date: string): Promise<string | undefined> {
  const [draw] = await db.query<{ id: string }>("SELECT id FROM random_draw WHERE agency_id = $1 AND draw_date = $2", [agencyId, date]);
  return draw?.id;
}

export async function insertDraw(
  db: Queryable,
  input: { agencyId: string; date: string; seed: string; algorithm: string; createdBy: string | null; now: Date },
): Promise<string> {
  const [draw] = await db.query<{ id: string }>(
    "INSERT INTO random_draw (agency_id, draw_date, seed, algorithm, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    [input.agencyId, input.date, input.seed, input.algorithm, input.createdBy, input.now],
  );
  return draw!.id;
}

export type DrawableProgramRow = { id: string; case_id: string; tests_per_month: number; selected_this_month: number };

/** The agency's active random programs of active cases started by the date, with their selections so far that month. */
export async function listRandomProgramsForDraw(db: Queryable, agencyId: string, date: string): Promise<DrawableProgramRow[]> {
  return db.query<DrawableProgramRow>(
    `SELECT tp.id, tp.case_id, tp.tests_per_month,
            (SELECT count(*)::int FROM random_draw_candidate c JOIN random_draw d ON d.id = c.draw_id
              WHERE c.program_id = tp.id AND c.selected AND date_trunc('month', d.draw_date) = date_trunc('month', $2::date)) AS selected_this_month
       FROM testing_program tp JOIN supervision_case sc ON sc.id = tp.case_id
      WHERE sc.agency_id = $1 AND sc.status = 'active' AND tp.active AND tp.frequency = 'random' AND tp.started_on <= $2
      ORDER BY tp.id`,
    [agencyId, date],
  );
}

export async function insertDrawCandidate(
  db: Queryable,
  input: { drawId: string; programId: string; caseId: string; probability: number; selected: boolean },
): Promise<void> {
  await db.query("INSERT INTO random_draw_candidate (draw_id, program_id, case_id, probability, selected) VALUES ($1, $2, $3, $4, $5)", [
    input.drawId,
    input.programId,
    input.caseId,
    input.probability,
    input.selected,
  ]);
}

export type DrawSummaryRow = { id: string; draw_date: string; seed: string; algorithm: string; candidates: number; selected: number };

/** A draw with how many candidates it had and how many it selected. */
export async function findDrawSummary(db: Queryable, drawId: string): Promise<DrawSummaryRow | undefined> {
  const [draw] = await db.query<DrawSummaryRow>(
    `SELECT d.id, to_char(d.draw_date, 'YYYY-MM-DD') AS draw_date, d.seed, d.algorithm,
            (SELECT count(*)::int FROM random_draw_candidate c WHERE c.draw_id = d.id) AS candidates,
            (SELECT count(*)::int FROM random_draw_candidate c WHERE c.draw_id = d.id AND c.selected) AS selected
       FROM random_draw d WHERE d.id = $1`,
    [drawId],
  );
  return draw;
}

/** Who the draw selected, among the cases in the filter (on `sc`, numbered from $2), with the person's id and name. */
export async function listDrawSelectionsVisible(db: Queryable, drawId: string, filter: Filter): Promise<DrawSelection[]> {
  return db.query<DrawSelection>(
    `SELECT c.case_id AS "caseId", sc.case_number AS "caseNumber", p.id AS "personId", p.first_name || ' ' || p.last_name AS "personName"
       FROM random_draw_candidate c JOIN supervision_case sc ON sc.id = c.case_id JOIN person p ON p.id = sc.person_id
      WHERE c.draw_id = $1 AND c.selected AND ${filter.sql} ORDER BY sc.case_number`,
    [drawId, ...filter.params],
  );
}

/** What recomputing a draw needs: its seed and day, and its agency for the access decision. */
export async function findDrawSeed(
  db: Queryable,
  drawId: string,
): Promise<{ seed: string; draw_date: string; agency_id: string } | undefined> {
  const [draw] = await db.query<{ seed: string; draw_date: string; agency_id: string }>(
    "SELECT seed, to_char(draw_date, 'YYYY-MM-DD') AS draw_date, agency_id FROM random_draw WHERE id = $1",
    [drawId],
  );
  return draw;
}

export async function listDrawCandidates(
  db: Queryable,
  drawId: string,
): Promise<{ program_id: string; probability: number; selected: boolean }[]> {
  return db.query<{ program_id: string; probability: number; selected: boolean }>(
    "SELECT program_id, probability, selected FROM random_draw_candidate WHERE draw_id = $1",
    [drawId],
  );
}

/** The agency's selections of one day among the cases in the filter (on `sc`, numbered from $1), with the person's id and name. */
export async function listSelectionsOfDayVisible(db: Queryable, filter: Filter, agencyId: string, date: string): Promise<DrawSelection[]> {
  return db.query<DrawSelection>(
    `SELECT c.case_id AS "caseId", sc.case_number AS "caseNumber", p.id AS "personId", p.first_name || ' ' || p.last_name AS "personName"
       FROM random_draw d JOIN random_draw_candidate c ON c.draw_id = d.id AND c.selected
       JOIN supervision_case sc ON sc.id = c.case_id JOIN person p ON p.id = sc.person_id
      WHERE ${filter.sql} AND d.agency_id = $${filter.params.length + 1} AND d.draw_date = $${filter.params.length + 2}
      ORDER BY sc.case_number`,
    [...filter.params, agencyId, date],
  );
}

/** Whether the agency drew on the day, and whether the case was selected. */
export async function findCallIn(
  db: Queryable,
  agencyId: string,
  date: string,
  caseId: string,
): Promise<{ drawn: boolean; selected: boolean }> {
  const [row] = await db.query<{ drawn: boolean; selected: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM random_draw WHERE agency_id = $1 AND draw_date = $2) AS drawn,
            EXISTS (SELECT 1 FROM random_draw d JOIN random_draw_candidate c ON c.draw_id = d.id
                     WHERE d.agency_id = $1 AND d.draw_date = $2 AND c.case_id = $3 AND c.selected) AS selected`,
    [agencyId, date, caseId],
  );
  return row!;
}

// --- Programs ---

/** Ends the case's active program (kept for the record). */
export async function endActiveProgram(db: Queryable, caseId: string): Promise<void> {
  await db.query("UPDATE testing_program SET active = false WHERE case_id = $1 AND active", [caseId]);
}

export async function insertProgram(
  db: Queryable,
  input: {
    caseId: string;
    frequency: string;
    testsPerMonth: number;
    panel: string[];
    method: string;
    startedOn: string;
    createdBy: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO testing_program (case_id, frequency, tests_per_month, panel, method, started_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    [input.caseId, input.frequency, input.testsPerMonth, input.panel, input.method, input.startedOn, input.createdBy, input.now],
  );
  return row!.id;
}

export async function findActiveProgram(db: Queryable, caseId: string): Promise<TestingProgram | undefined> {
  const [row] = await db.query<{ program: TestingProgram }>(
    `SELECT json_build_object('id', id, 'caseId', case_id, 'frequency', frequency, 'testsPerMonth', tests_per_month, 'panel', panel, 'method', method,
        'startedOn', to_char(started_on, 'YYYY-MM-DD')) AS program FROM testing_program WHERE case_id = $1 AND active`,
    [caseId],
  );
  return row?.program;
}

export async function findActiveProgramPanel(db: Queryable, caseId: string): Promise<{ id: string; panel: string[] } | undefined> {
  const [program] = await db.query<{ id: string; panel: string[] }>("SELECT id, panel FROM testing_program WHERE case_id = $1 AND active", [
    caseId,
  ]);
  return program;
}

// --- Tests, results and custody ---

export async function specimenIdExists(db: Queryable, agencyId: string, specimenId: string): Promise<boolean> {
  return (await db.query("SELECT 1 FROM drug_test WHERE agency_id = $1 AND specimen_id = $2", [agencyId, specimenId])).length > 0;
}

export async function insertDrugTest(
  db: Queryable,
  input: {
    agencyId: string;
    caseId: string;
    programId: string | null;
    specimenId: string | null;
    status: string;
    collectedAt: string;
    method: string;
    collectedBy: string;
    observedBy: string | null;
    admission: boolean;
    admittedSubstances: string[];
    now: Date;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO drug_test (agency_id, case_id, program_id, specimen_id, status, collected_at, method, collected_by, observed_by, admission, admitted_substances, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      input.agencyId,
      input.caseId,
      input.programId,
      input.specimenId,
      input.status,
      input.collectedAt,
      input.method,
      input.collectedBy,
      input.observedBy,
      input.admission,
      input.admittedSubstances,
      input.now,
    ],
  );
  return row!.id;
}

export async function insertTestResult(
  db: Queryable,
  testId: string,
  result: { substance: string; result: string; confirmation: string },
): Promise<void> {
  await db.query("INSERT INTO drug_test_result (test_id, substance, result, confirmation) VALUES ($1, $2, $3, $4)", [
    testId,
    result.substance,
    result.result,
    result.confirmation,
  ]);
}

export async function insertCustodyStep(
  db: Queryable,
  testId: string,
  step: number,
  input: { action: string; byName: string; at: string },
): Promise<void> {
  await db.query("INSERT INTO custody_step (test_id, step, action, by_name, at) VALUES ($1, $2, $3, $4, $5)", [
    testId,
    step,
    input.action,
    input.byName,
    input.at,
  ]);
}

/** The agency's setting: does a missed or refused test (and a dilute one) count as positive? */
export async function missedTestCountsAsPositive(db: Queryable, agencyId: string): Promise<boolean> {
  const [policy] = await db.query<{ missed_test_counts_as_positive: boolean }>(
    "SELECT missed_test_counts_as_positive FROM agency WHERE id = $1",
    [agencyId],
  );
  return policy!.missed_test_counts_as_positive;
}

export async function findPersonName(db: Queryable, personId: string): Promise<string> {
  const [person] = await db.query<{ name: string }>("SELECT p.first_name || ' ' || p.last_name AS name FROM person p WHERE p.id = $1", [
    personId,
  ]);
  return person!.name;
}

export async function findTestCaseId(db: Queryable, testId: string): Promise<string | undefined> {
  const [test] = await db.query<{ case_id: string }>("SELECT case_id FROM drug_test WHERE id = $1", [testId]);
  return test?.case_id;
}

/** Locks one result of a test for the lab's answer; answers its current confirmation. */
export async function lockResultConfirmation(db: Queryable, testId: string, substance: string): Promise<string | undefined> {
  const [current] = await db.query<{ confirmation: string }>(
    "SELECT confirmation FROM drug_test_result WHERE test_id = $1 AND substance = $2 FOR UPDATE",
    [testId, substance],
  );
  return current?.confirmation;
}

export async function setResultConfirmation(db: Queryable, testId: string, substance: string, confirmation: string): Promise<void> {
  await db.query("UPDATE drug_test_result SET confirmation = $3 WHERE test_id = $1 AND substance = $2", [testId, substance, confirmation]);
}

/**
 * Recomputes whether the test's result events count as positive: an overturned result stops its event counting
 * (the event is kept); a dilute one counts only under the agency's setting.
 */
export async function recountResultEvents(db: Queryable, testId: string): Promise<void> {
  await db.query(
    `UPDATE supervision_event e
        SET counts_as_positive = (e.kind <> 'dilute_test' OR a.missed_test_counts_as_positive)
          AND EXISTS (SELECT 1 FROM drug_test_result r WHERE r.test_id = t.id AND r.result || '_test' = e.kind AND r.confirmation <> 'overturned')
       FROM drug_test t JOIN agency a ON a.id = t.agency_id
      WHERE t.id = $1 AND e.source_type = 'drug_test' AND e.source_id = t.id AND e.kind IN ('positive_test', 'dilute_test', 'adulterated_test')`,
    [testId],
  );
}

/** The standing result events of a test (positive, dilute, adulterated) whose every result of that kind the lab overturned. */
export async function listOverturnedResultEventKinds(db: Queryable, testId: string): Promise<string[]> {
  const rows = await db.query<{ kind: string }>(
    `SELECT DISTINCT e.kind FROM supervision_event e
      WHERE e.source_type = 'drug_test' AND e.source_id = $1 AND e.withdrawn_at IS NULL
        AND e.kind IN ('positive_test', 'dilute_test', 'adulterated_test')
        AND NOT EXISTS (SELECT 1 FROM drug_test_result r WHERE r.test_id = $1 AND r.result || '_test' = e.kind AND r.confirmation <> 'overturned')
      ORDER BY e.kind`,
    [testId],
  );
  return rows.map((row) => row.kind);
}

/** Locks the test row, so concurrent custody steps are numbered one after the other. */
export async function lockTestForCustody(
  db: Queryable,
  testId: string,
): Promise<{ case_id: string; status: string; collected_at: Date } | undefined> {
  const [test] = await db.query<{ case_id: string; status: string; collected_at: Date }>(
    "SELECT case_id, status, collected_at FROM drug_test WHERE id = $1 FOR UPDATE",
    [testId],
  );
  return test;
}

/** The test's last custody step, with how many steps it has. */
export async function findLastCustodyStep(db: Queryable, testId: string): Promise<{ step: number; at: Date; count: number } | undefined> {
  const [last] = await db.query<{ step: number; at: Date; count: number }>(
    "SELECT step, at, count(*) OVER ()::int AS count FROM custody_step WHERE test_id = $1 ORDER BY step DESC LIMIT 1",
    [testId],
  );
  return last;
}

/** Who hears of a recorded test: the case's supervising officer, and the unit's active supervisors where the agency asks. */
export async function listTestNotificationRecipients(
  db: Queryable,
  caseId: string,
): Promise<{ id: string; display_name: string; role: "officer" | "supervisor" }[]> {
  return db.query<{ id: string; display_name: string; role: "officer" | "supervisor" }>(
    `SELECT u.id, u.display_name, 'officer' AS role FROM supervision_case c JOIN app_user u ON u.id = c.officer_id WHERE c.id = $1
     UNION ALL
     SELECT u.id, u.display_name, 'supervisor' AS role FROM app_user u JOIN supervision_case c ON c.unit_id = u.unit_id
       JOIN agency a ON a.id = c.agency_id
      WHERE c.id = $1 AND a.notify_unit_supervisor_of_tests AND 'supervisor' = ANY (u.roles) AND u.disabled_at IS NULL
        AND u.id <> c.officer_id
     ORDER BY role, display_name`,
    [caseId],
  );
}
