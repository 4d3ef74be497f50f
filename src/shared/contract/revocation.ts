// Revocation and recall recommendations, and absconding (issue 13 §6). Parole: a recall / revocation recommendation to
// the parole board; probation: a revocation petition to the court. The words follow the case's authority.
import { z } from "zod";
import { riskLevel, supervisionType } from "./cases";
import { expectedVersion, recordVersion } from "./common";
import { incentiveKind } from "./incentives";
import { responseKind, responseStatus, violationSeverity, violationStatus, violationType } from "./violations";

export const revocationAuthority = z.enum(["parole_board", "court"]);
export type RevocationAuthority = z.infer<typeof revocationAuthority>;

/** The officer's recommendation. */
export const revocationRecommendationKinds = ["revoke", "continue_modified", "no_revocation"] as const;
export const revocationRecommendationKind = z.enum(revocationRecommendationKinds, { error: "Choose your recommendation" });
export type RevocationRecommendationKind = z.infer<typeof revocationRecommendationKind>;

/** The recommendation in words, by the authority (parole: recall to the board; probation: a petition to the court). */
export function recommendationWords(kind: RevocationRecommendationKind, authority: RevocationAuthority): string {
  switch (kind) {
    case "revoke":
      return authority === "parole_board" ? "Recall and revoke parole" : "Revoke probation";
    case "continue_modified":
      return "Continue supervision with modified conditions";
    case "no_revocation":
      return authority === "parole_board" ? "No recall" : "No revocation";
  }
}

/** What the case file is called, by the authority. */
export const revocationTitle = (authority: RevocationAuthority) =>
  authority === "parole_board" ? "Recall and revocation recommendation to the parole board" : "Revocation petition to the court";

/**
 * draft: the officer builds the file; awaiting_decision: a supervisor of the unit decides; referred: approved, it goes
 * to the authority (the document); no_revocation: decided against, with a letter to the person.
 */
export const revocationStatus = z.enum(["draft", "awaiting_decision", "referred", "no_revocation"]);
export type RevocationStatus = z.infer<typeof revocationStatus>;

/** The responses, incentives and referrals of the case: what was tried before revocation. */
export const revocationHistory = z.object({
  responses: z.array(
    z.object({
      response: responseKind,
      status: responseStatus,
      violationType,
      proposedAt: z.iso.datetime(),
      dueOn: z.iso.date(),
      note: z.string().nullable(),
    }),
  ),
  incentives: z.array(z.object({ kind: incentiveKind, label: z.string(), givenOn: z.iso.date(), note: z.string().nullable() })),
});
export type RevocationHistory = z.infer<typeof revocationHistory>;

/** The current risk: the latest completed assessment, and the case's risk level. */
export const revocationRisk = z.object({
  caseRiskLevel: riskLevel.nullable(),
  assessment: z
    .object({
      instrumentId: z.string(),
      completedAt: z.iso.datetime(),
      total: z.number().nullable(),
      category: z.string().nullable(),
      riskLevel: riskLevel.nullable(),
    })
    .nullable(),
});
export type RevocationRisk = z.infer<typeof revocationRisk>;

export const revocationViolation = z.object({
  id: z.uuid(),
  type: violationType,
  severity: violationSeverity,
  occurredAt: z.iso.datetime(),
  description: z.string().nullable(),
  personsAccount: z.string().nullable(),
  status: violationStatus,
  evidence: z.array(z.object({ sourceType: z.string(), occurredAt: z.iso.datetime(), withdrawn: z.boolean() })),
});

export const revocationRecommendation = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    personId: z.uuid(),
    personName: z.string(),
    caseNumber: z.string(),
    supervisionType,
    authority: revocationAuthority,
    authorityName: z.string(),
    emergency: z.boolean(),
    emergencyReason: z.string().nullable(),
    facts: z.string().nullable(),
    alternativesNote: z.string().nullable(),
    recommendation: revocationRecommendationKind.nullable(),
    status: revocationStatus,
    violations: z.array(revocationViolation),
    history: revocationHistory.describe("As submitted; while a draft, as the case's records stand now"),
    risk: revocationRisk.describe("As submitted; while a draft, as the case's records stand now"),
    createdByName: z.string(),
    createdById: z.uuid(),
    createdAt: z.iso.datetime(),
    submittedAt: z.iso.datetime().nullable(),
    decideBy: z.iso.datetime().nullable().describe("An emergency: when the supervisor should have decided"),
    discussion: z
      .object({ discussedOn: z.iso.date(), discussedWith: z.string(), notes: z.string() })
      .nullable()
      .describe("The supervisor's discussion with the officer, recorded with the decision"),
    decidedByName: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    decisionReason: z.string().nullable(),
    instructions: z.string().nullable().describe("No revocation: what the person must do now (the letter)"),
    emergencyAuthorised: z.boolean().describe("An emergency detention or warrant request was authorised at once"),
    fileDueOn: z.iso.date().nullable().describe("Emergency authorised: the day the officer completes the file by"),
    fileCompletedAt: z.iso.datetime().nullable(),
    agencyName: z.string(),
    officerName: z.string().describe("The case's supervising officer"),
    timeZone: z.string(),
    version: recordVersion,
  })
  .meta({ id: "RevocationRecommendation" });
