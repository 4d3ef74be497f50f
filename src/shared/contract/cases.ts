import { z } from "zod";
import { expectedVersion, isoDate, recordVersion } from "./common";
import { condition } from "./conditions";

export const supervisionType = z.enum(["parole", "probation"]);

export const population = z.enum(["adult", "juvenile"]);

export const caseStatus = z.enum(["pre_release", "active", "warrant", "in_custody", "tolled", "closed"]);

export const closureReason = z.enum(["successful_completion", "early_discharge", "revoked", "absconded", "deceased", "transferred"]);

export const supervisionLevel = z.enum(["intensive", "high", "moderate", "low", "administrative"]);

export const riskLevel = z.enum(["low", "moderate", "high", "very_high"]);

export const caseloadTag = z.enum([
  "sex_offense",
  "substance_use",
  "mental_health",
  "gang",
  "electronic_monitoring",
  "reentry",
  "employment",
  "homeless",
  "veterans",
  "high_risk",
]);

/** One change of level, risk, status or tags, with the reason given. */
export const caseChange = z.object({
  field: z.enum(["supervision_level", "risk_level", "status", "tags"]),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  reason: z.string(),
  changedBy: z.string().nullable(),
  changedAt: z.iso.datetime(),
});

export const supervisionCase = z
  .object({
    id: z.uuid(),
    version: recordVersion,
    caseNumber: z.string(),
    supervisionType,
    population,
    authorityName: z.string(),
    docketNumber: z.string().nullable(),
    supervisionStart: isoDate,
    expectedEnd: isoDate.nullable(),
    actualEnd: isoDate.nullable(),
    status: caseStatus,
    closureReason: closureReason.nullable(),
    supervisionLevel,
    riskLevel: riskLevel.nullable(),
    tags: z.array(caseloadTag),
    unit: z.object({ id: z.uuid(), name: z.string() }),
    officer: z.object({ id: z.uuid(), displayName: z.string() }),
    changes: z.array(caseChange).describe("Level, risk, status and tag changes, newest first"),
    coOfficers: z.array(z.object({ id: z.uuid(), displayName: z.string() })),
    offenses: z.array(
      z.object({
        description: z.string(),
        statute: z.string().nullable(),
        severity: z.enum(["felony", "misdemeanor"]),
        convictedOn: isoDate.nullable(),
      }),
    ),
    conditions: z.array(condition),
    assignments: z.array(
      z.object({
        officerName: z.string(),
        unitName: z.string(),
        startedAt: z.iso.datetime(),
        endedAt: z.iso.datetime().nullable(),
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: "SupervisionCase" });
export type SupervisionCase = z.infer<typeof supervisionCase>;

/** A transfer is a change of the case: two supervisors moving it at once, the second gets 409 edit_conflict. */
export const transferBody = z.strictObject({
  officerId: z.uuid(),
  reason: z.string().trim().min(1, "give the reason for the transfer").max(500),
  expectedVersion,
});

/** A co-officer shares the case (and its access) with the supervising officer; a change of the case, so versioned. */
export const coOfficerBody = z.strictObject({ officerId: z.uuid(), expectedVersion });

/** Removing a co-officer: the version of the case the page showed. */
export const removeCoOfficerQuery = z.strictObject({ expectedVersion: z.coerce.number().pipe(expectedVersion) });

export const caseUpdateBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1, "give the reason for the change")
    .max(500)
    .optional()
    .describe("Required when the level, risk, status or tags change; kept in the case's history"),
  expectedVersion,
  supervisionLevel: supervisionLevel.optional(),
  riskLevel: riskLevel.nullable().optional(),
  status: caseStatus.optional(),
  closureReason: closureReason.optional(),
  actualEnd: isoDate.optional(),
  expectedEnd: isoDate.nullable().optional(),
  tags: z.array(caseloadTag).max(10).optional(),
});

export const caseSummary = z
  .object({ caseId: z.uuid(), personId: z.uuid(), caseNumber: z.string(), personName: z.string() })
  .meta({ id: "CaseSummary" });
