import { z } from "zod";
import { expectedVersion, isoDate, recordVersion } from "./common";

const words = (max: number, what: string) =>
  z
    .string({ error: `Write ${what}` })
    .trim()
    .min(1, `Write ${what}`)
    .max(max, `Keep ${what} under ${max} characters`);

export const stepOwner = z.enum(["supervisee", "officer", "provider"]).describe("Who does the step; a provider is named in providerName");
export const stepStatus = z.enum(["open", "done"]);
export const agreementKind = z
  .enum(["signed", "verbal", "not_agreed"])
  .describe("How the supervisee agreed to the plan; not_agreed needs the reason");

/** A need or strength of the assessment the plan is built from: an instrument domain and how it scored. */
export const planDomain = z.object({
  domain: z.string(),
  title: z.string(),
  score: z.number(),
  max: z.number(),
});
export type PlanDomain = z.infer<typeof planDomain>;

/** SMART: specific (what), measurable (measure), time-bound (targetDate); achievable and relevant by agreement. */
export const objectiveInput = z.strictObject({
  description: words(500, "the objective"),
  measure: words(300, "how progress is measured"),
  targetDate: isoDate.describe("By when"),
});

export const stepInput = z.strictObject({
  description: words(500, "the step"),
  owner: stepOwner,
  providerName: z.string().trim().max(200).nullable().optional().describe("Required when the owner is a provider"),
  dueOn: isoDate.nullable().optional().describe("A step of the officer or the supervisee with a due day is also a task"),
  status: stepStatus.default("open").describe("A review carries done steps over as done"),
});

export const goalInput = z.strictObject({
  title: words(300, "the goal"),
  needDomain: z.string().max(100).nullable().optional().describe("A need of the assessment the plan is built from (its domain id)"),
  strengthDomains: z.array(z.string().max(100)).max(10).default([]).describe("Strengths of that assessment the goal builds on"),
  objectives: z.array(objectiveInput).min(1, "Give the goal at least one objective").max(10),
  steps: z.array(stepInput).min(1, "Give the goal at least one action step").max(20),
});

/**
 * A new plan, or (with expectedVersion of the active plan and a reason) its review: a new version replaces it and the
 * old one is kept read-only.
 */
export const casePlanBody = z.strictObject({
  goals: z.array(goalInput).min(1, "Give the plan at least one goal").max(10),
  reviewReason: z.string().trim().min(1).max(500).optional().describe("Required when the case already has a plan (a review)"),
  expectedVersion: expectedVersion.optional().describe("The active plan's version, when reviewing it"),
});
export type CasePlanInput = z.input<typeof casePlanBody>;

export const stepStatusBody = z.strictObject({ status: stepStatus, expectedVersion });

export const agreementBody = z.strictObject({
  kind: agreementKind,
  reason: z.string().trim().max(500).nullable().optional().describe("Why the supervisee could not agree"),
  on: isoDate.describe("When it was agreed (or discussed)"),
  expectedVersion,
});

const who = z.object({ id: z.uuid(), displayName: z.string() });

export const casePlanStep = z.object({
  id: z.uuid(),
  description: z.string(),
  owner: stepOwner,
  providerName: z.string().nullable(),
  dueOn: isoDate.nullable(),
  status: stepStatus,
  doneAt: z.iso.datetime().nullable(),
  doneBy: who.nullable(),
  /** The standing task this step made (officer's or supervisee's step with a due day). */
  hasTask: z.boolean(),
});

export const casePlanGoal = z.object({
  id: z.uuid(),
  title: z.string(),
  need: z.object({ domain: z.string(), title: z.string() }).nullable(),
  strengths: z.array(z.object({ domain: z.string(), title: z.string() })),
  objectives: z.array(z.object({ id: z.uuid(), description: z.string(), measure: z.string(), targetDate: isoDate })),
  steps: z.array(casePlanStep),
  progress: z.object({ done: z.number().int(), total: z.number().int() }).describe("Steps done of all steps"),
  completedAt: z.iso.datetime().nullable(),
});

export const casePlan = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    planNumber: z.number().int().describe("1 for the first plan, then one more at each review"),
    status: z.enum(["active", "superseded"]),
    assessment: z.object({ id: z.uuid(), completedAt: z.iso.datetime(), instrumentTitle: z.string() }).nullable(),
    reviewReason: z.string().nullable(),
    agreement: z
      .object({ kind: agreementKind, reason: z.string().nullable(), on: isoDate, recordedBy: who, recordedAt: z.iso.datetime() })
      .nullable(),
    goals: z.array(casePlanGoal),
    createdBy: who,
    createdAt: z.iso.datetime(),
    supersededAt: z.iso.datetime().nullable(),
    version: recordVersion,
  })
  .meta({ id: "CasePlan" });
export type CasePlan = z.infer<typeof casePlan>;

/** What the case plan section shows: the active plan, the earlier versions, and what to build from. */
export const casePlanOverview = z
  .object({
    active: casePlan.nullable(),
    earlier: z.array(casePlan).describe("Superseded versions, newest first, read-only"),
    buildFrom: z
      .object({
        assessmentId: z.uuid(),
        instrumentTitle: z.string(),
        completedAt: z.iso.datetime(),
        needs: z.array(planDomain).describe("Top needs first"),
        strengths: z.array(planDomain),
      })
      .nullable()
      .describe("The latest completed assessment's needs and strengths; null when the case has none"),
    reviewDue: z.boolean().describe("A newer assessment was completed than the one the active plan was built from: review the plan"),
  })
  .meta({ id: "CasePlanOverview" });
export type CasePlanOverview = z.infer<typeof casePlanOverview>;

export const planStepParams = z.strictObject({ id: z.uuid(), stepId: z.uuid() });
