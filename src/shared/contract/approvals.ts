import { z } from "zod";
import { supervisionLevel } from "./cases";
import { responseKind } from "./violations";

/** What awaits a supervisor's decision: each is an approval task of the unit's supervisors (features/tasks). */
export const approvalKinds = ["condition_request", "assessment_override", "violation_response", "early_discharge", "revocation"] as const;
export const approvalKind = z.enum(approvalKinds);
export type ApprovalKind = z.infer<typeof approvalKind>;

export const approvalItem = z
  .object({
    taskId: z.uuid(),
    kind: approvalKind,
    caseId: z.uuid(),
    caseNumber: z.string(),
    personId: z.uuid(),
    personName: z.string(),
    officerName: z.string().describe("The case's supervising officer"),
    requestedByName: z.string().nullable(),
    requestedAt: z.iso.datetime().nullable(),
    dueOn: z.iso.date().describe("When the approval task is due"),
    reason: z
      .string()
      .nullable()
      .describe("The requester's reason: the justification, the override's, the departure's or the recommendation's note"),
    conditionChange: z.enum(["add", "change", "end"]).nullable().describe("condition_request: what it asks"),
    conditionName: z.string().nullable().describe("condition_request: the kind of condition"),
    assessedLevel: supervisionLevel.nullable().describe("assessment_override: the level the assessment gives"),
    requestedLevel: supervisionLevel.nullable().describe("assessment_override: the level asked for"),
    response: responseKind.nullable().describe("violation_response: the response proposed"),
    withinMatrix: z.boolean().nullable().describe("violation_response: false for a departure from the matrix"),
    authorityName: z.string().nullable().describe("early_discharge, revocation: the board or court the request would go to"),
    emergency: z.boolean().nullable().describe("revocation: an emergency (immediate risk), to decide within hours"),
  })
  .meta({ id: "ApprovalItem" });
export type ApprovalItem = z.infer<typeof approvalItem>;

export const approvalsList = z
  .object({
    items: z.array(approvalItem).describe("Oldest due first; never the reader's own requests"),
    ownWaiting: z.number().int().describe("The reader's own requests awaiting another supervisor (not theirs to decide)"),
  })
  .meta({ id: "ApprovalsList" });
export type ApprovalsList = z.infer<typeof approvalsList>;
