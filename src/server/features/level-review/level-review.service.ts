import type { z } from "zod";
import {
  type LevelReviewList,
  type LevelReviewOpportunity,
  type levelReviewActionBody,
  type levelReviewDenyBody,
  type levelReviewQuery,
  levelReviewReasonPrefix,
  type levelReviewSnoozeBody,
} from "../../../shared/contract/level-review";
import { localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { claimVersion } from "../../platform/db/versioned";
import { badRequest, conflict } from "../../platform/errors";
import { checkSnoozeDay } from "../../platform/opportunities";
import * as cases from "../cases/cases.queries";
import { refreshStandings } from "../contacts/contact-standing";
import {
  type CaseFacts,
  levelMismatch,
  levelRank,
  listedAfter,
  loadLevelReviewPolicy,
  type Opportunity,
  opportunityOf,
} from "./level-review";
import * as queries from "./level-review.queries";

const latest = (...days: (string | null)[]) =>
  days
    .filter((day): day is string => day !== null)
    .sort()
    .at(-1)!;

function factsOf(row: queries.ReviewCandidateRow): CaseFacts {
  return {
    level: row.supervision_level,
    assessment: row.assessment,
    streakFrom: latest(row.supervision_start, row.last_concern_on, row.last_level_change_on),
  };
}

type Evaluated = { row: queries.ReviewCandidateRow; facts: CaseFacts; opportunity: Opportunity | null; today: string };

async function evaluate(
  tx: Queryable,
  input: { filter: { sql: string; params: unknown[] }; officerId?: string | undefined; caseIds?: readonly string[] },
  now: Date,
): Promise<Evaluated[]> {
  const policy = loadLevelReviewPolicy();
  const rows = await queries.loadReviewCandidates(tx, { ...input, concerns: policy.complianceStreak.concerns });
  return rows.map((row) => {
    const today = localDate(now, row.time_zone);
    const facts = factsOf(row);
    return { row, facts, opportunity: opportunityOf(facts, policy, today), today };
  });
}

/**
 * Of these cases (already limited to what the reader may see), those with a level review opportunity listed now:
 * the caseload's "level review" filter.
 */
export async function casesWithLevelReview(tx: Queryable, caseIds: readonly string[], now: Date): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const evaluated = await evaluate(tx, { filter: { sql: "true", params: [] }, caseIds }, now);
  return new Set(
    evaluated
      .filter(({ row, opportunity, today }) => opportunity && listedAfter(opportunity, row.last_decision, today).listed)
      .map(({ row }) => row.case_id),
  );
}

