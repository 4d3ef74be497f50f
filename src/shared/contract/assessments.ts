import { z } from "zod";
import { riskLevel } from "./cases";
import { expectedVersion, recordVersion } from "./common";

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
  startedBy: person,
  startedAt: z.iso.datetime(),
  completedBy: person.nullable(),
  completedAt: z.iso.datetime().nullable(),
  version: recordVersion,
});

export type Assessment = z.infer<typeof assessment>;
