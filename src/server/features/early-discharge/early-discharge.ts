// Early and earned discharge eligibility (issue 13 §5): pure rules over the facts the queries load. The criteria are
// the agency's policy, a checked data file beside this one (early-discharge-policy.json): the share of the term served,
// a compliance streak, no open violation, every condition complete. Fees are not tracked, so that criterion is off.
import { join } from "node:path";
import { z } from "zod";
import type { EarlyDischargeCriterion } from "../../../shared/contract/early-discharge";
import { addDays, daysBetween, monthsBefore } from "../../../shared/time/calendar-date";
import { supervisionEventKinds } from "../../platform/events/supervision-events";
import { policyFile } from "../../platform/opportunities";

export const earlyDischargePolicy = z
  .strictObject({
    description: z.string().optional(),
    termServed: z.strictObject({ enabled: z.boolean(), share: z.number().gt(0).max(1) }),
    complianceStreak: z.strictObject({
      enabled: z.boolean(),
      months: z.number().int().min(1).max(120),
      concerns: z.array(z.enum(supervisionEventKinds)).min(1),
    }),
    noOpenViolations: z.strictObject({ enabled: z.boolean() }),
    conditionsComplete: z.strictObject({ enabled: z.boolean() }),
    feesPaid: z.strictObject({
      enabled: z.literal(false, { error: "Fees are not tracked in Waypoint: feesPaid cannot be enabled" }),
    }),
  })
  .refine((policy) => policy.termServed.enabled || policy.complianceStreak.enabled, {
    message: "Enable the term served or the compliance streak: without either every case would be eligible from its first day",
  });
export type EarlyDischargePolicy = z.infer<typeof earlyDischargePolicy>;

export const loadEarlyDischargePolicy: () => EarlyDischargePolicy = policyFile(
  join(import.meta.dirname, "early-discharge-policy.json"),
  earlyDischargePolicy,
);

export type DischargeFacts = {
  supervisionStart: string;
  expectedEnd: string | null;
  /** The latest concern: a standing supervision event of the policy's kinds or a violation not withdrawn. */
  lastConcern: { kind: string; on: string; recordType: "supervision_event" | "violation"; recordId: string } | null;
  openViolations: { id: string; type: string; occurredAt: string }[];
  /** The case's current conditions (the latest version, not ended before today). */
  conditions: { id: string; title: string; compliance: "pending" | "compliant" | "non_compliant" | "not_applicable" }[];
};

export type Eligibility = { eligible: boolean; criteria: EarlyDischargeCriterion[]; key: string };

/** The first day `share` of the term from start to end has been served (the share's days rounded up). */
export function termShareServedOn(start: string, end: string, share: number): string {
  return addDays(start, Math.ceil(daysBetween(start, end) * share - 1e-9));
}

/** Each enabled criterion, met or not, with its evidence; eligible when all are met. Today is the agency's day. */
export function evaluateEligibility(facts: DischargeFacts, policy: EarlyDischargePolicy, today: string): Eligibility {
  const criteria: EarlyDischargeCriterion[] = [];
  const streakSince = facts.lastConcern && facts.lastConcern.on > facts.supervisionStart ? facts.lastConcern.on : facts.supervisionStart;
  if (policy.termServed.enabled) {
    const { share } = policy.termServed;
    const eligibleFrom = facts.expectedEnd ? termShareServedOn(facts.supervisionStart, facts.expectedEnd, share) : null;
    criteria.push({
      kind: "term_served",
      met: eligibleFrom !== null && today >= eligibleFrom,
      share,
      supervisionStart: facts.supervisionStart,
      expectedEnd: facts.expectedEnd,
      eligibleFrom,
      daysServed: Math.max(0, daysBetween(facts.supervisionStart, today)),
      termDays: facts.expectedEnd ? daysBetween(facts.supervisionStart, facts.expectedEnd) : null,
    });
  }
  if (policy.complianceStreak.enabled) {
    const { months } = policy.complianceStreak;
    criteria.push({
      kind: "compliance_streak",
      met: streakSince <= monthsBefore(today, months),
      months,
      since: streakSince,
      lastConcern: facts.lastConcern,
    });
  }
  if (policy.noOpenViolations.enabled) {
    criteria.push({ kind: "no_open_violations", met: facts.openViolations.length === 0, openViolations: facts.openViolations });
  }
  if (policy.conditionsComplete.enabled) {
    const outstanding = facts.conditions.flatMap((condition) =>
      condition.compliance === "pending" || condition.compliance === "non_compliant"
        ? [{ id: condition.id, title: condition.title, compliance: condition.compliance }]
        : [],
    );
    criteria.push({ kind: "conditions_complete", met: outstanding.length === 0, conditions: facts.conditions.length, outstanding });
  }
  // What the opportunity is: a denial holds while the term and the streak stay the same (a new concern or end date is
  // a new opportunity).
  const key = [facts.supervisionStart, facts.expectedEnd ?? "-", streakSince].join("|");
  return { eligible: criteria.every((criterion) => criterion.met), criteria, key };
}

/** Days an active case is past its expected end date (0 when it is not, or has none). */
export function daysPastExpectedEnd(expectedEnd: string | null, today: string): number {
  return expectedEnd ? Math.max(0, daysBetween(expectedEnd, today)) : 0;
}

/** The authority an early-discharge request goes to: the parole board for parole, the court for probation. */
export const authorityOf = (supervisionType: "parole" | "probation") => (supervisionType === "parole" ? "parole_board" : "court");
