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
import { badRequest, conflict, notFound } from "../../platform/errors";
import { raiseEvent, type SupervisionEventKind, withdrawEvents } from "../../platform/events/supervision-events";
import { loadAgencyStandards } from "../contacts/contacts.queries";
import { notify } from "../notifications/notify";
import { closeTasksForSource, createTask } from "../tasks/tasks";
import * as queries from "./testing.queries";

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

const eventKind: Record<string, SupervisionEventKind> = {
  positive: "positive_test",
  dilute: "dilute_test",
  adulterated: "adulterated_test",
};

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
  const test = await queries.findTest(tx, id);
  if (!test) throw notFound("Test");
  return test;
}

/** Draws for one agency and day with a fresh seed and stores every candidate; the caller holds the agency lock. */
async function insertDraw(tx: Queryable, agencyId: string, date: string, createdBy: string | null, now: Date): Promise<string> {
  const seed = randomBytes(32).toString("hex");
  const drawId = await queries.insertDraw(tx, { agencyId, date, seed, algorithm: drawAlgorithm, createdBy, now });
  for (const program of await queries.listRandomProgramsForDraw(tx, agencyId, date)) {
    const probability = drawProbability(program.tests_per_month, program.selected_this_month, date);
    const selected = drawNumber(seed, date, program.id) < probability;
    await queries.insertDrawCandidate(tx, { drawId, programId: program.id, caseId: program.case_id, probability, selected });
    // A drawn case must test that day: a task for its officer, done when a test of that day is recorded.
    if (selected) {
      await createTask(tx, {
        caseId: program.case_id,
        kind: "drug_test_due",
        owner: { owner: "case_officer" },
        due: date,
        sourceType: "random_draw",
        sourceId: drawId,
        by: createdBy,
        now,
      });
    }
  }
  return drawId;
}

/** Local time after which the day's draw is made automatically, if nobody made it by hand. */
export const automaticDrawHour = 6;

/** The periodic job's name (its queue kind is periodic:<name>). */
export const dailyDrawJobName = "daily random drug-test draw";

/**
 * The daily job: for each agency whose local time has passed the draw hour and that has no draw for its
 * local today, make it. The agency row lock keeps two instances (or a click) from drawing twice.
 */
