import type { z } from "zod";
import type { Assessment, assessmentSaveBody } from "../../../shared/contract/assessments";
import type { riskLevel } from "../../../shared/contract/cases";
import { type InstrumentDefinition, parseInstrument } from "../../../shared/instruments/definition";
import { type AnswerProblem, type AssessmentScore, type ScoreOptions, scoreAssessment } from "../../../shared/instruments/scoring";
import { localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { type Guard, guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { claimVersion } from "../../platform/db/versioned";
import { type AppError, badRequest, conflict, notFound } from "../../platform/errors";
import * as queries from "./assessments.queries";
import { loadInstruments, riskLevelFor } from "./instruments";

// The shipped instruments, checked once on first use (a bad definition fails the first request loudly, and the
// instruments test fails before that).
let shipped: ReturnType<typeof loadInstruments> | undefined;
const instruments = () => {
  shipped ??= loadInstruments();
  return shipped;
};

/** 400 naming each item: the answer's problem, or a required item left unanswered. */
function answerError(problems: AnswerProblem[]): AppError {
  const missing = problems.filter((problem) => problem.problem === "missing");
  const message =
    missing.length === problems.length
      ? `Answer the required questions first: ${missing.map((problem) => problem.prompt).join("; ")}.`
      : "Some answers are not acceptable.";
  return badRequest(
    message,
    problems.map((problem) => ({ field: `answers.${problem.item}`, message: problem.message })),
  );
}

function definitionOf(row: queries.AssessmentRow): InstrumentDefinition {
  const parsed = parseInstrument(row.definition);
  if (!parsed.ok) throw new Error(`stored instrument ${row.instrument_id} v${row.instrument_version} no longer parses`);
  return parsed.instrument;
}

export function createAssessmentsService(deps: FeatureDeps) {
  /** The assessment date (the agency's today) and the person's sex and population, which pick the cut-offs. */
  async function scoringOptions(tx: Queryable, caseId: string, context: RequestContext) {
    const subject = await queries.scoringSubject(tx, caseId);
    return { asOf: localDate(context.now, subject.time_zone), subject: { sex: subject.sex ?? undefined, population: subject.population } };
  }

  function toAssessment(row: queries.AssessmentRow, options: ScoreOptions): Assessment {
    const instrument = definitionOf(row);
    let score = row.score as AssessmentScore | null;
    if (!score) {
      const result = scoreAssessment(instrument, row.answers, options);
      if (!result.ok) throw new Error(`stored answers of assessment ${row.id} no longer score`);
      score = result.score;
    }
    return {
      id: row.id,
      caseId: row.case_id,
      instrument: { id: instrument.id, version: instrument.version, title: instrument.title },
      status: row.status,
      answers: row.answers as Assessment["answers"],
      score,
      riskLevel: row.risk_level as z.infer<typeof riskLevel> | null,
      startedBy: row.started_by,
      startedAt: row.started_at,
      completedBy: row.completed_by,
      completedAt: row.completed_at,
      version: row.version,
    };
  }

  /** Loads an assessment in progress for a change, with the case checked for case.write. */
  async function forChange(
    context: RequestContext,
    tx: Queryable,
    authorize: Guard["authorize"],
    id: string,
    action: string,
    expectedVersion: number,
  ) {
    const row = await queries.findAssessment(tx, id, true);
    if (!row) throw notFound("Assessment");
    const target = await loadCaseTarget(tx, row.case_id, true);
    authorize("case.write", target, { action, recordType: "assessment", recordId: id });
    if (row.status === "completed") throw conflict("This assessment is completed and cannot be changed; start a new one.");
    await claimVersion(tx, {
      table: "assessment",
      id,
      expectedVersion,
      actorId: signedInActor(context).userId,
      now: context.now,
      what: "assessment",
    });
    return { row, options: await scoringOptions(tx, row.case_id, context) };
  }

  return {
    /** Starts an assessment of the case on the latest version of the instrument. */
    async start(context: RequestContext, caseId: string, instrumentId: string): Promise<Assessment> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, { action: "assessment.start", recordType: "case", recordId: caseId, details: { instrumentId } });
        const entry = instruments().catalogue.latest(instrumentId);
        if (!entry) throw badRequest("No such instrument.", [{ field: "instrumentId", message: `no instrument "${instrumentId}"` }]);
        const { instrument } = entry;
        const stored = await queries.ensureInstrumentVersion(tx, {
          id: instrument.id,
          version: instrument.version,
          contentHash: entry.contentHash,
          definition: instrument,
          now: context.now,
        });
        // A file edited without a new version: assessments already scored with the old text must not be re-read with the new.
        if (stored !== entry.contentHash) {
          throw new Error(
            `instrument ${instrument.id} version ${instrument.version} differs from the copy already used; give it a new version`,
          );
        }
        const id = await queries.insertAssessment(tx, {
          caseId,
          instrumentId,
          version: instrument.version,
          actorId: actor.userId,
          now: context.now,
        });
        return toAssessment((await queries.findAssessment(tx, id))!, await scoringOptions(tx, caseId, context));
      });
    },

    async get(context: RequestContext, id: string): Promise<Assessment> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const row = await queries.findAssessment(tx, id);
        if (!row) throw notFound("Assessment");
        const target = await loadCaseTarget(tx, row.case_id);
        authorize("case.read", target, { action: "assessment.read", recordType: "assessment", recordId: id });
        return toAssessment(row, await scoringOptions(tx, row.case_id, context));
      });
    },

    /** Partial save: every answer given is checked (400 naming the item); required ones may still be missing. */
    async save(context: RequestContext, id: string, { answers, expectedVersion }: z.infer<typeof assessmentSaveBody>): Promise<Assessment> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { row, options } = await forChange(context, tx, authorize, id, "assessment.save", expectedVersion);
        const merged = Object.fromEntries(Object.entries({ ...row.answers, ...answers }).filter(([, value]) => value !== null));
        const result = scoreAssessment(definitionOf(row), merged, options);
        if (!result.ok) throw answerError(result.problems);
        await queries.saveAnswers(tx, id, merged);
        return toAssessment((await queries.findAssessment(tx, id))!, options);
      });
    },

    /** Completes: scored with every required item answered (else 400 listing them), the risk level from the table. */
    async complete(context: RequestContext, id: string, expectedVersion: number): Promise<Assessment> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const { row, options } = await forChange(context, tx, authorize, id, "assessment.complete", expectedVersion);
        const result = scoreAssessment(definitionOf(row), row.answers, { ...options, complete: true });
        if (!result.ok) throw answerError(result.problems);
        const category = result.score.category!.id;
        await queries.completeAssessment(tx, id, {
          score: result.score,
          total: result.score.total,
          category,
          riskLevel: riskLevelFor(instruments().riskLevels, row.instrument_id, category),
          actorId: actor.userId,
          now: context.now,
        });
        return toAssessment((await queries.findAssessment(tx, id))!, options);
      });
    },
  };
}

export type AssessmentsService = ReturnType<typeof createAssessmentsService>;
