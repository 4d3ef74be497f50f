import { z } from "zod";

export const auditQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  actor: z.string().trim().max(64).optional().describe("Username of the acting user"),
  action: z.string().trim().max(80).optional().describe("Action name or its prefix, e.g. auth."),
  outcome: z.enum(["allowed", "denied", "failed"]).optional(),
  recordId: z.string().trim().max(80).optional(),
  cursor: z.string().regex(/^\d+$/, "use the nextCursor of the previous page").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEntry = z
  .object({
    id: z.number().int(),
    occurredAt: z.iso.datetime(),
    actorUsername: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    action: z.string(),
    recordType: z.string().nullable(),
    recordId: z.string().nullable(),
    recordName: z
      .string()
      .nullable()
      .describe("The record's display name (a person's, user's, unit's…), when it is of the searching agency; not in the CSV export"),
    recordDate: z.iso.date().nullable().describe("The day of a dated record without a name (a testing draw)"),
    outcome: z.enum(["allowed", "denied", "failed"]),
    justification: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditPage = z.object({ entries: z.array(auditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPage>;
