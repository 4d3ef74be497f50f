import type { z } from "zod";
import type {
  EarlyDischargeCriterion,
  EarlyDischargeRecommendation,
  EarlyDischargeState,
  earlyDischargeDenyBody,
  earlyDischargeRecommendBody,
  earlyDischargeReviewBody,
  earlyDischargeSnoozeBody,
} from "../../../shared/contract/early-discharge";
import { addDays } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { conflict, notFound } from "../../platform/errors";
import { checkSnoozeDay, listedAfter } from "../../platform/opportunities";
import { notify } from "../notifications/notify";
import { closeTasksForSource, createTask } from "../tasks/tasks";
import { authorityOf, daysPastExpectedEnd, type Eligibility, evaluateEligibility, loadEarlyDischargePolicy } from "./early-discharge";
import * as queries from "./early-discharge.queries";

/** A supervisor decides a recommendation within this many days; the approved request is sent within this many. */
const approvalDueDays = 5;
const requestDueDays = 7;
/** Tasks of a recommendation name it as their source. */
const sourceType = "early_discharge_recommendation";

export type EvaluatedCase = { row: queries.DischargeFactsRow; eligibility: Eligibility };

/**
 * Evaluates cases against the policy and stores each result (with its criteria and evidence) as the case's latest:
 * for the given cases, or the next batch of an agency's active cases not yet evaluated on its day (the nightly job).
 */
export async function evaluateAndStore(
  tx: Queryable,
  input: { caseIds: readonly string[] } | { agencyId: string; afterCaseId: string; limit: number },
  now: Date,
): Promise<EvaluatedCase[]> {
  const policy = loadEarlyDischargePolicy();
  const rows = await queries.loadDischargeFacts(tx, { ...input, concerns: policy.complianceStreak.concerns, now });
  const evaluated = rows.map((row) => {
    // The later of the last concern event and the last violation (a violation by hand has no event).
    const concerns = [
      row.last_event && { ...row.last_event, recordType: "supervision_event" as const },
      row.last_violation && { ...row.last_violation, recordType: "violation" as const },
    ].filter((concern) => concern !== null);
    const lastConcern = concerns.sort((a, b) => b.on.localeCompare(a.on))[0] ?? null;
    const eligibility = evaluateEligibility(
      {
        supervisionStart: row.supervision_start,
        expectedEnd: row.expected_end,
        lastConcern,
        openViolations: row.open_violations,
        conditions: row.conditions,
      },
      policy,
      row.today,
    );
    return { row, eligibility };
  });
  await queries.upsertEvaluations(
    tx,
    evaluated
      .filter(({ row }) => row.status === "active")
      .map(({ row, eligibility }) => ({
        caseId: row.case_id,
        eligible: eligibility.eligible,
        key: eligibility.key,
        criteria: eligibility.criteria,
        today: row.today,
      })),
    now,
  );
  return evaluated;
}

/** The last decision as the listing reads it: a recommendation returned by the supervisor no longer holds. */
const holding = (decision: queries.DecisionRow | undefined) =>
  decision && !(decision.decision === "recommended" && decision.status === "returned")
    ? { key: decision.opportunity_key, decision: decision.decision, snoozedUntil: decision.snoozed_until }
    : null;

function recommendationOf(row: queries.DecisionRow): EarlyDischargeRecommendation {
  return {
    id: row.id,
    status: row.status!,
    note: row.reason,
    recommendedBy: { id: row.decided_by, displayName: row.decided_by_name },
    recommendedAt: row.decided_at,
    authority: row.authority!,
    authorityName: row.authority_name!,
    reviewedBy: row.reviewed_by ? { id: row.reviewed_by, displayName: row.reviewed_by_name! } : null,
    reviewedAt: row.reviewed_at,
    reviewReason: row.review_reason,
    criteria: row.criteria as EarlyDischargeCriterion[],
  };
}

