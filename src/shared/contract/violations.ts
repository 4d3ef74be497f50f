import { z } from "zod";
import { riskLevel, supervisionLevel } from "./cases";
import { expectedVersion, recordVersion } from "./common";
import { conditionParameters } from "./conditions";

/**
 * What a violation is about: the supervision events that become violations (their kind), and `other` for one
 * recorded by hand that no event reports (a curfew breach seen on a home visit, say).
 */
export const violationTypes = [
  "positive_test",
  "dilute_test",
  "adulterated_test",
  "missed_test",
  "refused_test",
  "missed_appointment",
  "contact_no_show",
  "contact_refused",
  "condition_non_compliant",
  "curfew_breach",
  "zone_breach",
  "police_contact",
  "new_arrest",
  "absconding",
  "other",
] as const;
export const violationType = z.enum(violationTypes, { error: "Choose the kind of violation" });
export type ViolationType = z.infer<typeof violationType>;

export const violationTypeLabels: Record<ViolationType, string> = {
  positive_test: "Positive drug test",
  dilute_test: "Dilute drug test",
  adulterated_test: "Adulterated drug test",
  missed_test: "Missed drug test",
  refused_test: "Refused drug test",
  missed_appointment: "Missed appointment",
  contact_no_show: "No-show for a contact",
  contact_refused: "Refused contact",
  condition_non_compliant: "Condition not complied with",
  curfew_breach: "Curfew breach",
  zone_breach: "Exclusion zone breach",
  police_contact: "Police contact",
  new_arrest: "New arrest",
  absconding: "Absconding",
  other: "Other violation",
};

/** Severity, least to most serious. */
export const violationSeverities = ["low", "medium", "high"] as const;
export const violationSeverity = z.enum(violationSeverities, { error: "Choose a severity" });
export type ViolationSeverity = z.infer<typeof violationSeverity>;
export const severityLabels: Record<ViolationSeverity, string> = { low: "Low", medium: "Medium", high: "High" };

/** referred: sent to the releasing authority (the parole board or the court). */
export const violationStatus = z.enum(["open", "addressed", "referred", "withdrawn"]);
export type ViolationStatus = z.infer<typeof violationStatus>;

/** The graduated responses, least to most restrictive. */
export const responseKinds = [
  "verbal_warning",
  "written_warning",
  "increased_reporting",
  "curfew",
  "treatment_referral",
  "community_service",
  "supervision_level_increase",
  "short_sanction",
  "report_to_authority",
] as const;
export const responseKind = z.enum(responseKinds, { error: "Choose a response" });
export type ResponseKind = z.infer<typeof responseKind>;

/**
 * goesToAuthority: the response is the releasing authority's to order (a report to it, a short jail sanction), so a
 * supervisor approves it before it is made, whether or not it is in the matrix's cell.
 */
export const responseKindInfo: Record<ResponseKind, { label: string; goesToAuthority: boolean }> = {
  verbal_warning: { label: "Verbal warning", goesToAuthority: false },
  written_warning: { label: "Written warning letter", goesToAuthority: false },
  increased_reporting: { label: "Increased reporting", goesToAuthority: false },
  curfew: { label: "Curfew", goesToAuthority: false },
  treatment_referral: { label: "Treatment referral", goesToAuthority: false },
  community_service: { label: "Community service", goesToAuthority: false },
  supervision_level_increase: { label: "Higher supervision level", goesToAuthority: false },
  short_sanction: { label: "Short jail sanction", goesToAuthority: true },
  report_to_authority: { label: "Report to the board or court", goesToAuthority: true },
};

// ─── The agency's settings: severity per type and the response matrix ────────────────────────────────────────────

export const severityTable = z.record(violationType, violationSeverity).describe("The severity each type of violation gets");

/**
 * One row of the matrix: the severities it covers (each severity in exactly one row) and, per risk level, the
 * responses allowed.
 */
export const matrixRow = z.strictObject({
  severities: z.array(violationSeverity).min(1, "Name the severities this row covers").max(violationSeverities.length),
  cells: z.partialRecord(riskLevel, z.array(responseKind).max(responseKinds.length)),
});
export type MatrixRow = z.infer<typeof matrixRow>;

export const responseMatrixRows = z.array(matrixRow).min(1, "The matrix needs at least one row").max(10);

