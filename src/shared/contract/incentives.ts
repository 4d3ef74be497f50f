import { z } from "zod";
import { expectedVersion, recordVersion } from "./common";

/** The shipped incentives, and `agency_defined` for one of the agency's own (named in agencyKind). */
export const incentiveKinds = [
  "praise",
  "reduced_reporting",
  "travel_permission",
  "certificate",
  "curfew_relaxation",
  "early_discharge_recommendation",
  "agency_defined",
] as const;
export const incentiveKind = z.enum(incentiveKinds, { error: "Choose an incentive" });
export type IncentiveKind = z.infer<typeof incentiveKind>;

export const incentiveKindLabels: Record<IncentiveKind, string> = {
  praise: "Praise",
  reduced_reporting: "Reduced reporting",
  travel_permission: "Travel permission",
  certificate: "Certificate of achievement",
  curfew_relaxation: "Curfew relaxation",
  early_discharge_recommendation: "Early discharge recommendation",
  agency_defined: "The agency's own incentive",
};

/** The positive supervision events an incentive can reward (achievements). */
export const achievementKinds = ["negative_test_streak", "employment_verified", "goal_completed", "programme_completed"] as const;
export const achievementKind = z.enum(achievementKinds);
export type AchievementKind = z.infer<typeof achievementKind>;
export const achievementKindLabels: Record<AchievementKind, string> = {
  negative_test_streak: "Run of negative drug tests",
  employment_verified: "Employment verified",
  goal_completed: "Case plan goal completed",
  programme_completed: "Programme completed",
};

/** The period a ratio counts, as calendar days in the agency's time zone, both included. */
export const ratioPeriod = z.object({ from: z.iso.date(), to: z.iso.date() });

/**
 * Incentives against sanctions in a period. A sanction is a violation response that was chosen and stands: to carry
 * out or carried out, counted on the day it was chosen; one awaiting a supervisor's approval, refused or cancelled
 * is not counted.
 */
export const ratioFacts = z.object({
  incentives: z.number().int(),
  sanctions: z.number().int(),
  ratio: z.number().nullable().describe("Incentives per sanction, to one decimal; null when there was no sanction"),
  meetsTarget: z
    .boolean()
    .nullable()
    .describe("At or above the agency's target; with no sanction, true when there was an incentive; null: neither"),
});
export type RatioFacts = z.infer<typeof ratioFacts>;

const achievementFacts = z.object({
  eventId: z.uuid(),
  kind: achievementKind,
  occurredAt: z.iso.datetime(),
  goalTitle: z.string().nullable().describe("The goal, for a goal completed"),
  withdrawn: z.boolean(),
});

export const incentive = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    kind: incentiveKind,
    agencyKind: z.string().nullable(),
    givenOn: z.iso.date(),
    note: z.string().nullable(),
    achievement: achievementFacts.nullable().describe("The positive supervision event it rewards, if any"),
    goal: z.object({ id: z.uuid(), title: z.string() }).nullable().describe("The case plan goal it rewards, if any"),
    recordedByName: z.string(),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: "Incentive" });
export type Incentive = z.infer<typeof incentive>;

export const caseIncentivesQuery = z.strictObject({
  from: z.iso.date({ error: "Give the first day as a date" }).optional().describe("Default: six months before today"),
  to: z.iso.date({ error: "Give the last day as a date" }).optional().describe("Default: today"),
});

export const caseIncentives = z
  .object({
    period: ratioPeriod,
    targetRatio: z.number().describe("The agency's target: incentives per sanction"),
    ratio: ratioFacts.describe("This case in the period"),
    incentives: z.array(incentive).describe("Every incentive of the case, newest first"),
    achievements: z
      .array(achievementFacts.extend({ acknowledged: z.boolean().describe("An incentive already rewards it") }))
      .describe("The case's achievements of the last year that stand, newest first: what an incentive may reward"),
    goals: z.array(z.object({ id: z.uuid(), title: z.string(), completed: z.boolean() })).describe("The active case plan's goals"),
    agencyKinds: z.array(z.string()).describe("The agency's own incentives, besides the shipped ones"),
  })
  .meta({ id: "CaseIncentives" });
export type CaseIncentives = z.infer<typeof caseIncentives>;

export const newIncentiveBody = z.strictObject({
  kind: incentiveKind,
  agencyKind: z.string().trim().min(1).max(80).nullable().optional().describe("Which of the agency's own, for agency_defined"),
  givenOn: z.iso.date({ error: "Give the day as a date" }),
  note: z.string().trim().max(1000, "Keep the note under 1,000 characters").nullable().optional(),
  eventId: z.uuid({ error: "Choose one of the listed achievements" }).nullable().optional(),
  goalId: z.uuid({ error: "Choose one of the listed goals" }).nullable().optional(),
});

export const unitIncentivesQuery = z.strictObject({
  unitId: z.uuid().optional().describe("The unit; the supervisor's own when left out"),
  from: z.iso.date({ error: "Give the first day as a date" }).optional().describe("Default: six months before today"),
  to: z.iso.date({ error: "Give the last day as a date" }).optional().describe("Default: today"),
});

export const unitIncentives = z
  .object({
    unitId: z.uuid(),
    unitName: z.string(),
    period: ratioPeriod,
    targetRatio: z.number(),
    unit: ratioFacts.describe("Every incentive and sanction on the unit's cases"),
    officers: z
      .array(ratioFacts.extend({ officerId: z.uuid(), officerName: z.string() }))
      .describe("Each officer of the unit: the incentives they recorded and the sanctions they chose on the unit's cases"),
  })
  .meta({ id: "UnitIncentives" });
export type UnitIncentives = z.infer<typeof unitIncentives>;

export const incentiveSettings = z
  .object({ targetRatio: z.number(), agencyKinds: z.array(z.string()), version: recordVersion })
  .meta({ id: "IncentiveSettings" });
export type IncentiveSettings = z.infer<typeof incentiveSettings>;

export const incentiveSettingsBody = z.strictObject({
  targetRatio: z
    .number({ error: "Give the target as a number of incentives per sanction" })
    .min(0.5, "The target is at least 0.5 incentives per sanction")
    .max(20, "The target is at most 20 incentives per sanction"),
  agencyKinds: z
    .array(z.string().trim().min(1, "Name each incentive").max(80, "Keep each name under 80 characters"))
    .max(20, "At most 20 incentives of the agency's own"),
  expectedVersion,
});
