// Level review opportunities (issue 12 §6, after Recidiviz's supervision-level downgrade): a case supervised above
// what its latest completed assessment supports, or one that has gone the agency's streak of months without a concern
// (a missed contact, a positive test, … as supervision events), may step down. Pure rules here, over the facts the
// queries load; the policy (which level each risk level supports, the streak) is a checked data file beside this one.
import { join } from "node:path";
import { z } from "zod";
import { riskLevel, supervisionLevel } from "../../../shared/contract/cases";
import { type LevelReviewCriterion, levelOrder } from "../../../shared/contract/level-review";
import { daysBetween, monthsBefore } from "../../../shared/time/calendar-date";
import { supervisionEventKinds } from "../../platform/events/supervision-events";
import { policyFile } from "../../platform/opportunities";

type Level = z.infer<typeof supervisionLevel>;
type Risk = z.infer<typeof riskLevel>;

export const levelReviewPolicy = z.strictObject({
  description: z.string().optional(),
  supportedLevel: z.strictObject(
    Object.fromEntries(riskLevel.options.map((risk) => [risk, supervisionLevel])) as Record<Risk, typeof supervisionLevel>,
  ),
  complianceStreak: z.strictObject({
    months: z.number().int().min(1).max(60),
    concerns: z.array(z.enum(supervisionEventKinds)).min(1),
  }),
});
export type LevelReviewPolicy = z.infer<typeof levelReviewPolicy>;

/** The policy file, checked on first use (a bad file fails loudly, naming the problem). */
export const loadLevelReviewPolicy: () => LevelReviewPolicy = policyFile(
  join(import.meta.dirname, "level-review-policy.json"),
  levelReviewPolicy,
);

/** A level's place in levelOrder (lowest 0). */
export const levelRank = (level: Level) => levelOrder.indexOf(level);

/** Shared with early discharge: a calendar date whole months before another. */

export type CaseFacts = {
  level: Level;
  assessment: { id: string; riskLevel: Risk; completedAt: string } | null;
  /** The day the streak runs from: the latest of the supervision start, the last concern and the last level change. */
  streakFrom: string;
};

export type Opportunity = { suggestedLevel: Level; criteria: LevelReviewCriterion[]; key: string };

/** Whether the case's level differs from what its latest assessment supports (either way): the supervisors' mismatch. */
export function levelMismatch(facts: CaseFacts, policy: LevelReviewPolicy): boolean {
  return facts.assessment !== null && policy.supportedLevel[facts.assessment.riskLevel] !== facts.level;
}

/** The case's opportunity to step down, or null. Today is the agency's calendar day. */
export function opportunityOf(facts: CaseFacts, policy: LevelReviewPolicy, today: string): Opportunity | null {
  const criteria: LevelReviewCriterion[] = [];
  let suggested: Level | null = null;
  if (facts.assessment) {
    const supported = policy.supportedLevel[facts.assessment.riskLevel];
    if (levelRank(facts.level) > levelRank(supported)) {
      criteria.push({
        kind: "level_above_assessment",
        riskLevel: facts.assessment.riskLevel,
        supportedLevel: supported,
        assessedAt: facts.assessment.completedAt,
      });
      suggested = supported;
    }
  }
  const { months } = policy.complianceStreak;
  if (facts.level !== "administrative" && daysBetween(facts.streakFrom, monthsBefore(today, months)) >= 0) {
    criteria.push({ kind: "compliance_streak", months, since: facts.streakFrom });
    suggested ??= levelOrder[levelRank(facts.level) - 1]!;
  }
  if (!suggested) return null;
  // What the opportunity is: a decision holds while these stay the same (a new assessment, concern or level is a new one).
  const key = [facts.level, ...criteria.map((criterion) => criterion.kind), facts.assessment?.id ?? "-", facts.streakFrom].join("|");
  return { suggestedLevel: suggested, criteria, key };
}

export type LastDecision = { key: string; decision: "actioned" | "denied" | "snoozed"; snoozedUntil: string | null } | null;

/**
 * Whether an opportunity is listed given the case's last decision: a denial holds while the opportunity is the same,
 * a snooze until its day; listed again once the day has come (answers that day, to say so). Shared with early discharge.
 */
export { listedAfter } from "../../platform/opportunities";
