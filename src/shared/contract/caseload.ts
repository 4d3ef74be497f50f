import { z } from "zod";
import { caseloadTag, caseStatus, riskLevel, supervisionLevel, supervisionType } from "./cases";
import { isoDate } from "./common";
import { personSummary } from "./people";
import { taskKind, taskKinds } from "./tasks";

export const caseloadQuery = z.strictObject({
  officerId: z.uuid().optional().describe("Supervisors: whose caseload (default: the whole unit)"),
  level: supervisionLevel.optional(),
  tag: caseloadTag.optional(),
  risk: riskLevel.optional().describe("Risk level (set by the latest risk and needs assessment, or by hand)"),
  reassessment: z
    .enum(["overdue"])
    .optional()
    .describe("overdue: only cases whose next assessment (initial, periodic or after a triggering event) is past its due day"),
  status: caseStatus.optional(),
  overdue: z.enum(["true", "false"]).optional(),
  task: z
    .enum(["any", ...taskKinds])
    .optional()
    .describe("Only cases with an open task (any, or of this kind); a snooze counts once its time has come"),
  violation: z
    .enum(["open", "response_due"])
    .optional()
    .describe("open: only cases with an open violation; response_due: with a chosen response awaiting approval or still to carry out"),
  crisis: z.enum(["open"]).optional().describe("Only cases with an open crisis"),
  levelReview: z
    .enum(["true"])
    .optional()
    .describe("Only cases with a level review opportunity listed now (above what the assessment supports, or a compliance streak)"),
  discharge: z
    .enum(["eligible", "past_end"])
    .optional()
    .describe(
      "eligible: cases whose latest early-discharge evaluation is eligible and not yet recommended, denied or snoozed; past_end: active cases past their expected end date",
    ),
  search: z.string().trim().max(80).optional().describe("Name, agency number, state ID or FBI number"),
  sort: z.enum(["priority", "name", "level", "last_contact"]).default("priority"),
  cursor: z.string().max(20).regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type CaseloadQuery = z.infer<typeof caseloadQuery>;

export const caseloadEntry = z
  .object({
    caseId: z.uuid(),
    person: personSummary,
    caseNumber: z.string(),
    supervisionType,
    status: caseStatus,
    supervisionLevel,
    riskLevel: riskLevel.nullable(),
    tags: z.array(caseloadTag),
    officer: z.object({ id: z.uuid(), displayName: z.string() }),
    lastContactAt: z.iso.datetime().nullable(),
    contactDueBy: isoDate.nullable().describe("When the most pressing contact requirement is due (null when all are met)"),
    contactStatus: z.enum(["met", "due", "due_soon", "overdue"]).describe("The worst status across the case's contact standards"),
    overdue: z.boolean(),
    openAlerts: z.number().int(),
    openTasks: z.number().int().describe("Open tasks of the case (of any owner)"),
    topTask: z.object({ kind: taskKind, dueOn: isoDate }).nullable().describe("The open task due first, also named in priorityReason"),
    hasSafetyCautions: z.boolean(),
    crisisOpen: z.boolean().describe("A crisis of the case is open: flagged until it is closed"),
    priorityScore: z.number(),
    priorityReason: z.string(),
  })
  .meta({ id: "CaseloadEntry" });
export type CaseloadEntry = z.infer<typeof caseloadEntry>;

export const caseloadPage = z.object({ entries: z.array(caseloadEntry), total: z.number().int(), nextCursor: z.string().nullable() });