export const violationSettings = z
  .object({
    severities: z.record(violationType, violationSeverity),
    severitiesAreDefault: z.boolean().describe("No table of the agency's own: the shipped default applies"),
    matrix: z.object({
      rows: z.array(z.object({ severities: z.array(violationSeverity), cells: z.partialRecord(riskLevel, z.array(responseKind)) })),
      isDefault: z.boolean().describe("No matrix of the agency's own: the shipped default applies"),
      source: z.string().describe("Where the matrix comes from: the published grid the default is modelled on, or the agency"),
      version: recordVersion,
    }),
  })
  .meta({ id: "ViolationSettings" });
export type ViolationSettings = z.infer<typeof violationSettings>;

export const severityTableBody = z.strictObject({ severities: severityTable });
export const responseMatrixBody = z.strictObject({ rows: responseMatrixRows, expectedVersion });

// ─── Violations ──────────────────────────────────────────────────────────────────────────────────────────────────

const reason = (what: string) =>
  z
    .string({ error: `Give ${what}` })
    .trim()
    .min(1, `Give ${what}`)
    .max(1000, "Keep it under 1,000 characters");

/**
 * What a response that changes supervision sets, chosen with it: the higher supervision level, or the curfew's hours.
 * Applied when the response is in effect (at once, or when a supervisor approves it).
 */
export const responseEffect = z.strictObject({
  supervisionLevel: supervisionLevel.optional().describe("A higher supervision level: required for supervision_level_increase"),
  curfew: conditionParameters.curfew.optional().describe("The curfew's hours (24-hour HH:MM) and days: required for curfew"),
});
export type ResponseEffect = z.infer<typeof responseEffect>;

/** What a response in effect did, through what exists: the level history, a condition version, a warning letter. */
export const responseApplied = z.object({
  levelFrom: supervisionLevel.optional(),
  levelTo: supervisionLevel.optional(),
  conditionId: z.uuid().optional().describe("The curfew condition version made"),
  letterId: z.uuid().optional().describe("The warning letter generated"),
  reportingRecorded: z
    .boolean()
    .optional()
    .describe("Increased reporting: recorded only; the contact standards follow the level and caseload, not a response"),
});

export const responseStatus = z
  .enum(["awaiting_approval", "to_do", "done", "refused", "cancelled"])
  .describe(
    "awaiting_approval: a departure or a response to the authority, until a supervisor decides; to_do: to carry out by its due day",
  );

export const violationResponse = z.object({
  id: z.uuid(),
  response: responseKind,
  withinMatrix: z.boolean().describe("Allowed in the matrix's cell for the violation's severity and the case's risk level"),
  departureReason: z.string().nullable(),
  note: z.string().nullable(),
  dueOn: z.iso.date(),
  status: responseStatus,
  needsApproval: z.boolean(),
  proposedById: z.uuid(),
  proposedByName: z.string(),
  proposedAt: z.iso.datetime(),
  decidedByName: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionReason: z.string().nullable(),
  completedAt: z.iso.datetime().nullable(),
  completionNote: z.string().nullable(),
  effect: responseEffect.nullable(),
  applied: responseApplied.nullable().describe("Set once the response is in effect"),
});
export type ViolationResponse = z.infer<typeof violationResponse>;

export const violationEvidence = z.object({
  sourceType: z.string().describe("drug_test, appointment, contact, case_condition…"),
  sourceId: z.uuid(),
  eventKind: z.string().nullable().describe("The supervision event's kind; null for evidence named by hand"),
  occurredAt: z.iso.datetime(),
  withdrawnAt: z.iso.datetime().nullable(),
  withdrawnReason: z.string().nullable(),
});

export const violation = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    type: violationType,
    severity: violationSeverity,
    occurredAt: z.iso.datetime(),
    description: z.string().nullable(),
    personsAccount: z.string().nullable(),
    status: violationStatus,
    statusReason: z.string().nullable(),
    recordedByName: z.string().nullable().describe("null: made from supervision events"),
    createdAt: z.iso.datetime(),
    evidence: z.array(violationEvidence),
    responses: z.array(violationResponse),
    allowedResponses: z.array(responseKind).describe("The matrix's cell for this severity and the case's risk level"),
    version: recordVersion,
  })
  .meta({ id: "Violation" });
export type Violation = z.infer<typeof violation>;

