import { z } from "zod";
import { riskLevel, supervisionLevel } from "./cases";
import { expectedVersion, isoDate, recordVersion } from "./common";
import { opportunityDenyBody, opportunityReasonUpTo, opportunitySnoozeBody } from "./opportunities";

/** The supervision levels, lowest to highest: a level review only ever lowers a case along this order. */
export const levelOrder: readonly z.infer<typeof supervisionLevel>[] = ["administrative", "low", "moderate", "high", "intensive"];

/** Why a case may be supervised at a lower level: one or both of these. */
export const levelReviewCriterion = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("level_above_assessment"),
    riskLevel,
    supportedLevel: supervisionLevel.describe("The highest level the assessment's risk level supports"),
    assessedAt: z.iso.datetime(),
  }),
  z.object({
    kind: z.literal("compliance_streak"),
    months: z.number().int().describe("The agency's streak length"),
    since: isoDate.describe("No concern (missed contact, positive test, …) since this day, at this level"),
  }),
]);
export type LevelReviewCriterion = z.infer<typeof levelReviewCriterion>;

export const levelReviewOpportunity = z
  .object({
    caseId: z.uuid(),
    personId: z.uuid(),
    personName: z.string(),
    caseNumber: z.string(),
    officer: z.object({ id: z.uuid(), displayName: z.string() }),
    supervisionLevel,
    riskLevel: riskLevel.nullable(),
    suggestedLevel: supervisionLevel,
    criteria: z.array(levelReviewCriterion).min(1),
    opportunityKey: z.string().describe("Send it back with a decision: a decision on facts that changed meanwhile is a 409"),
    caseVersion: recordVersion.describe("The case's version, for lowering its level"),
    snoozeEnded: isoDate.nullable().describe("It was snoozed until this day, which has come"),
  })
  .meta({ id: "LevelReviewOpportunity" });
export type LevelReviewOpportunity = z.infer<typeof levelReviewOpportunity>;

export const levelReviewQuery = z.strictObject({
  officerId: z.uuid().optional().describe("Supervisors: one officer's cases (default: every case the reader may read)"),
});

export const levelReviewList = z
  .object({
    opportunities: z.array(levelReviewOpportunity),
    byOfficer: z
      .array(
        z.object({
          officer: z.object({ id: z.uuid(), displayName: z.string() }),
          mismatches: z.number().int().describe("Active cases whose level differs from what their latest assessment supports"),
          opportunities: z.number().int(),
          cases: z.number().int().describe("Active cases"),
        }),
      )
      .describe("The level/risk mismatch count per officer (supervisors' view; an officer sees their own)"),
    streakMonths: z.number().int(),
  })
  .meta({ id: "LevelReviewList" });
export type LevelReviewList = z.infer<typeof levelReviewList>;

const reasonUpTo = (max: number) => opportunityReasonUpTo(max);
/** The case's change history keeps an acted-on review's reason after this prefix, within its 500 characters. */
export const levelReviewReasonPrefix = "Level review: ";

export const levelReviewSnoozeBody = opportunitySnoozeBody;
export const levelReviewDenyBody = opportunityDenyBody;
export const levelReviewActionBody = z.strictObject({
  opportunityKey: z.string().min(1).max(300),
  reason: reasonUpTo(500 - levelReviewReasonPrefix.length),
  level: supervisionLevel.describe("The new, lower level"),
  expectedVersion,
});