export async function makeDueDraws(deps: Pick<PlatformDeps, "db">, now: Date): Promise<number> {
  const agencies = await queries.listAgencyTimeZones(deps.db);
  let made = 0;
  for (const agency of agencies) {
    const today = localDate(now, agency.time_zone);
    const hour = localHour(now, agency.time_zone);
    if (hour < automaticDrawHour) continue;
    made += await deps.db.transaction(async (tx) => {
      await queries.lockAgency(tx, agency.id);
      if (await queries.findDrawIdOfDay(tx, agency.id, today)) return 0;
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
    const draw = await queries.findDrawSummary(tx, drawId);
    if (!draw) throw notFound("Draw");
    let selected: z.infer<typeof randomDraw>["selected"] = [];
    if (mayEver(actor, "case.read")) {
      const filter = visible("case.read", { agency: "sc.agency_id", unit: "sc.unit_id", caseId: "sc.id" }, 2, {
        action: "testing.draw_selection_read",
        recordType: "random_draw",
        recordId: drawId,
      });
      selected = await queries.listDrawSelectionsVisible(tx, drawId, filter);
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
        await queries.endActiveProgram(tx, caseId);
        const id = await queries.insertProgram(tx, {
          caseId,
          frequency: input.frequency,
          testsPerMonth: input.testsPerMonth,
          panel: [...new Set(input.panel)],
          method: input.method,
          startedOn: input.startedOn,
          createdBy: actor.userId,
          now: context.now,
        });
        return {
          id,
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
        await queries.lockAgency(tx, actor.agencyId);
        const existingId = await queries.findDrawIdOfDay(tx, actor.agencyId, date);
        if (existingId)
          throw conflict(`The draw for ${date} was already made; the first draw stands.`, [
            { field: "date", message: `already drawn (${existingId})` },
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
        const drawId = await queries.findDrawIdOfDay(tx, actor.agencyId, date);
        if (!drawId) throw notFound("Draw for that date");
        return loadDraw({ tx, visible }, actor, drawId);
      });
    },

    /** Recomputes every candidate's number from the stored seed and checks the stored selection. */
    async verifyDraw(context: RequestContext, drawId: string) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const draw = await queries.findDrawSeed(tx, drawId);
        // Another agency's draw is "not found", as before: its id reveals nothing.
        if (!draw || draw.agency_id !== actor.agencyId) throw notFound("Draw");
        authorize(
          "testing.draw_read",
          { agencyId: draw.agency_id, day: await drawDay(tx, draw.agency_id, draw.draw_date, context.now) },
          { action: "testing.draw_verified", recordType: "random_draw", recordId: drawId },
        );
        const candidates = await queries.listDrawCandidates(tx, drawId);
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
        const selected = await queries.listSelectionsOfDayVisible(tx, filter, actor.agencyId, today);
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
        const callIn = await queries.findCallIn(tx, target.agencyId, today, caseId);
        return { date: today, drawn: callIn.drawn, mustTest: callIn.selected };
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
        const program = await queries.findActiveProgramPanel(tx, caseId);
        const panel = new Set(program?.panel ?? []);
        const offPanel = input.results.filter((result) => !panel.has(result.substance));
        if (offPanel.length > 0) {
          throw badRequest(
            `Not on the case's testing panel: ${offPanel.map((result) => result.substance).join(", ")}.`,
            offPanel.map((result) => ({ field: "results.substance", message: `${result.substance} is not on the panel` })),
          );
        }
        if (input.specimenId && (await queries.specimenIdExists(tx, target.agencyId, input.specimenId))) {
          throw conflict(`Specimen ${input.specimenId} is already recorded.`, [{ field: "specimenId", message: "already recorded" }]);
        }
        const testId = await queries.insertDrugTest(tx, {
          agencyId: target.agencyId,
          caseId,
          programId: program?.id ?? null,
          specimenId: input.specimenId ?? null,
          status: input.status,
          collectedAt: input.collectedAt,
          method: input.method,
          collectedBy: actor.userId,
          observedBy: input.observedById ?? null,
          admission: input.admission,
          admittedSubstances: input.admittedSubstances,
          now: context.now,
        });
        // A test of a drawn day (collected, missed or refused) meets that day's drug-test task.
        const testDay = localDate(new Date(input.collectedAt), (await loadAgencyStandards(tx, target.agencyId)).timeZone);
        const drawOfDay = await queries.findDrawIdOfDay(tx, target.agencyId, testDay);
        if (drawOfDay) {
          await closeTasksForSource(tx, {
            sourceType: "random_draw",
            sourceId: drawOfDay,
            caseId,
            kinds: ["drug_test_due"],
            status: "done",
            reason: input.status === "collected" ? "Test recorded" : `Test recorded as ${input.status}`,
            by: actor.userId,
            now: context.now,
          });
        }
        for (const result of input.results) await queries.insertTestResult(tx, testId, result);
        for (const [index, step] of input.custody.entries()) await queries.insertCustodyStep(tx, testId, index + 1, step);
        const missedCountsAsPositive = await queries.missedTestCountsAsPositive(tx, target.agencyId);
        const events: { kind: SupervisionEventKind; countsAsPositive: boolean }[] = [];
        if (input.status !== "collected") events.push({ kind: `${input.status}_test`, countsAsPositive: missedCountsAsPositive });
        for (const kind of new Set(
          input.results.map((result) => eventKind[result.result]).filter((kind): kind is SupervisionEventKind => Boolean(kind)),
        )) {
          events.push({ kind, countsAsPositive: kind !== "dilute_test" || missedCountsAsPositive });
        }
        for (const event of events) {
          await raiseEvent(tx, {
            caseId,
            kind: event.kind,
            sourceType: "drug_test",
            sourceId: testId,
            countsAsPositive: event.countsAsPositive,
            occurredAt: input.collectedAt,
            now: context.now,
          });
        }
        const notified: { userId: string; name: string; role: "officer" | "supervisor" }[] = [];
        if (events.length > 0) {
          const personName = await queries.findPersonName(tx, target.personId);
          // The case's supervising officer is told (not whoever recorded the test), and, where the agency asks,
          // the active supervisors of the case's unit.
          const recipients = await queries.listTestNotificationRecipients(tx, caseId);
          const words = events.map((event) => event.kind.replace("_test", "")).join(", ");
          // A stored message has no client to format it: the test's day in words, in the agency's time zone, never ISO.
          const { timeZone } = await loadAgencyStandards(tx, target.agencyId);
          const day = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone }).format(new Date(input.collectedAt));
          for (const recipient of recipients) {
            await notify(tx, {
              userId: recipient.id,
              kind: "drug_test",
              title: `Drug test: ${words} — ${personName}`,
              body: `A ${words} test was recorded on ${day}.`,
              recordType: "case",
              recordId: caseId,
              urgent: false,
              now: context.now,
            });
            notified.push({ userId: recipient.id, name: recipient.display_name, role: recipient.role });
          }
        }
        return { ...(await findTest(tx, testId)), notified };
      });
    },

    async list(context: RequestContext, caseId: string): Promise<{ program: z.infer<typeof testingProgram> | null; tests: DrugTest[] }> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), { action: "testing.results_read", recordType: "case", recordId: caseId });
        const program = await queries.findActiveProgram(tx, caseId);
        const tests = await queries.listTestsOfCase(tx, caseId);
        return { program: program ?? null, tests };
      });
    },

    /**
     * The lab's answer on one result. It is final: a result already confirmed or overturned is not changed again.
     * An overturned result stops its event (positive, dilute, adulterated) counting as positive, and once no result of
     * that kind stands the event is withdrawn: every consumer gets a withdrawn delivery.
     */
    async confirm(
      context: RequestContext,
      testId: string,
      substance: string,
      confirmation: z.infer<typeof confirmationBody>["confirmation"],
    ): Promise<DrugTest> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const caseId = await queries.findTestCaseId(tx, testId);
        if (!caseId) throw notFound("Test");
        authorize("case.write", await loadCaseTarget(tx, caseId, true), {
          action: "testing.lab_confirmation",
          recordType: "drug_test",
          recordId: testId,
          details: { substance, confirmation },
        });
        const current = await queries.lockResultConfirmation(tx, testId, substance);
        if (!current) throw notFound(`Result for ${substance}`);
        if (current === "confirmed" || current === "overturned") {
          throw conflict(`The lab's answer for ${substance} is already recorded (${current}).`, [
            { field: "confirmation", message: `already ${current}` },
          ]);
        }
        await queries.setResultConfirmation(tx, testId, substance, confirmation);
        await queries.recountResultEvents(tx, testId);
        const overturned = (await queries.listOverturnedResultEventKinds(tx, testId)) as SupervisionEventKind[];
        if (overturned.length > 0) {
          await withdrawEvents(tx, {
            sourceType: "drug_test",
            sourceId: testId,
            kinds: overturned,
            reason: `The lab overturned the ${substance} result`,
            now: context.now,
          });
        }
        return findTest(tx, testId);
      });
    },

    /** Appends a step to a specimen's chain of custody (shipped, received by the lab, tested...): never edits earlier ones. */
    async addCustodyStep(context: RequestContext, testId: string, input: CustodyStep): Promise<DrugTest> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        // The row lock numbers concurrent steps one after the other.
        const test = await queries.lockTestForCustody(tx, testId);
        if (!test) throw notFound("Test");
        authorize("case.write", await loadCaseTarget(tx, test.case_id, true), {
          action: "testing.custody_step_added",
          recordType: "drug_test",
          recordId: testId,
          details: { action: input.action },
        });
        if (test.status !== "collected")
          throw conflict(`A ${test.status} test has no specimen to keep custody of.`, [{ field: "action", message: "no specimen" }]);
        const last = await queries.findLastCustodyStep(tx, testId);
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
        await queries.insertCustodyStep(tx, testId, (last?.step ?? 0) + 1, input);
        return findTest(tx, testId);
      });
    },
  };
}

export type TestingService = ReturnType<typeof createTestingService>;