async function readState(tx: Queryable, caseId: string, now: Date): Promise<EarlyDischargeState> {
  const policy = loadEarlyDischargePolicy();
  const [row] = await queries.loadDischargeFacts(tx, { caseIds: [caseId], concerns: policy.complianceStreak.concerns, now });
  if (!row) throw notFound("Case");
  const evaluation = row.status === "active" ? await queries.findEvaluation(tx, caseId) : undefined;
  const decisions = await queries.listDecisions(tx, caseId);
  const last = decisions[0];
  const after = evaluation
    ? listedAfter({ key: evaluation.opportunity_key }, holding(last), row.today)
    : { listed: false, snoozeEnded: null };
  return {
    caseId,
    supervisionType: row.supervision_type,
    expectedEnd: row.expected_end,
    daysPastExpectedEnd: row.status === "active" ? daysPastExpectedEnd(row.expected_end, row.today) : 0,
    evaluation: evaluation
      ? {
          eligible: evaluation.eligible,
          evaluatedAt: evaluation.evaluated_at,
          criteria: evaluation.criteria as EarlyDischargeCriterion[],
          opportunityKey: evaluation.opportunity_key,
        }
      : null,
    listed: Boolean(evaluation?.eligible) && after.listed,
    snoozeEnded: evaluation?.eligible ? after.snoozeEnded : null,
    lastDecision: last
      ? {
          decision: last.decision,
          reason: last.reason,
          snoozedUntil: last.snoozed_until,
          decidedBy: last.decided_by_name,
          decidedAt: last.decided_at,
          current: last.opportunity_key === evaluation?.opportunity_key,
        }
      : null,
    recommendations: decisions.filter((decision) => decision.decision === "recommended").map(recommendationOf),
    feesTracked: false,
  };
}