export function createLevelReviewService(deps: FeatureDeps) {
  /** The case's opportunity as the decision names it; a 409 when it is gone or changed since the reader saw it. */
  async function currentOpportunity(tx: Queryable, caseId: string, key: string, now: Date) {
    const [evaluated] = await evaluate(tx, { filter: { sql: "true", params: [] }, caseIds: [caseId] }, now);
    if (!evaluated?.opportunity || evaluated.opportunity.key !== key) {
      throw conflict("This level review opportunity has changed since you opened it (a new assessment, event or level). Reload the list.", [
        { field: "opportunityKey", message: "no longer current" },
      ]);
    }
    return { ...evaluated, opportunity: evaluated.opportunity };
  }

  return {
    /** Opportunities of the cases the reader may read (one officer's when asked), and the mismatch count per officer. */
    async list(context: RequestContext, query: z.infer<typeof levelReviewQuery>): Promise<LevelReviewList> {
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 1, {
          action: "level_review.list",
          recordType: "case",
          details: query.officerId ? { officerId: query.officerId } : {},
        });
        const policy = loadLevelReviewPolicy();
        const evaluated = await evaluate(tx, { filter, officerId: query.officerId }, context.now);
        const opportunities: LevelReviewOpportunity[] = [];
        const byOfficer = new Map<string, LevelReviewList["byOfficer"][number]>();
        for (const { row, facts, opportunity, today } of evaluated) {
          const officer = byOfficer.get(row.officer_id) ?? {
            officer: { id: row.officer_id, displayName: row.officer_name },
            mismatches: 0,
            opportunities: 0,
            cases: 0,
          };
          byOfficer.set(row.officer_id, officer);
          officer.cases += 1;
          if (levelMismatch(facts, policy)) officer.mismatches += 1;
          if (!opportunity) continue;
          const { listed, snoozeEnded } = listedAfter(opportunity, row.last_decision, today);
          if (!listed) continue;
          officer.opportunities += 1;
          opportunities.push({
            caseId: row.case_id,
            personId: row.person_id,
            personName: row.person_name,
            caseNumber: row.case_number,
            officer: { id: row.officer_id, displayName: row.officer_name },
            supervisionLevel: row.supervision_level,
            riskLevel: row.risk_level,
            suggestedLevel: opportunity.suggestedLevel,
            criteria: opportunity.criteria,
            opportunityKey: opportunity.key,
            caseVersion: row.case_version,
            snoozeEnded,
          });
        }
        return {
          opportunities,
          byOfficer: [...byOfficer.values()].sort(
            (a, b) => b.mismatches - a.mismatches || a.officer.displayName.localeCompare(b.officer.displayName),
          ),
          streakMonths: policy.complianceStreak.months,
        };
      });
    },

    /** Puts the opportunity off until a day (listed again from then), with the reason. */
    async snooze(context: RequestContext, caseId: string, body: z.infer<typeof levelReviewSnoozeBody>): Promise<void> {
      await decide(context, caseId, "snoozed", body, (today) => {
        checkSnoozeDay(body.until, today);
        return { snoozedUntil: body.until, toLevel: null };
      });
    },

    /** Decides against it, with the reason: not listed again while the opportunity stays the same. */
    async deny(context: RequestContext, caseId: string, body: z.infer<typeof levelReviewDenyBody>): Promise<void> {
      await decide(context, caseId, "denied", body, () => ({ snoozedUntil: null, toLevel: null }));
    },

    /**
     * Lowers the level as the case's own level change does (version claimed, level history for proration, the change
     * and its reason in the case's history, contact standards refreshed), and records the decision, in one transaction.
     */
    async action(context: RequestContext, caseId: string, body: z.infer<typeof levelReviewActionBody>): Promise<void> {
      const actor = signedInActor(context);
      await decide(
        context,
        caseId,
        "actioned",
        body,
        () => ({ snoozedUntil: null, toLevel: body.level }),
        async (tx, evaluated) => {
          if (levelRank(body.level) >= levelRank(evaluated.row.supervision_level)) {
            throw badRequest("Choose a level lower than the current one.", [
              { field: "level", message: "not lower than the current level" },
            ]);
          }
          await claimVersion(tx, {
            table: "supervision_case",
            id: caseId,
            expectedVersion: body.expectedVersion,
            actorId: actor.userId,
            now: context.now,
            what: "case",
          });
          await cases.recordLevelChange(tx, {
            caseId,
            level: body.level,
            previousLevel: evaluated.row.supervision_level,
            effectiveOn: evaluated.today,
            changedBy: actor.userId,
          });
          await cases.updateCase(tx, caseId, { supervisionLevel: body.level }, context.now);
          await refreshStandings(tx, evaluated.target.agencyId, [caseId], context.now, actor.userId);
          await cases.recordCaseChanges(tx, {
            caseId,
            changes: [{ field: "supervision_level", oldValue: evaluated.row.supervision_level, newValue: body.level }],
            reason: `${levelReviewReasonPrefix}${body.reason}`,
            changedBy: actor.userId,
            now: context.now,
          });
        },
      );
    },
  };

  /** A decision on the case's current opportunity: authorised as a change of the case, checked, recorded and audited. */
  async function decide(
    context: RequestContext,
    caseId: string,
    decision: "actioned" | "denied" | "snoozed",
    body: { opportunityKey: string; reason: string },
    details: (today: string) => { snoozedUntil: string | null; toLevel: string | null },
    change?: (
      tx: Queryable,
      evaluated: Evaluated & { opportunity: Opportunity; target: Awaited<ReturnType<typeof loadCaseTarget>> },
    ) => Promise<void>,
  ): Promise<void> {
    const actor = signedInActor(context);
    await guarded(deps, context, async ({ tx, authorize }) => {
      const target = await loadCaseTarget(tx, caseId, true);
      authorize("case.write", target, {
        action: `level_review.${decision}`,
        recordType: "case",
        recordId: caseId,
        details: { reason: body.reason },
      });
      const evaluated = await currentOpportunity(tx, caseId, body.opportunityKey, context.now);
      const { snoozedUntil, toLevel } = details(evaluated.today);
      await change?.(tx, { ...evaluated, target });
      await queries.insertDecision(tx, {
        caseId,
        key: evaluated.opportunity.key,
        decision,
        reason: body.reason,
        snoozedUntil,
        fromLevel: evaluated.row.supervision_level,
        toLevel,
        criteria: evaluated.opportunity.criteria,
        actorId: actor.userId,
        now: context.now,
      });
    });
  }
}

export type LevelReviewService = ReturnType<typeof createLevelReviewService>;
