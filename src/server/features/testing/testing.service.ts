import { createHmac, randomBytes } from "node:crypto";
import type { z } from "zod";
import type {
  confirmationBody,
  custodyStepBody,
  DrugTest,
  drugTestBody,
  RecordedDrugTest,
  randomDraw,
  testingProgram,
  testingProgramBody,
} from "../../../shared/contract/testing";
import { localDate, localHour } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { type Guard, guarded } from "../../platform/access/guarded";
import { type Actor, mayEver } from "../../platform/access/policy";
import { appendAudit } from "../../platform/audit/audit";
import { type FeatureDeps, type PlatformDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { loadAgencyStandards } from "../contacts/contacts.queries";

export const drawAlgorithm = "hmac-sha256-v1: u = first 52 bits of HMAC-SHA256(seed, date|programId) / 2^52; selected when u < probability";

/** The uniform number in [0, 1) a candidate draws: anyone with the seed recomputes it. */
export function drawNumber(seedHex: string, date: string, programId: string): number {
  const digest = createHmac("sha256", Buffer.from(seedHex, "hex")).update(`${date}|${programId}`).digest();
  return Number(digest.readBigUInt64BE(0) >> 12n) / 2 ** 52;
}

/**
 * Today's chance for a random program, steering each month to its target: the tests still owed this month
 * spread over the days left (including today). Past selections count, so the month lands on its target.
 */
export function drawProbability(testsPerMonth: number, selectedThisMonth: number, date: string): number {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const remainingDays = daysInMonth - day + 1;
  const owed = Math.max(0, testsPerMonth - selectedThisMonth);
  return Math.min(1, owed / remainingDays);
}

const eventKind: Record<string, string> = { positive: "positive_test", dilute: "dilute_test", adulterated: "adulterated_test" };

const testSelect = `SELECT json_build_object('id', t.id, 'caseId', t.case_id, 'specimenId', t.specimen_id, 'status', t.status,
    'collectedAt', ${instantText("t.collected_at")}, 'method', t.method, 'collectedBy', cu.display_name, 'observedBy', ou.display_name,
    'admission', t.admission, 'admittedSubstances', t.admitted_substances,
    'results', coalesce((SELECT json_agg(json_build_object('substance', r.substance, 'result', r.result, 'confirmation', r.confirmation) ORDER BY r.substance)
      FROM drug_test_result r WHERE r.test_id = t.id), '[]'::json),
    'custody', coalesce((SELECT json_agg(json_build_object('step', s.step, 'action', s.action, 'byName', s.by_name, 'at', ${instantText("s.at")}) ORDER BY s.step)
      FROM custody_step s WHERE s.test_id = t.id), '[]'::json),
    'countsAsPositive', EXISTS (SELECT 1 FROM supervision_event e WHERE e.source_id = t.id AND e.counts_as_positive)) AS test
  FROM drug_test t JOIN app_user cu ON cu.id = t.collected_by LEFT JOIN app_user ou ON ou.id = t.observed_by`;

type CustodyStep = z.infer<typeof custodyStepBody>;

/** Most steps a specimen's chain of custody holds. */
const maxCustodySteps = 20;

/**
 * Checks custody steps in order, after what is already recorded (the last step, else the collection): a step is
 * never earlier than the one before it nor in the future, and only the first step is "collected".
 */
function checkCustodySteps(steps: CustodyStep[], after: { at: Date; isFirst: boolean }, now: Date, field: string): void {
  let previous = after.at;
  for (const [index, step] of steps.entries()) {
    const at = new Date(step.at);
    if (at.getTime() > now.getTime() + 5 * 60_000)
      throw badRequest("A custody step is dated in the future.", [{ field: `${field}.at`, message: "in the future" }]);
    if (at.getTime() < previous.getTime()) {
      throw badRequest(
        `A custody step cannot be earlier than the step before it (or the collection): ${step.action.replaceAll("_", " ")} at ${step.at}.`,
        [{ field: `${field}.at`, message: "earlier than the previous step" }],
      );
    }
    if (step.action === "collected" && !(after.isFirst && index === 0))
      throw badRequest("Only the first custody step is the collection.", [
        { field: `${field}.action`, message: "collected only comes first" },
      ]);
    previous = at;
  }
}

async function findTest(tx: Queryable, id: string): Promise<DrugTest> {
  const [row] = await tx.query<{ test: DrugTest }>(`${testSelect} WHERE t.id = $1`, [id]);
  if (!row) throw notFound("Test");
  return row.test;
}

/** Draws for one agency and day with a fresh seed and stores every candidate; the caller holds the agency lock. */
async function insertDraw(tx: Queryable, agencyId: string, date: string, createdBy: string | null, now: Date): Promise<string> {
  const seed = randomBytes(32).toString("hex");
  const [draw] = await tx.query<{ id: string }>(
    "INSERT INTO random_draw (agency_id, draw_date, seed, algorithm, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    [agencyId, date, seed, drawAlgorithm, createdBy, now],
  );
  const programs = await tx.query<{ id: string; case_id: string; tests_per_month: number; selected_this_month: number }>(
    `SELECT tp.id, tp.case_id, tp.tests_per_month,
            (SELECT count(*)::int FROM random_draw_candidate c JOIN random_draw d ON d.id = c.draw_id
              WHERE c.program_id = tp.id AND c.selected AND date_trunc('month', d.draw_date) = date_trunc('month', $2::date)) AS selected_this_month
       FROM testing_program tp JOIN supervision_case sc ON sc.id = tp.case_id
      WHERE sc.agency_id = $1 AND sc.status = 'active' AND tp.active AND tp.frequency = 'random' AND tp.started_on <= $2
      ORDER BY tp.id`,
    [agencyId, date],
  );
  for (const program of programs) {
    const probability = drawProbability(program.tests_per_month, program.selected_this_month, date);
    await tx.query("INSERT INTO random_draw_candidate (draw_id, program_id, case_id, probability, selected) VALUES ($1, $2, $3, $4, $5)", [
      draw!.id,
      program.id,
      program.case_id,
      probability,
      drawNumber(seed, date, program.id) < probability,
    ]);
  }
  return draw!.id;
}

/** Local time after which the day's draw is made automatically, if nobody made it by hand. */
export const automaticDrawHour = 6;

/**
 * The daily job: for each agency whose local time has passed the draw hour and that has no draw for its
 * local today, make it. The agency row lock keeps two instances (or a click) from drawing twice.
 */
export async function makeDueDraws(deps: Pick<PlatformDeps, "db">, now: Date): Promise<number> {
  const agencies = await deps.db.query<{ id: string; time_zone: string }>("SELECT id, time_zone FROM agency");
  let made = 0;
  for (const agency of agencies) {
    const today = localDate(now, agency.time_zone);
    const hour = localHour(now, agency.time_zone);
    if (hour < automaticDrawHour) continue;
    made += await deps.db.transaction(async (tx) => {
      await tx.query("SELECT 1 FROM agency WHERE id = $1 FOR UPDATE", [agency.id]);
      if ((await tx.query("SELECT 1 FROM random_draw WHERE agency_id = $1 AND draw_date = $2", [agency.id, today])).length > 0) return 0;
      const drawId = await insertDraw(tx, agency.id, today, null, now);
      await appendAudit(
        tx,
        { agencyId: agency.id, actorUserId: null, actorUsername: "system", sessionRef: null, ip: null, userAgent: "daily draw job" },
        {
          action: "testing.draw",
          outcome: "allowed",
          recordType: "random_draw",
          recordId: drawId,
          details: { date: today, automatic: true },
        },
        now,
      );
      return 1;
    });
  }
  return made;
}

export function createTestingService(deps: FeatureDeps) {
  /**
   * A draw with its counts; who was selected only for the cases the reader may read (case.read), with the
   * person's id and name in the same query. Readers with no case access at all (administrators) get counts only.
   */
  async function loadDraw(
    { tx, visible }: Pick<Guard, "tx" | "visible">,
    actor: Actor,
    drawId: string,
  ): Promise<z.infer<typeof randomDraw>> {
    const [draw] = await tx.query<{ id: string; draw_date: string; seed: string; algorithm: string; candidates: number; selected: number }>(
      `SELECT d.id, to_char(d.draw_date, 'YYYY-MM-DD') AS draw_date, d.seed, d.algorithm,
              (SELECT count(*)::int FROM random_draw_candidate c WHERE c.draw_id = d.id) AS candidates,
              (SELECT count(*)::int FROM random_draw_candidate c WHERE c.draw_id = d.id AND c.selected) AS selected
         FROM random_draw d WHERE d.id = $1`,
      [drawId],
    );
    if (!draw) throw notFound("Draw");
    let selected: z.infer<typeof randomDraw>["selected"] = [];
    if (mayEver(actor, "case.read")) {
      const filter = visible("case.read", { agency: "sc.agency_id", unit: "sc.unit_id", caseId: "sc.id" }, 2, {
        action: "testing.draw_selection_read",
        recordType: "random_draw",
        recordId: drawId,
      });
      selected = await tx.query<z.infer<typeof randomDraw>["selected"][number]>(
        `SELECT c.case_id AS "caseId", sc.case_number AS "caseNumber", p.id AS "personId", p.first_name || ' ' || p.last_name AS "personName"
           FROM random_draw_candidate c JOIN supervision_case sc ON sc.id = c.case_id JOIN person p ON p.id = sc.person_id
          WHERE c.draw_id = $1 AND c.selected AND ${filter.sql} ORDER BY sc.case_number`,
        [drawId, ...filter.params],
      );
    }
    return {
      id: draw.id,
      date: draw.draw_date,
      seed: draw.seed,
      algorithm: draw.algorithm,
      candidates: draw.candidates,
      selectedCount: draw.selected,
      selected,
    };
  }

  /** The draw's day and today, in the agency's time zone, for the policy's "not before its day" rule. */
  async function drawDay(tx: Queryable, agencyId: string, date: string, now: Date) {
    const { timeZone } = await loadAgencyStandards(tx, agencyId);
    return { of: date, today: localDate(now, timeZone) };
  }

  return {
    /** Sets the case's testing program; a previous one ends (kept for the record). */
    async setProgram(context: RequestContext, caseId: string, input: z.infer<typeof testingProgramBody>) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.write", await loadCaseTarget(tx, caseId, true), {
          action: "testing.program_set",
          recordType: "case",
          recordId: caseId,
          details: { frequency: input.frequency },
        });
        await tx.query("UPDATE testing_program SET active = false WHERE case_id = $1 AND active", [caseId]);
        const [row] = await tx.query<{ id: string }>(
          "INSERT INTO testing_program (case_id, frequency, tests_per_month, panel, method, started_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
          [
            caseId,
            input.frequency,
            input.testsPerMonth,
            [...new Set(input.panel)],
            input.method,
            input.startedOn,
            actor.userId,
            context.now,
          ],
        );
        return {
          id: row!.id,
          caseId,
          frequency: input.frequency,
          testsPerMonth: input.testsPerMonth,
          panel: [...new Set(input.panel)],
          method: input.method,
          startedOn: input.startedOn,
        };
      });
    },

    /**
     * The day's random selection for the agency, with a fresh cryptographically random seed. A second draw
     * for the same day is refused: the first stands, so no one can redraw until a favoured result comes up.
     */
    async draw(context: RequestContext, date: string) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize, visible }) => {
        const day = await drawDay(tx, actor.agencyId, date, context.now);
        authorize(
          "testing.draw",
          { agencyId: actor.agencyId, day },
          { action: "testing.draw", recordType: "random_draw", details: { date } },
        );
        // Serialises draws of one agency so two clicks cannot both pass the "already drawn" check.
        await tx.query("SELECT 1 FROM agency WHERE id = $1 FOR UPDATE", [actor.agencyId]);
        const [existing] = await tx.query<{ id: string }>("SELECT id FROM random_draw WHERE agency_id = $1 AND draw_date = $2", [
          actor.agencyId,
          date,
        ]);
        if (existing)
          throw conflict(`The draw for ${date} was already made; the first draw stands.`, [
            { field: "date", message: `already drawn (${existing.id})` },
          ]);
        if (date < day.today)
          throw badRequest("A draw is made on its day, never for the past.", [{ field: "date", message: "in the past" }]);
        const drawId = await insertDraw(tx, actor.agencyId, date, actor.userId, context.now);
        return loadDraw({ tx, visible }, actor, drawId);
      });
    },

    async getDraw(context: RequestContext, date: string) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize, visible }) => {
        // Refused for a later day whether or not a draw exists, so the answer reveals nothing about it.
        authorize(
          "testing.draw_read",
          { agencyId: actor.agencyId, day: await drawDay(tx, actor.agencyId, date, context.now) },
          { action: "testing.draw_read", recordType: "random_draw", details: { date } },
        );
        const [draw] = await tx.query<{ id: string }>("SELECT id FROM random_draw WHERE agency_id = $1 AND draw_date = $2", [
          actor.agencyId,
          date,
        ]);
        if (!draw) throw notFound("Draw for that date");
        return loadDraw({ tx, visible }, actor, draw.id);
      });
    },

    /** Recomputes every candidate's number from the stored seed and checks the stored selection. */
    async verifyDraw(context: RequestContext, drawId: string) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const [draw] = await tx.query<{ seed: string; draw_date: string; agency_id: string }>(
          "SELECT seed, to_char(draw_date, 'YYYY-MM-DD') AS draw_date, agency_id FROM random_draw WHERE id = $1",
          [drawId],
        );
        // Another agency's draw is "not found", as before: its id reveals nothing.
        if (!draw || draw.agency_id !== actor.agencyId) throw notFound("Draw");
        authorize(
          "testing.draw_read",
          { agencyId: draw.agency_id, day: await drawDay(tx, draw.agency_id, draw.draw_date, context.now) },
          { action: "testing.draw_verified", recordType: "random_draw", recordId: drawId },
        );
        const candidates = await tx.query<{ program_id: string; probability: number; selected: boolean }>(
          "SELECT program_id, probability, selected FROM random_draw_candidate WHERE draw_id = $1",
          [drawId],
        );
        const mismatches = candidates.filter(
          (candidate) => drawNumber(draw.seed, draw.draw_date, candidate.program_id) < candidate.probability !== candidate.selected,
        );
        return {
          drawId,
          candidates: candidates.length,
          reproduced: mismatches.length === 0,
          mismatches: mismatches.map((candidate) => candidate.program_id),
        };
      });
    },

    /** Today's selections among the cases the actor may see: an officer's own caseload, a supervisor's unit. */
    async todaysSelections(context: RequestContext) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("case.read", { agency: "sc.agency_id", unit: "sc.unit_id", caseId: "sc.id" }, 1, {
          action: "testing.selections_read",
          recordType: "random_draw",
        });
        const { timeZone } = await loadAgencyStandards(tx, actor.agencyId);
        const today = localDate(context.now, timeZone);
        const selected = await tx.query<{ caseId: string; caseNumber: string; personName: string }>(
          `SELECT c.case_id AS "caseId", sc.case_number AS "caseNumber", p.first_name || ' ' || p.last_name AS "personName"
             FROM random_draw d JOIN random_draw_candidate c ON c.draw_id = d.id AND c.selected
             JOIN supervision_case sc ON sc.id = c.case_id JOIN person p ON p.id = sc.person_id
            WHERE ${filter.sql} AND d.agency_id = $${filter.params.length + 1} AND d.draw_date = $${filter.params.length + 2}
            ORDER BY sc.case_number`,
          [...filter.params, actor.agencyId, today],
        );
        return { date: today, selected };
      });
    },

    /** Must this person test today? Only today's answer: future draws do not exist yet and are never revealed. */
    async callIn(context: RequestContext, caseId: string) {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "testing.call_in", recordType: "case", recordId: caseId });
        const { timeZone } = await loadAgencyStandards(tx, target.agencyId);
        const today = localDate(context.now, timeZone);
        const [row] = await tx.query<{ drawn: boolean; selected: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM random_draw WHERE agency_id = $1 AND draw_date = $2) AS drawn,
                  EXISTS (SELECT 1 FROM random_draw d JOIN random_draw_candidate c ON c.draw_id = d.id
                           WHERE d.agency_id = $1 AND d.draw_date = $2 AND c.case_id = $3 AND c.selected) AS selected`,
          [target.agencyId, today, caseId],
        );
        return { date: today, drawn: row!.drawn, mustTest: row!.selected };
      });
    },

    /** Records a test; positives, dilute, adulterated, missed and refused tests raise events and notify the case's officer (and the unit's supervisors where the agency asks). */
    async record(context: RequestContext, caseId: string, input: z.infer<typeof drugTestBody>): Promise<RecordedDrugTest> {
      const actor = signedInActor(context);
      if (input.status === "collected" && !input.specimenId)
        throw badRequest("A collected specimen needs its specimen ID.", [{ field: "specimenId", message: "required when collected" }]);
      if (input.status !== "collected" && (input.specimenId || input.results.length > 0)) {
        throw badRequest(`A ${input.status} test has no specimen or results.`, [
          { field: "status", message: "no specimen for a missed or refused test" },
        ]);
      }
      if (new Date(input.collectedAt).getTime() > context.now.getTime() + 5 * 60_000)
        throw badRequest("The test is dated in the future.", [{ field: "collectedAt", message: "in the future" }]);
      if (input.status !== "collected" && input.custody.length > 0)
        throw badRequest(`A ${input.status} test has no specimen to keep custody of.`, [{ field: "custody", message: "no specimen" }]);
      checkCustodySteps(input.custody, { at: new Date(input.collectedAt), isFirst: true }, context.now, "custody");
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, {
          action: "testing.result_recorded",
          recordType: "case",
          recordId: caseId,
          details: { status: input.status, specimenId: input.specimenId ?? null },
        });
        const [program] = await tx.query<{ id: string; panel: string[] }>(
          "SELECT id, panel FROM testing_program WHERE case_id = $1 AND active",
          [caseId],
        );
        const panel = new Set(program?.panel ?? []);
        const offPanel = input.results.filter((result) => !panel.has(result.substance));
        if (offPanel.length > 0) {
          throw badRequest(
            `Not on the case's testing panel: ${offPanel.map((result) => result.substance).join(", ")}.`,
            offPanel.map((result) => ({ field: "results.substance", message: `${result.substance} is not on the panel` })),
          );
        }
        if (
          input.specimenId &&
          (await tx.query("SELECT 1 FROM drug_test WHERE agency_id = $1 AND specimen_id = $2", [target.agencyId, input.specimenId]))
            .length > 0
        ) {
          throw conflict(`Specimen ${input.specimenId} is already recorded.`, [{ field: "specimenId", message: "already recorded" }]);
        }
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO drug_test (agency_id, case_id, program_id, specimen_id, status, collected_at, method, collected_by, observed_by, admission, admitted_substances, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
          [
            target.agencyId,
            caseId,
            program?.id ?? null,
            input.specimenId ?? null,
            input.status,
            input.collectedAt,
            input.method,
            actor.userId,
            input.observedById ?? null,
            input.admission,
            input.admittedSubstances,
            context.now,
          ],
        );
        const testId = row!.id;
        for (const result of input.results) {
          await tx.query("INSERT INTO drug_test_result (test_id, substance, result, confirmation) VALUES ($1, $2, $3, $4)", [
            testId,
            result.substance,
            result.result,
            result.confirmation,
          ]);
        }
        for (const [index, step] of input.custody.entries()) {
          await tx.query("INSERT INTO custody_step (test_id, step, action, by_name, at) VALUES ($1, $2, $3, $4, $5)", [
            testId,
            index + 1,
            step.action,
            step.byName,
            step.at,
          ]);
        }
        const [policy] = await tx.query<{ missed_test_counts_as_positive: boolean }>(
          "SELECT missed_test_counts_as_positive FROM agency WHERE id = $1",
          [target.agencyId],
        );
        const events: { kind: string; countsAsPositive: boolean }[] = [];
        if (input.status !== "collected")
          events.push({ kind: `${input.status}_test`, countsAsPositive: policy!.missed_test_counts_as_positive });
        for (const kind of new Set(
          input.results.map((result) => eventKind[result.result]).filter((kind): kind is string => Boolean(kind)),
        )) {
          events.push({ kind, countsAsPositive: kind !== "dilute_test" || policy!.missed_test_counts_as_positive });
        }
        for (const event of events) {
          await tx.query(
            "INSERT INTO supervision_event (case_id, kind, source_type, source_id, counts_as_positive, occurred_at, created_at) VALUES ($1, $2, 'drug_test', $3, $4, $5, $6)",
            [caseId, event.kind, testId, event.countsAsPositive, input.collectedAt, context.now],
          );
        }
        const notified: { userId: string; name: string; role: "officer" | "supervisor" }[] = [];
        if (events.length > 0) {
          const [person] = await tx.query<{ name: string }>(
            "SELECT p.first_name || ' ' || p.last_name AS name FROM person p WHERE p.id = $1",
            [target.personId],
          );
          // The case's supervising officer is told (not whoever recorded the test), and, where the agency asks,
          // the active supervisors of the case's unit.
          const recipients = await tx.query<{ id: string; display_name: string; role: "officer" | "supervisor" }>(
            `SELECT u.id, u.display_name, 'officer' AS role FROM supervision_case c JOIN app_user u ON u.id = c.officer_id WHERE c.id = $1
             UNION ALL
             SELECT u.id, u.display_name, 'supervisor' AS role FROM app_user u JOIN supervision_case c ON c.unit_id = u.unit_id
               JOIN agency a ON a.id = c.agency_id
              WHERE c.id = $1 AND a.notify_unit_supervisor_of_tests AND 'supervisor' = ANY (u.roles) AND u.disabled_at IS NULL
                AND u.id <> c.officer_id
             ORDER BY role, display_name`,
            [caseId],
          );
          const words = events.map((event) => event.kind.replace("_test", "")).join(", ");
          for (const recipient of recipients) {
            await tx.query(
              "INSERT INTO notification (user_id, kind, title, body, record_type, record_id, urgent, created_at) VALUES ($1, 'drug_test', $2, $3, 'case', $4, false, $5)",
              [
                recipient.id,
                `Drug test: ${words} — ${person!.name}`,
                `A ${words} test was recorded on ${input.collectedAt.slice(0, 10)}.`,
                caseId,
                context.now,
              ],
            );
            notified.push({ userId: recipient.id, name: recipient.display_name, role: recipient.role });
          }
        }
        return { ...(await findTest(tx, testId)), notified };
      });
    },

    async list(context: RequestContext, caseId: string): Promise<{ program: z.infer<typeof testingProgram> | null; tests: DrugTest[] }> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), { action: "testing.results_read", recordType: "case", recordId: caseId });
        const [program] = await tx.query<{ program: z.infer<typeof testingProgram> }>(
          `SELECT json_build_object('id', id, 'caseId', case_id, 'frequency', frequency, 'testsPerMonth', tests_per_month, 'panel', panel, 'method', method,
              'startedOn', to_char(started_on, 'YYYY-MM-DD')) AS program FROM testing_program WHERE case_id = $1 AND active`,
          [caseId],
        );
        const tests = await tx.query<{ test: DrugTest }>(`${testSelect} WHERE t.case_id = $1 ORDER BY t.collected_at DESC LIMIT 200`, [
          caseId,
        ]);
        return { program: program?.program ?? null, tests: tests.map((row) => row.test) };
      });
    },

    /**
     * The lab's answer on one result. It is final: a result already confirmed or overturned is not changed again.
     * An overturned result stops its event (positive, dilute, adulterated) counting as positive; the event is kept.
     */
    async confirm(
      context: RequestContext,
      testId: string,
      substance: string,
      confirmation: z.infer<typeof confirmationBody>["confirmation"],
    ): Promise<DrugTest> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const [test] = await tx.query<{ case_id: string }>("SELECT case_id FROM drug_test WHERE id = $1", [testId]);
        if (!test) throw notFound("Test");
        authorize("case.write", await loadCaseTarget(tx, test.case_id, true), {
          action: "testing.lab_confirmation",
          recordType: "drug_test",
          recordId: testId,
          details: { substance, confirmation },
        });
        const [current] = await tx.query<{ confirmation: string }>(
          "SELECT confirmation FROM drug_test_result WHERE test_id = $1 AND substance = $2 FOR UPDATE",
          [testId, substance],
        );
        if (!current) throw notFound(`Result for ${substance}`);
        if (current.confirmation === "confirmed" || current.confirmation === "overturned") {
          throw conflict(`The lab's answer for ${substance} is already recorded (${current.confirmation}).`, [
            { field: "confirmation", message: `already ${current.confirmation}` },
          ]);
        }
        await tx.query("UPDATE drug_test_result SET confirmation = $3 WHERE test_id = $1 AND substance = $2", [
          testId,
          substance,
          confirmation,
        ]);
        await tx.query(
          `UPDATE supervision_event e
              SET counts_as_positive = (e.kind <> 'dilute_test' OR a.missed_test_counts_as_positive)
                AND EXISTS (SELECT 1 FROM drug_test_result r WHERE r.test_id = t.id AND r.result || '_test' = e.kind AND r.confirmation <> 'overturned')
             FROM drug_test t JOIN agency a ON a.id = t.agency_id
            WHERE t.id = $1 AND e.source_type = 'drug_test' AND e.source_id = t.id AND e.kind IN ('positive_test', 'dilute_test', 'adulterated_test')`,
          [testId],
        );
        return findTest(tx, testId);
      });
    },

    /** Appends a step to a specimen's chain of custody (shipped, received by the lab, tested...): never edits earlier ones. */
    async addCustodyStep(context: RequestContext, testId: string, input: CustodyStep): Promise<DrugTest> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        // The row lock numbers concurrent steps one after the other.
        const [test] = await tx.query<{ case_id: string; status: string; collected_at: Date }>(
          "SELECT case_id, status, collected_at FROM drug_test WHERE id = $1 FOR UPDATE",
          [testId],
        );
        if (!test) throw notFound("Test");
        authorize("case.write", await loadCaseTarget(tx, test.case_id, true), {
          action: "testing.custody_step_added",
          recordType: "drug_test",
          recordId: testId,
          details: { action: input.action },
        });
        if (test.status !== "collected")
          throw conflict(`A ${test.status} test has no specimen to keep custody of.`, [{ field: "action", message: "no specimen" }]);
        const [last] = await tx.query<{ step: number; at: Date; count: number }>(
          "SELECT step, at, count(*) OVER ()::int AS count FROM custody_step WHERE test_id = $1 ORDER BY step DESC LIMIT 1",
          [testId],
        );
        if (last && last.count >= maxCustodySteps)
          throw conflict(`A chain of custody holds at most ${maxCustodySteps} steps.`, [{ field: "action", message: "too many steps" }]);
        const at = new Date(input.at);
        if (last && at.getTime() < last.at.getTime()) {
          throw conflict(
            `A custody step cannot be earlier than the last one recorded (${last.at.toISOString()}); steps are added in order and never changed.`,
            [{ field: "at", message: "earlier than the previous step" }],
          );
        }
        checkCustodySteps([input], { at: last ? last.at : new Date(test.collected_at), isFirst: !last }, context.now, "custody");
        await tx.query("INSERT INTO custody_step (test_id, step, action, by_name, at) VALUES ($1, $2, $3, $4, $5)", [
          testId,
          (last?.step ?? 0) + 1,
          input.action,
          input.byName,
          input.at,
        ]);
        return findTest(tx, testId);
      });
    },
  };
}

export type TestingService = ReturnType<typeof createTestingService>;
