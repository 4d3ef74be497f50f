import { z } from "zod";
import { riskLevel, supervisionLevel } from "./cases";
import { expectedVersion, recordVersion } from "./common";
import { contactRequirementKind } from "./contacts";

const instrumentKey = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9_]*$/, "an instrument or item id: lower-case letters, digits and underscores");

/** An answer: a choice's value, a list of values, a whole number, yes/no, a YYYY-MM-DD date, or null to clear it. */
const answer = z.union([z.string().max(200), z.array(z.string().max(200)).max(50), z.number(), z.boolean(), z.null()]);

export const assessmentAnswers = z.record(z.string().max(100), answer);

export const assessmentStartBody = z.strictObject({ instrumentId: instrumentKey });

/** Partial save: the answers given replace those stored for the same items; null clears one. */
export const assessmentSaveBody = z.strictObject({ answers: assessmentAnswers, expectedVersion });

export const assessmentCompleteBody = z.strictObject({ expectedVersion });

export const assessmentScore = z.object({
  items: z.array(
    z.object({ item: z.string(), domain: z.string(), status: z.enum(["answered", "unanswered", "not_asked"]), points: z.number() }),
  ),
  domains: z.array(
    z.object({
      domain: z.string(),
      kind: z.enum(["risk_need", "strength"]),
      score: z.number(),
      min: z.number(),
      max: z.number(),
      flagged: z.boolean(),
    }),
  ),
  total: z.number(),
  totalRange: z.object({ min: z.number(), max: z.number() }),
  missing: z.array(z.string()),
  category: z.object({ id: z.string(), label: z.string() }).nullable(),
  flags: z.array(z.object({ id: z.string(), label: z.string(), severity: z.enum(["crisis", "attention"]), action: z.string() })),
});

const person = z.object({ id: z.uuid(), displayName: z.string() });

export const assessment = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  instrument: z.object({ id: z.string(), version: z.number().int(), title: z.string() }),
  status: z.enum(["in_progress", "completed"]),
  answers: assessmentAnswers,
  /** Live while in progress; as completed (kept with the assessment) afterwards. */
  score: assessmentScore,
  riskLevel: riskLevel.nullable(),
  /** The supervision level the category sets (null for a screener, or while in progress). */
  supervisionLevel: supervisionLevel.nullable(),
  startedBy: person,
  startedAt: z.iso.datetime(),
  completedBy: person.nullable(),
  completedAt: z.iso.datetime().nullable(),
  version: recordVersion,
});

export type Assessment = z.infer<typeof assessment>;

/** One assessment in a case's list: what it found, who and when. */
export const assessmentSummary = z.object({
  id: z.uuid(),
  instrument: z.object({ id: z.string(), version: z.number().int(), title: z.string(), purpose: z.enum(["risk_needs", "screener"]) }),
  status: z.enum(["in_progress", "completed"]),
  total: z.number().nullable(),
  category: z.object({ id: z.string(), label: z.string() }).nullable(),
  riskLevel: riskLevel.nullable(),
  supervisionLevel: supervisionLevel.nullable(),
  startedBy: person,
  startedAt: z.iso.datetime(),
  completedBy: person.nullable(),
  completedAt: z.iso.datetime().nullable(),
});

export const overrideStatus = z.enum(["requested", "approved", "denied"]);

/** A request to supervise at another level than the assessment sets, decided by a supervisor who did not ask. */
export const assessmentOverride = z.object({
  id: z.uuid(),
  assessmentId: z.uuid(),
  caseId: z.uuid(),
  assessedLevel: supervisionLevel,
  requestedLevel: supervisionLevel,
  reason: z.string(),
  status: overrideStatus,
  requestedBy: person,
  requestedAt: z.iso.datetime(),
  decidedBy: person.nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionReason: z.string().nullable(),
});
export type AssessmentOverride = z.infer<typeof assessmentOverride>;

export const overrideRequestBody = z.strictObject({
  supervisionLevel: supervisionLevel.describe("The level asked for instead of the one the assessment sets"),
  reason: z.string().trim().min(1, "Give the reason for the override").max(1000),
});

export const overrideDecisionBody = z.strictObject({
  decision: z.enum(["approved", "denied"]),
  reason: z.string().trim().max(1000).optional().describe("Required when denying"),
});

/** A contact requirement as facts: at least `count` contacts of `kind` every `periodMonths` months. */
const requirementFacts = z.object({ kind: contactRequirementKind, count: z.number().int(), periodMonths: z.number().int() });

/** The latest level change of the last 7 days and what it changed in the contact standards (the person page's banner). */
export const levelChangeNotice = z.object({
  from: supervisionLevel,
  to: supervisionLevel,
  effectiveOn: z.iso.date(),
  cause: z.enum(["manual", "assessment", "override", "event", "violation_response"]),
  changedBy: z.string().nullable(),
  before: z.array(requirementFacts),
  after: z.array(requirementFacts),
});

/** The person page's Assessments section: the list, overrides, the instruments to start, the next due day and the banner. */
export const caseAssessments = z.object({
  assessments: z.array(assessmentSummary).describe("Newest first"),
  overrides: z.array(assessmentOverride).describe("Newest first"),
  instruments: z.array(
    z.object({ id: z.string(), version: z.number().int(), title: z.string(), purpose: z.enum(["risk_needs", "screener"]) }),
  ),
  reassessmentDueOn: z.iso.date().nullable().describe("The standing assessment-due task's day, if any"),
  levelChange: levelChangeNotice.nullable(),
});
export type CaseAssessments = z.infer<typeof caseAssessments>;

export const instrumentVersionParams = z.strictObject({
  id: instrumentKey,
  version: z.coerce.number().int().positive(),
});

/**
 * An administrator's import of the agency's own instrument: the definition (checked exactly as the shipped files are)
 * and, for a risk and needs instrument, the level each category sets (the shipped ones keep these in their tables).
 */
export const instrumentImportBody = z.strictObject({
  definition: z.unknown().describe("The instrument definition, as in the shipped instruments/ files"),
  riskLevels: z.record(z.string().max(100), riskLevel).optional().describe("Category → risk level; risk and needs instruments only"),
  supervisionLevels: z
    .record(z.string().max(100), supervisionLevel)
    .optional()
    .describe("Category → supervision level; risk and needs instruments only"),
});

export const instrumentStatus = z.enum(["draft", "active", "retired"]);

/** One instrument version in the agency's library: where it came from and whether officers may start it. */
export const instrumentLibraryEntry = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  purpose: z.enum(["risk_needs", "screener"]),
  description: z.string(),
  source: z.enum(["shipped", "imported"]),
  importedBy: z.string().nullable(),
  importedAt: z.iso.datetime().nullable(),
  status: instrumentStatus.describe("draft: imported, not yet published; active: officers start assessments on it; retired"),
  statusChangedBy: z.string().nullable(),
  statusChangedAt: z.iso.datetime().nullable(),
  domains: z.number().int(),
  items: z.number().int(),
  categories: z.array(z.object({ id: z.string(), label: z.string() })),
  assessmentsStarted: z.number().int(),
  assessmentsCompleted: z.number().int(),
});
export type InstrumentLibraryEntry = z.infer<typeof instrumentLibraryEntry>;

export const instrumentLibrary = z.object({ instruments: z.array(instrumentLibraryEntry).describe("By id, then version") });
export type InstrumentLibrary = z.infer<typeof instrumentLibrary>;