/** The enforcement decisions, each made while an officer recorded a missed appointment or a failed contact. */
export const enforcementDecisionKind = z.enum(["no_action", "warning", "matrix_response", "pending_explanation"], {
  error: "Choose the enforcement decision",
});
export type EnforcementDecisionKind = z.infer<typeof enforcementDecisionKind>;
export const enforcementDecisionLabels: Record<EnforcementDecisionKind, string> = {
  no_action: "No action",
  warning: "Warning",
  matrix_response: "Response from the matrix",
  pending_explanation: "Decision pending the person's explanation",
};

export const enforcementDecision = z.object({
  id: z.uuid(),
  decision: enforcementDecisionKind,
  reason: z.string().nullable(),
  violationId: z.uuid(),
  responseId: z.uuid().nullable(),
  contactId: z.uuid(),
  appointmentId: z.uuid().nullable(),
  explanationDueOn: z.iso.date().nullable(),
  decidedByName: z.string(),
  decidedAt: z.iso.datetime(),
});
export type EnforcementDecision = z.infer<typeof enforcementDecision>;

export const caseViolations = z
  .object({
    riskLevel: riskLevel.nullable(),
    riskLevelUsed: riskLevel.describe("The matrix column used: the case's risk level, moderate when none is recorded"),
    violations: z.array(violation).describe("Newest first; merged ones are left out"),
    enforcementDecisions: z.array(enforcementDecision).describe("Newest first"),
  })
  .meta({ id: "CaseViolations" });
export type CaseViolations = z.infer<typeof caseViolations>;

export const newViolationBody = z.strictObject({
  type: violationType,
  occurredAt: z.iso.datetime({ offset: true, error: "Say when it happened, as a date and time" }),
  description: reason("a description of what happened"),
  severity: violationSeverity.optional().describe("Left out: the agency's severity for the type"),
});

export const updateViolationBody = z.strictObject({
  expectedVersion,
  severity: violationSeverity.optional(),
  description: z.string().trim().max(1000).nullable().optional(),
  personsAccount: z.string().trim().max(4000, "Keep the account under 4,000 characters").nullable().optional(),
  status: z.enum(["addressed", "withdrawn"]).optional().describe("Closing it by hand: addressed, or withdrawn with a reason"),
  statusReason: z.string().trim().min(1).max(500).optional(),
});

export const mergeViolationsBody = z.strictObject({
  expectedVersion,
  violationIds: z.array(z.uuid()).min(1, "Choose the violations to group into this one").max(20),
});

export const newResponseBody = z.strictObject({
  expectedVersion,
  response: responseKind,
  dueOn: z.iso.date({ error: "Give the day it is due" }),
  departureReason: z.string().trim().min(1, "Give the reason for departing from the matrix").max(1000).optional(),
  note: z.string().trim().max(1000).optional(),
  effect: responseEffect.optional(),
});

export const responseDecisionBody = z.strictObject({
  decision: z.enum(["approved", "refused"], { error: "Approve or refuse" }),
  reason: z.string().trim().max(1000).optional().describe("Required to refuse"),
});

export const responseDoneBody = z.strictObject({
  note: z.string().trim().max(1000).optional(),
});

/**
 * The enforcement decision sent with a missed appointment's or failed contact's outcome (one request, one transaction).
 * Fields by decision: no_action → reason; warning → (departureReason when a warning letter is outside the matrix's
 * cell); matrix_response → response, dueOn, departureReason outside the cell, effect; pending_explanation →
 * explanationDueOn. The service names a missing one (400).
 */
export const enforcementBody = z.strictObject({
  decision: enforcementDecisionKind,
  reason: z.string().trim().min(1, "Give the reason for taking no action").max(1000).optional(),
  response: responseKind.optional(),
  dueOn: z.iso.date({ error: "Give the day it is due" }).optional(),
  departureReason: z.string().trim().min(1, "Give the reason for departing from the matrix").max(1000).optional(),
  note: z.string().trim().max(1000).optional(),
  effect: responseEffect.optional(),
  explanationDueOn: z.iso.date({ error: "Give the day the explanation is due" }).optional(),
});
export type EnforcementBody = z.infer<typeof enforcementBody>;

/** A warning letter as generated from a response: the facts it was written with. */
export const warningLetter = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    personId: z.uuid(),
    personName: z.string(),
    violationType,
    violationOccurredAt: z.iso.datetime(),
    response: responseKind,
    letterDate: z.iso.date(),
    officerName: z.string(),
    agencyName: z.string(),
    timeZone: z.string(),
  })
  .meta({ id: "WarningLetter" });
export type WarningLetter = z.infer<typeof warningLetter>;