export type RevocationRecommendation = z.infer<typeof revocationRecommendation>;

export const absconding = z.object({
  id: z.uuid(),
  lastContactOn: z.iso.date(),
  circumstances: z.string(),
  recordedByName: z.string(),
  recordedAt: z.iso.datetime(),
  foundOn: z.iso.date().nullable(),
  foundStatus: z.enum(["active", "in_custody"]).nullable(),
  foundNote: z.string().nullable(),
});
export type Absconding = z.infer<typeof absconding>;

export const caseRevocations = z
  .object({
    caseId: z.uuid(),
    caseStatus: z.enum(["pre_release", "active", "warrant", "in_custody", "tolled", "closed"]),
    supervisionType,
    authority: revocationAuthority,
    authorityName: z.string(),
    recommendations: z.array(
      z.object({
        id: z.uuid(),
        status: revocationStatus,
        emergency: z.boolean(),
        emergencyAuthorised: z.boolean(),
        recommendation: revocationRecommendationKind.nullable(),
        violationCount: z.number().int(),
        createdByName: z.string(),
        createdById: z.uuid(),
        createdAt: z.iso.datetime(),
        submittedAt: z.iso.datetime().nullable(),
        decidedAt: z.iso.datetime().nullable(),
        fileDueOn: z.iso.date().nullable(),
        fileCompletedAt: z.iso.datetime().nullable(),
      }),
    ),
    openViolations: z.array(z.object({ id: z.uuid(), type: violationType, severity: violationSeverity, occurredAt: z.iso.datetime() })),
    abscondings: z.array(absconding).describe("Newest first; the first is standing when it has no foundOn"),
  })
  .meta({ id: "CaseRevocations" });
export type CaseRevocations = z.infer<typeof caseRevocations>;

const words = (what: string, max: number) =>
  z
    .string({ error: `Give ${what}` })
    .trim()
    .min(1, `Give ${what}`)
    .max(max, `Keep it under ${max.toLocaleString("en-US")} characters`);

export const startRevocationBody = z.strictObject({
  violationIds: z.array(z.uuid()).min(1, "Choose the violations the recommendation rests on").max(30),
  emergency: z.boolean().default(false),
  emergencyReason: words("why the risk is immediate", 2000).optional().describe("Required for an emergency"),
});

export const updateRevocationBody = z.strictObject({
  expectedVersion,
  facts: z.string().trim().max(8000, "Keep the facts under 8,000 characters").nullable().optional(),
  alternativesNote: z.string().trim().max(4000, "Keep the note under 4,000 characters").nullable().optional(),
  recommendation: revocationRecommendationKind.nullable().optional(),
});

export const submitRevocationBody = z.strictObject({ expectedVersion });

export const revocationDecisionKind = z.enum(["refer", "no_revocation", "emergency_warrant"], { error: "Choose the decision" });
export type RevocationDecisionKind = z.infer<typeof revocationDecisionKind>;

export const revocationDecisionBody = z.strictObject({
  decision: revocationDecisionKind,
  discussedOn: z.iso.date({ error: "Give the day you discussed it with the officer" }),
  discussedWith: words("who took part in the discussion", 300),
  discussionNotes: words("notes of the discussion", 4000),
  reason: z.string().trim().max(2000).optional().describe("Required for no revocation"),
  instructions: z.string().trim().max(2000).optional().describe("No revocation: what the person must do now, for the letter"),
});

export const abscondingBody = z.strictObject({
  lastContactOn: z.iso.date({ error: "Give the day of the last contact" }),
  circumstances: words("what is known: how contact was lost and the efforts to find the person", 2000),
});

export const abscondingFoundBody = z.strictObject({
  foundOn: z.iso.date({ error: "Give the day the person was found" }),
  status: z.enum(["active", "in_custody"], { error: "Choose active supervision or in custody" }),
  note: words("how the person was found", 2000),
});
