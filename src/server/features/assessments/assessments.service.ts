import type { z } from "zod";
import type {
  Assessment,
  AssessmentOverride,
  assessmentSaveBody,
  CaseAssessments,
  overrideDecisionBody,
  overrideRequestBody,
} from "../../../shared/contract/assessments";
import type { riskLevel, supervisionLevel } from "../../../shared/contract/cases";
import { type InstrumentDefinition, parseInstrument } from "../../../shared/instruments/definition";
import { type AnswerProblem, type AssessmentScore, type ScoreOptions, scoreAssessment } from "../../../shared/instruments/scoring";
import { addDays, localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { type Guard, guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { claimVersion } from "../../platform/db/versioned";
import { type AppError, badRequest, conflict, notFound } from "../../platform/errors";
import { applyCaseLevels } from "../cases/case-levels";
import { latestLevelChangeSince } from "../cases/cases.queries";
import { requirementsFor, type SupervisionLevel } from "../contacts/contact-standards";
import { loadAgencyStandards } from "../contacts/contacts.queries";
import { openCrisesForFlags } from "../crisis/crisis";
import { notify } from "../notifications/notify";
import { closeTasksForSource, createTask } from "../tasks/tasks";
import { assessmentDueOn, scheduleReassessment } from "./assessment-schedule";
import * as queries from "./assessments.queries";
import { activeLatest, agencyInstruments, findAgencyInstrument, levelsFor } from "./instrument-library";
import { shippedInstruments as instruments } from "./instruments";

type Level = z.infer<typeof supervisionLevel>;

/** Days the unit's supervisors have to decide an override (its approval task's due day). */
const overrideDecisionDays = 3;
/** How long the person page tells the officer what a level change did to their contact obligations. */
const levelChangeNoticeDays = 7;

const levelWords: Record<Level, string> = {
  intensive: "intensive",
  high: "high",
  moderate: "moderate",
  low: "low",
  administrative: "administrative",
};

/** Criminal-history fact keys an instrument item may carry, and the offense categories counts may be split by. */
const countFacts = new Set(["prior_arrests", "prior_convictions"]);
const offenseCategories = new Set(["violent", "property", "drug", "weapons", "sex", "public_order", "other"]);
const plainFacts = new Set(["prior_revocations", "age_at_first_arrest", "supervision_failure"]);

/**
 * The structured criminal-history facts an instrument's answers record: each item with a `fact` key of the known
 * vocabulary (prior_arrests, prior_convictions — optionally _<offense category> —, prior_revocations,
 * age_at_first_arrest, supervision_failure as 1 or 0). Other fact keys are the instrument's own and not stored here.
 */
export function criminalHistoryFacts(instrument: InstrumentDefinition, score: AssessmentScore, answers: Record<string, unknown>) {
  const asked = new Set(score.items.filter((item) => item.status === "answered").map((item) => item.item));
  const facts: queries.CriminalHistoryFact[] = [];
  for (const item of instrument.domains.flatMap((domain) => domain.items)) {
    if (!item.fact || !asked.has(item.id)) continue;
    const answer = answers[item.id];
    const value = typeof answer === "boolean" ? Number(answer) : typeof answer === "number" ? answer : null;
    if (value === null || value < 0) continue;
    const split = /^(prior_arrests|prior_convictions)_([a-z_]+)$/.exec(item.fact);
    if (split && offenseCategories.has(split[2]!)) facts.push({ fact: split[1]!, offenseCategory: split[2]!, value });
    else if (countFacts.has(item.fact) || plainFacts.has(item.fact)) facts.push({ fact: item.fact, offenseCategory: "any", value });
  }
  return facts;
}

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

function toOverride(row: queries.OverrideRow): AssessmentOverride {
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    caseId: row.case_id,
    assessedLevel: row.assessed_level as Level,
    requestedLevel: row.requested_level as Level,
    reason: row.reason,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
  };
}

/**
 * A crisis flag (the intake screener's suicide risk, no place to sleep tonight) is a task for the case's officer due
 * today, made the moment the answer is saved; the officer is told at once (crisis tasks notify as urgent). A crisis
 * record is opened with it, linked to the item that raised the flag, with the agency's default follow-ups. One per
 * assessment (and flag): saving again changes nothing.
 */
async function openCrisisTask(tx: Queryable, row: queries.AssessmentRow, score: AssessmentScore, context: RequestContext) {
  if (!score.flags.some((flag) => flag.severity === "crisis")) return;
  await createTask(tx, {
    caseId: row.case_id,
    kind: "crisis",
    owner: { owner: "case_officer" },
    due: { daysAfterSource: 0 },
    sourceType: "assessment",
    sourceId: row.id,
    sourceOccurredAt: context.now,
    by: signedInActor(context).userId,
    now: context.now,
  });
  await openCrisesForFlags(tx, {
    caseId: row.case_id,
    assessmentId: row.id,
    instrument: definitionOf(row),
    flags: score.flags,
    now: context.now,
  });
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
      supervisionLevel: row.supervision_level as Level | null,
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
        const versions = (await agencyInstruments(tx, target.agencyId)).filter((candidate) => candidate.instrument.id === instrumentId);
        if (versions.length === 0) {
          throw badRequest("No such instrument.", [{ field: "instrumentId", message: `no instrument "${instrumentId}"` }]);
        }
        const entry = activeLatest(versions)[0];
        if (!entry) {
          throw conflict(`${versions.at(-1)!.instrument.title} is not published for your agency; an administrator publishes instruments.`, [
            { field: "instrumentId", message: "not published" },
          ]);
        }
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
        // Suicide risk or no shelter tonight cannot wait for the assessment to be completed.
        await openCrisisTask(tx, row, result.score, context);
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
        const instrument = definitionOf(row);
        const { riskLevel, supervisionLevel: level } = await levelsFor(tx, row.instrument_id, row.instrument_version, category);
        await queries.completeAssessment(tx, id, {
          score: result.score,
          total: result.score.total,
          category,
          riskLevel,
          supervisionLevel: level,
          actorId: actor.userId,
          now: context.now,
        });
        await queries.insertCriminalHistoryFacts(tx, {
          assessmentId: id,
          caseId: row.case_id,
          facts: criminalHistoryFacts(instrument, result.score, row.answers),
          now: context.now,
        });
        await openCrisisTask(tx, row, result.score, context);
        if (instrument.purpose === "risk_needs") {
          // The assessment sets the case's risk and supervision level (recorded with its cause, driving the contact
          // standards), and the clock for the next one.
          const target = await loadCaseTarget(tx, row.case_id);
          const applied = await applyCaseLevels(tx, {
            caseId: row.case_id,
            agencyId: target.agencyId,
            ...(level ? { supervisionLevel: level } : {}),
            ...(riskLevel ? { riskLevel } : {}),
            cause: "assessment",
            assessmentId: id,
            reason: `${instrument.title}: ${result.score.category!.label} (total ${result.score.total})`,
            by: actor.userId,
            now: context.now,
          });
          const levelNow = (level ?? applied.previousLevel) as Level;
          await scheduleReassessment(tx, instruments().supervision, {
            caseId: row.case_id,
            assessedOn: options.asOf,
            level: levelNow,
            by: actor.userId,
            now: context.now,
          });
        }
        return toAssessment((await queries.findAssessment(tx, id))!, options);
      });
    },

    /** The person page's Assessments section: the list, overrides, instruments, next due day and the level banner. */
    async listOfCase(context: RequestContext, caseId: string): Promise<CaseAssessments> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "assessment.list", recordType: "case", recordId: caseId });
        const rows = await queries.listAssessmentsOfCase(tx, caseId);
        const overrides = await queries.listOverridesOfCase(tx, caseId);
        const standards = await loadAgencyStandards(tx, target.agencyId);
        const today = localDate(context.now, standards.timeZone);
        const change = await latestLevelChangeSince(tx, caseId, addDays(today, -levelChangeNoticeDays));
        const requirementFacts = (level: string, tags: readonly string[]) =>
          requirementsFor(standards.policy, level as SupervisionLevel, tags).map((requirement) => ({
            kind: requirement.kind,
            count: requirement.count,
            periodMonths: requirement.periodMonths,
          }));
        return {
          assessments: rows.map((entry) => ({
            id: entry.id,
            instrument: { id: entry.instrument_id, version: entry.instrument_version, title: entry.title, purpose: entry.purpose },
            status: entry.status,
            total: entry.total,
            category: entry.category && entry.category_label ? { id: entry.category, label: entry.category_label } : null,
            riskLevel: entry.risk_level as z.infer<typeof riskLevel> | null,
            supervisionLevel: entry.supervision_level as Level | null,
            startedBy: entry.started_by,
            startedAt: entry.started_at,
            completedBy: entry.completed_by,
            completedAt: entry.completed_at,
          })),
          overrides: overrides.map(toOverride),
          instruments: activeLatest(await agencyInstruments(tx, target.agencyId)).map(({ instrument }) => ({
            id: instrument.id,
            version: instrument.version,
            title: instrument.title,
            purpose: instrument.purpose,
          })),
          reassessmentDueOn: await assessmentDueOn(tx, caseId),
          levelChange:
            change?.previous_level && change.cause !== "intake"
              ? {
                  from: change.previous_level as Level,
                  to: change.supervision_level as Level,
                  effectiveOn: change.effective_on,
                  cause: change.cause,
                  changedBy: change.changed_by_name,
                  before: requirementFacts(change.previous_level, change.tags),
                  after: requirementFacts(change.supervision_level, change.tags),
                }
              : null,
        };
      });
    },

    /** The definition an assessment was (or is being) scored with: the web app builds the form from it. */
    async instrument(context: RequestContext, id: string, version: number): Promise<InstrumentDefinition> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const actor = signedInActor(context);
        authorize(
          "instrument.read",
          { agencyId: actor.agencyId },
          { action: "instrument.read", recordType: "instrument", details: { id, version } },
        );
        const entry = await findAgencyInstrument(tx, actor.agencyId, id, version);
        if (!entry) throw notFound("Instrument");
        return entry.instrument;
      });
    },

    /**
     * Asks to supervise at another level than the completed assessment sets, with the reason; the unit's supervisors
     * get an approval task. Only the case's latest completed risk/needs assessment can be overridden.
     */
    async requestOverride(
      context: RequestContext,
      assessmentId: string,
      input: z.infer<typeof overrideRequestBody>,
    ): Promise<AssessmentOverride> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const row = await queries.findAssessment(tx, assessmentId, true);
        if (!row) throw notFound("Assessment");
        const target = await loadCaseTarget(tx, row.case_id, true);
        authorize("case.write", target, {
          action: "assessment.override_request",
          recordType: "assessment",
          recordId: assessmentId,
          details: { requestedLevel: input.supervisionLevel, reason: input.reason },
        });
        if (row.status !== "completed" || !row.supervision_level) {
          throw conflict("Only a completed risk and needs assessment sets a level that can be overridden.");
        }
        if ((await queries.latestCompletedAssessment(tx, row.case_id))?.id !== assessmentId) {
          throw conflict("A newer assessment of this case sets its level now; override that one instead.");
        }
        if (input.supervisionLevel === row.supervision_level) {
          throw badRequest("The assessment already sets that level.", [
            {
              field: "supervisionLevel",
              message: `the assessment sets ${levelWords[row.supervision_level as Level]}; choose another level`,
            },
          ]);
        }
        const id = await queries.insertOverride(tx, {
          assessmentId,
          caseId: row.case_id,
          assessedLevel: row.supervision_level,
          requestedLevel: input.supervisionLevel,
          reason: input.reason,
          by: actor.userId,
          now: context.now,
        });
        if (!id) throw conflict("An override of this assessment already awaits a supervisor's decision.");
        await createTask(tx, {
          caseId: row.case_id,
          kind: "approval_requested",
          owner: { owner: "unit_supervisors" },
          due: { daysAfterSource: overrideDecisionDays },
          sourceType: "assessment_override",
          sourceId: id,
          sourceOccurredAt: context.now,
          by: actor.userId,
          now: context.now,
        });
        return toOverride((await queries.findOverride(tx, id))!);
      });
    },

    /**
     * A supervisor of the case's unit approves or denies an override; never the person who asked (403, audited as
     * denied). Approval sets the case's level (cause: override) and its reassessment clock; the approval task closes.
     */
    async decideOverride(
      context: RequestContext,
      overrideId: string,
      input: z.infer<typeof overrideDecisionBody>,
    ): Promise<AssessmentOverride> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const current = await queries.findOverride(tx, overrideId, true);
        if (!current) throw notFound("Override");
        const target = await loadCaseTarget(tx, current.case_id, true);
        const event = {
          action: "assessment.override_decision",
          recordType: "assessment_override",
          recordId: overrideId,
          details: { decision: input.decision, ...(input.reason ? { reason: input.reason } : {}) },
        };
        authorize("assessment_override.decide", { ...target, userId: current.requested_by.id }, event);
        if (current.status !== "requested") {
          throw conflict(`This override was already ${current.status} by ${current.decided_by?.displayName ?? "someone else"}.`);
        }
        if (input.decision === "denied" && !input.reason) {
          throw badRequest("Give the reason for denying the override.", [{ field: "reason", message: "required when denying" }]);
        }
        const latest = await queries.latestCompletedAssessment(tx, current.case_id);
        if (input.decision === "approved" && latest?.id !== current.assessment_id) {
          throw conflict("A newer assessment of this case sets its level now; this override no longer applies. Deny it instead.");
        }
        await queries.decideOverride(tx, overrideId, {
          status: input.decision,
          reason: input.reason ?? null,
          by: actor.userId,
          now: context.now,
        });
        if (input.decision === "approved") {
          const level = current.requested_level as Level;
          await applyCaseLevels(tx, {
            caseId: current.case_id,
            agencyId: target.agencyId,
            supervisionLevel: level,
            cause: "override",
            assessmentId: current.assessment_id,
            overrideId,
            reason: `Override approved by ${actor.displayName}: ${current.reason}`,
            by: actor.userId,
            now: context.now,
          });
          const assessment = (await queries.findAssessment(tx, current.assessment_id))!;
          const { time_zone: timeZone } = await queries.caseForScheduling(tx, current.case_id);
          await scheduleReassessment(tx, instruments().supervision, {
            caseId: current.case_id,
            assessedOn: localDate(new Date(assessment.completed_at!), timeZone),
            level,
            by: actor.userId,
            now: context.now,
          });
        }
        await closeTasksForSource(tx, {
          sourceType: "assessment_override",
          sourceId: overrideId,
          status: "done",
          reason: `Override ${input.decision} by ${actor.displayName}`,
          by: actor.userId,
          now: context.now,
        });
        // The officer who asked learns the outcome; the decision asks nothing more of them, so no task of theirs opens.
        const assessed = levelWords[current.assessed_level as Level];
        const requested = levelWords[current.requested_level as Level];
        const personName = await queries.casePersonName(tx, current.case_id);
        await notify(tx, {
          userId: current.requested_by.id,
          kind: "request_decided",
          title: `Override ${input.decision}: ${personName}`.slice(0, 200),
          body: (input.decision === "approved"
            ? `${actor.displayName} approved supervising ${personName} at ${requested} instead of ${assessed}. The case's level is now ${requested}.`
            : `${actor.displayName} denied supervising ${personName} at ${requested} instead of ${assessed}: ${input.reason}. The level stays ${assessed}.`
          ).slice(0, 2000),
          recordType: "case",
          recordId: current.case_id,
          urgent: false,
          now: context.now,
        });
        return toOverride((await queries.findOverride(tx, overrideId))!);
      });
    },
  };
}

export type AssessmentsService = ReturnType<typeof createAssessmentsService>;
