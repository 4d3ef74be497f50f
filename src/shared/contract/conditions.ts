import { z } from "zod";
import { isoDate, optionalText, text } from "./common";

export const conditionKind = z.enum([
  "standard",
  "curfew",
  "drug_testing",
  "treatment",
  "no_contact",
  "geographic_restriction",
  "employment_education",
  "community_service",
  "fees",
  "electronic_monitoring",
  "travel_restriction",
]);
export type ConditionKind = z.infer<typeof conditionKind>;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a 24-hour time from 00:00 to 23:59");

const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

/** The typed parameters of each kind of condition; a parameter of the wrong type is a 400 naming it. */
export const conditionParameters = {
  standard: z.strictObject({}),
  curfew: z.strictObject({ start: clockTime, end: clockTime, days: z.array(weekday).min(1).max(7).optional() }),
  drug_testing: z.strictObject({
    frequency: z.enum(["random", "weekly", "twice_monthly", "monthly", "per_phase"]),
    testsPerMonth: z.number().int().min(1).max(31).optional(),
    substances: z.array(text(40)).max(20).optional(),
  }),
  treatment: z.strictObject({
    program: text(200),
    provider: optionalText(200),
    sessionsPerWeek: z.number().int().min(1).max(14).optional(),
  }),
  no_contact: z.strictObject({ personName: text(160), relationship: optionalText(80) }),
  geographic_restriction: z.strictObject({
    zone: z.enum(["exclusion", "inclusion"]),
    description: text(500),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    radiusMeters: z.number().int().min(10).max(100_000).optional(),
  }),
  employment_education: z.strictObject({
    requirement: z.enum(["maintain_employment", "seek_employment", "attend_school"]),
    hoursPerWeek: z.number().int().min(1).max(80).optional(),
  }),
  community_service: z.strictObject({ hours: z.number().int().min(1).max(2_000), dueBy: isoDate.optional() }),
  fees: z.strictObject({
    amountCents: z.number().int().min(1).max(100_000_000),
    frequency: z.enum(["once", "monthly"]),
    description: optionalText(200),
  }),
  electronic_monitoring: z.strictObject({ technology: z.enum(["gps", "radio_frequency", "alcohol"]) }),
  travel_restriction: z.strictObject({ area: text(200), permissionRequired: z.boolean() }),
} satisfies Record<ConditionKind, z.ZodType>;

export const condition = z.object({
  id: z.uuid(),
  conditionTypeId: z.uuid(),
  code: z.string(),
  title: z.string(),
  kind: conditionKind,
  parameters: z.record(z.string(), z.unknown()),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullable(),
  orderedBy: z.string(),
  compliance: z.enum(["pending", "compliant", "non_compliant", "not_applicable"]),
  supersedes: z.uuid().nullable(),
  supersededBy: z.uuid().nullable(),
});

export const conditionType = z
  .object({
    id: z.uuid(),
    code: z.string(),
    title: z.string(),
    kind: conditionKind,
    isStandard: z.boolean(),
    description: z.string().nullable(),
  })
  .meta({ id: "ConditionType" });

export const conditionTypeBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9_-]{2,20}$/, "use 2 to 20 capital letters, digits, dashes or underscores"),
  title: text(200),
  kind: conditionKind,
  isStandard: z.boolean().default(false),
  description: optionalText(2000),
});

export const attachConditionBody = z.strictObject({
  conditionTypeId: z.uuid(),
  parameters: z.record(z.string(), z.unknown()).default({}),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullable().optional(),
  orderedBy: text(200).describe("The ordering authority: the parole board or the court"),
});

export const modifyConditionBody = attachConditionBody.omit({ conditionTypeId: true });

export const complianceBody = z.strictObject({ compliance: z.enum(["pending", "compliant", "non_compliant", "not_applicable"]) });

/** Ends a condition: the last day it is in force, and why (kept in the audit log). */
export const endConditionBody = z.strictObject({
  effectiveTo: isoDate.describe("The last day the condition is in force"),
  reason: text(500),
});

export const modificationRequestStatus = z.enum(["drafted", "submitted", "granted", "denied"]);

/** What a request asks the authority for: a new condition, a change to one (new parameters), or its end. */
export const modificationRequestChange = z.enum(["add", "change", "end"]);

export const modificationRequestBody = z.strictObject({
  conditionId: z.uuid().nullable().optional().describe("The condition to change or end; omit to ask for a new one"),
  conditionTypeId: z.uuid(),
  change: modificationRequestChange.optional().describe("Defaults to change when conditionId is given, else add"),
  proposedParameters: z.record(z.string(), z.unknown()).default({}),
  justification: text(4000),
});

export const modificationRequest = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    conditionId: z.uuid().nullable(),
    conditionTypeId: z.uuid(),
    conditionTitle: z.string(),
    kind: conditionKind.describe("The condition's kind: its parameters are that kind's (conditionParameters)"),
    change: modificationRequestChange,
    proposedParameters: z.record(z.string(), z.unknown()),
    justification: z.string(),
    status: modificationRequestStatus,
    createdBy: z.uuid(),
    createdByName: z.string(),
    createdAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().nullable(),
    decidedByName: z.string().nullable(),
    /** The condition version a grant made (a new condition or a new version), or the one it ended. */
    resultingConditionId: z.uuid().nullable(),
  })
  .meta({ id: "ConditionModificationRequest" });

/** A request awaiting a supervisor's decision, with whose record it is (the unit list). */
export const pendingModificationRequest = modificationRequest
  .extend({ personId: z.uuid(), personName: z.string(), caseNumber: z.string() })
  .meta({ id: "PendingConditionModificationRequest" });