export function createEarlyDischargeService(deps: FeatureDeps) {
  /**
   * A decision on the case's opportunity as the officer saw it: authorised as a change of the case, the case evaluated
   * again now (stored), and a 409 when it is no longer eligible, changed, or already decided.
   */
  async function decide(
    context: RequestContext,
    caseId: string,
    decision: "recommended" | "denied" | "snoozed",
    body: { opportunityKey: string; reason: string; until?: string },
  ): Promise<EarlyDischargeState> {
    const actor = signedInActor(context);
    return guarded(deps, context, async ({ tx, authorize }) => {
      const target = await loadCaseTarget(tx, caseId, true);
      authorize("case.write", target, {
        action: `early_discharge.${decision}`,
        recordType: "case",
        recordId: caseId,
        details: { reason: body.reason, ...(body.until ? { until: body.until } : {}) },
      });
      const [evaluated] = await evaluateAndStore(tx, { caseIds: [caseId] }, context.now);
      const { row, eligibility } = evaluated!;
      if (row.status !== "active") {
        throw conflict("Only an active case can be considered for early discharge.", [{ field: "caseId", message: "not active" }]);
      }
      if (!eligibility.eligible || eligibility.key !== body.opportunityKey) {
        throw conflict(
          "The case's early-discharge eligibility has changed since you opened it (a new concern, violation, condition or end date). Reload it.",
          [{ field: "opportunityKey", message: "no longer current" }],
        );
      }
      const [last] = await queries.listDecisions(tx, caseId);
      if (!listedAfter({ key: eligibility.key }, holding(last), row.today).listed) {
        throw conflict("This early-discharge opportunity has already been decided. Reload it.", [
          { field: "opportunityKey", message: "already decided" },
        ]);
      }
      if (decision === "snoozed") checkSnoozeDay(body.until!, row.today);
      const authority = { kind: authorityOf(row.supervision_type), name: row.authority_name } as const;
      const id = await queries.insertDecision(tx, {
        caseId,
        key: eligibility.key,
        decision,
        reason: body.reason,
        snoozedUntil: decision === "snoozed" ? body.until! : null,
        criteria: eligibility.criteria,
        authority: decision === "recommended" ? authority : null,
        actorId: actor.userId,
        now: context.now,
      });
      if (decision === "recommended") {
        // The unit's supervisors decide it (their task, notified); the one who recommended it cannot approve it.
        await createTask(tx, {
          caseId,
          kind: "early_discharge_approval_requested",
          owner: { owner: "unit_supervisors" },
          due: addDays(row.today, approvalDueDays),
          sourceType,
          sourceId: id,
          sourceOccurredAt: context.now,
          by: actor.userId,
          now: context.now,
        });
      }
      return readState(tx, caseId, context.now);
    });
  }

  return {
    /** The case's latest evaluation, the decisions on it and its recommendations, and days past the expected end. */
    async read(context: RequestContext, caseId: string): Promise<EarlyDischargeState> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "early_discharge.read", recordType: "case", recordId: caseId });
        return readState(tx, caseId, context.now);
      });
    },

    /** Evaluates the case now (as the nightly job does) and answers its state. */
    async evaluate(context: RequestContext, caseId: string): Promise<EarlyDischargeState> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, { action: "early_discharge.evaluated", recordType: "case", recordId: caseId });
        await evaluateAndStore(tx, { caseIds: [caseId] }, context.now);
        return readState(tx, caseId, context.now);
      });
    },

    async recommend(context: RequestContext, caseId: string, body: z.infer<typeof earlyDischargeRecommendBody>) {
      return decide(context, caseId, "recommended", { opportunityKey: body.opportunityKey, reason: body.note });
    },
    async deny(context: RequestContext, caseId: string, body: z.infer<typeof earlyDischargeDenyBody>) {
      return decide(context, caseId, "denied", body);
    },
    async snooze(context: RequestContext, caseId: string, body: z.infer<typeof earlyDischargeSnoozeBody>) {
      return decide(context, caseId, "snoozed", body);
    },

    /**
     * A supervisor of the case's unit approves or returns a recommendation, never their own (403, audited). Approved,
     * the case's officer gets the task of sending the request to the parole board or the court; returned, the one who
     * recommended it is told why, and the case is listed again.
     */
    async review(context: RequestContext, recommendationId: string, body: z.infer<typeof earlyDischargeReviewBody>) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const found = await queries.findDecision(tx, recommendationId);
        if (found?.decision !== "recommended") throw notFound("Recommendation");
        const target = await loadCaseTarget(tx, found.case_id, true);
        const recommendation = (await queries.findDecision(tx, recommendationId, true))!;
        authorize(
          "early_discharge.approve",
          { ...target, userId: recommendation.decided_by },
          {
            action: `early_discharge.${body.decision}`,
            recordType: "case",
            recordId: recommendation.case_id,
            details: { recommendationId, ...(body.reason ? { reason: body.reason } : {}) },
          },
        );
        if (recommendation.status !== "awaiting_approval") {
          throw conflict(
            `This recommendation was already ${recommendation.status === "approved" ? "approved" : "returned"} by ${recommendation.reviewed_by_name}.`,
            [{ field: "decision", message: "already decided" }],
          );
        }
        const [row] = await queries.loadDischargeFacts(tx, { caseIds: [recommendation.case_id], concerns: [], now: context.now });
        if (row!.status !== "active") {
          throw conflict("The case is no longer active: its early-discharge recommendation cannot be decided.", [
            { field: "decision", message: "case not active" },
          ]);
        }
        await queries.setReview(tx, {
          id: recommendationId,
          status: body.decision,
          reason: body.reason || null,
          by: actor.userId,
          now: context.now,
        });
        await closeTasksForSource(tx, {
          sourceType,
          sourceId: recommendationId,
          kinds: ["early_discharge_approval_requested"],
          status: "done",
          by: actor.userId,
          now: context.now,
        });
        const authority = recommendation.authority === "parole_board" ? "the parole board" : "the court";
        if (body.decision === "approved") {
          await createTask(tx, {
            caseId: recommendation.case_id,
            kind: recommendation.authority === "parole_board" ? "early_discharge_request_to_board" : "early_discharge_request_to_court",
            owner: { owner: "case_officer" },
            due: addDays(row!.today, requestDueDays),
            sourceType,
            sourceId: recommendationId,
            sourceOccurredAt: context.now,
            by: actor.userId,
            now: context.now,
          });
        }
        await notify(tx, {
          userId: recommendation.decided_by,
          kind: "task",
          title:
            body.decision === "approved"
              ? `Early discharge approved: send the request to ${authority} (${recommendation.authority_name})`.slice(0, 200)
              : "Early discharge recommendation returned",
          // Notifications hold a 200-character title and a 2,000-character body; a long authority or reason is cut.
          body: (body.decision === "approved"
            ? `Approved by ${actor.displayName}.`
            : `Returned by ${actor.displayName}: ${body.reason}`
          ).slice(0, 2000),
          recordType: "case",
          recordId: recommendation.case_id,
          urgent: false,
          now: context.now,
        });
        return readState(tx, recommendation.case_id, context.now);
      });
    },
  };
}

export type EarlyDischargeService = ReturnType<typeof createEarlyDischargeService>;
