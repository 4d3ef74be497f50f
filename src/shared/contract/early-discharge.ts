import { z } from "zod";
import { supervisionType } from "./cases";
import { isoDate } from "./common";
import { opportunityDenyBody, opportunityKey, opportunityReasonUpTo, opportunitySnoozeBody } from "./opportunities";

/** Each criterion of the agency's early-discharge policy, met or not, with the evidence it was judged on. */
export const earlyDischargeCriterion = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("term_served"),
    met: z.boolean(),
    share: z.number().describe("The share of the term (start to expected end) to have served, e.g. 0.5"),
    supervisionStart: isoDate,
    expectedEnd: isoDate.nullable().describe("null: the case has no expected end date, so the share cannot be met"),
    eligibleFrom: isoDate.nullable().describe("The first day the share is served"),
    daysServed: z.number().int(),
    termDays: z.number().int().nullable(),
  }),
  z.object({
    kind: z.literal("compliance_streak"),
    met: z.boolean(),
    months: z.number().int(),
    since: isoDate.describe("No violation, positive test, missed appointment or other concern since this day"),
    lastConcern: z
      .object({
        kind: z.string().describe("The supervision event's kind or the violation's type"),
        on: isoDate,
        recordType: z.enum(["supervision_event", "violation"]),
        recordId: z.uuid(),
      })
      .nullable()
      .describe("The latest concern (none since the start: null)"),
  }),
  z.object({
    kind: z.literal("no_open_violations"),
    met: z.boolean(),
    openViolations: z.array(z.object({ id: z.uuid(), type: z.string(), occurredAt: z.iso.datetime() })),
  }),
  z.object({
    kind: z.literal("conditions_complete"),
    met: z.boolean(),
    conditions: z.number().int().describe("Current conditions"),
    outstanding: z
      .array(z.object({ id: z.uuid(), title: z.string(), compliance: z.enum(["pending", "non_compliant"]) }))
      .describe("Current conditions not yet marked compliant (or not applicable)"),
  }),
]);
export type EarlyDischargeCriterion = z.infer<typeof earlyDischargeCriterion>;

export const dischargeAuthority = z.enum(["parole_board", "court"]);

export const earlyDischargeRecommendation = z
  .object({
    id: z.uuid(),
    status: z.enum(["awaiting_approval", "approved", "returned"]),
    note: z.string(),
    recommendedBy: z.object({ id: z.uuid(), displayName: z.string() }),
    recommendedAt: z.iso.datetime(),
    authority: dischargeAuthority.describe("Where the request goes: the parole board for parole, the court for probation"),
    authorityName: z.string(),
    reviewedBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    reviewedAt: z.iso.datetime().nullable(),
    reviewReason: z.string().nullable(),
    criteria: z.array(earlyDischargeCriterion).describe("The criteria as they stood when it was recommended"),
  })
  .meta({ id: "EarlyDischargeRecommendation" });
export type EarlyDischargeRecommendation = z.infer<typeof earlyDischargeRecommendation>;

export const earlyDischargeState = z
  .object({
    caseId: z.uuid(),
    supervisionType,
    expectedEnd: isoDate.nullable(),
    daysPastExpectedEnd: z.number().int().describe("Days the active case is past its expected end date (0: not past it)"),
    evaluation: z
      .object({
        eligible: z.boolean(),
        evaluatedAt: z.iso.datetime(),
        criteria: z.array(earlyDischargeCriterion),
        opportunityKey,
      })
      .nullable()
      .describe("The latest evaluation (nightly, or on demand); null: not evaluated yet"),
    listed: z.boolean().describe("Eligible and not recommended, denied or snoozed: the officer has a decision to make"),
    snoozeEnded: isoDate.nullable(),
    lastDecision: z
      .object({
        decision: z.enum(["recommended", "denied", "snoozed"]),
        reason: z.string(),
        snoozedUntil: isoDate.nullable(),
        decidedBy: z.string(),
        decidedAt: z.iso.datetime(),
        current: z.boolean().describe("It decided on the opportunity as it stands now"),
      })
      .nullable(),
    recommendations: z.array(earlyDischargeRecommendation).describe("Newest first"),
    feesTracked: z.literal(false).describe("Fees and their payments are not tracked, so no criterion asks about them"),
  })
  .meta({ id: "EarlyDischargeState" });
export type EarlyDischargeState = z.infer<typeof earlyDischargeState>;

export const earlyDischargeSnoozeBody = opportunitySnoozeBody;
export const earlyDischargeDenyBody = opportunityDenyBody;
export const earlyDischargeRecommendBody = z.strictObject({
  opportunityKey,
  note: opportunityReasonUpTo(2000, "Write a note for the supervisor"),
});
export const earlyDischargeReviewBody = z
  .strictObject({
    decision: z.enum(["approved", "returned"], { error: "Choose approve or return" }),
    reason: z.string().trim().max(2000, "Keep the reason under 2000 characters").optional(),
  })
  .refine((body) => body.decision === "approved" || (body.reason ?? "").length > 0, {
    path: ["reason"],
    message: "Give the reason for returning it",
  });
