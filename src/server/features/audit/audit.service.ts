import type { AuditEntry, AuditPage, AuditQuery } from "../../../shared/contract/audit";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { type AuditEntryRow, searchAudit } from "./audit.queries";

export const maxExportRows = 100_000;

const toEntry = (row: AuditEntryRow): AuditEntry => ({
  id: row.id,
  occurredAt: row.occurred_at.toISOString(),
  actorUsername: row.actor_username,
  ip: row.ip,
  userAgent: row.user_agent,
  action: row.action,
  recordType: row.record_type,
  recordId: row.record_id,
  recordName: row.record_name,
  recordDate: row.record_date,
  outcome: row.outcome,
  justification: row.justification,
  details: row.details,
});

const csvColumns = [
  "id",
  "occurredAt",
  "actorUsername",
  "ip",
  "action",
  "recordType",
  "recordId",
  "outcome",
  "justification",
  "details",
  "userAgent",
] as const;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  // A leading = + - @ would run as a formula in a spreadsheet (CSV injection).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function createAuditService(deps: FeatureDeps) {
  const filterDetails = (query: Omit<AuditQuery, "limit" | "cursor">) => ({
    from: query.from ?? null,
    to: query.to ?? null,
    actor: query.actor ?? null,
    action: query.action ?? null,
    outcome: query.outcome ?? null,
    recordId: query.recordId ?? null,
  });

  return {
    async search(context: RequestContext, query: AuditQuery): Promise<AuditPage> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "audit.read",
          { agencyId: actor.agencyId },
          { action: "audit.search", recordType: "audit_log", details: filterDetails(query) },
        );
        const rows = await searchAudit(tx, actor.agencyId, query, query.limit + 1);
        const page = rows.slice(0, query.limit);
        return {
          entries: page.map(toEntry),
          nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.id) : null,
        };
      });
    },

    async exportCsv(context: RequestContext, query: Omit<AuditQuery, "limit" | "cursor">): Promise<string> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize(
          "audit.read",
          { agencyId: actor.agencyId },
          { action: "audit.export", recordType: "audit_log", details: filterDetails(query) },
        );
        // The export keeps its columns (ids, as stored); names are for the page's rows.
        const rows = await searchAudit(tx, actor.agencyId, query, maxExportRows, { withNames: false });
        const lines = [csvColumns.join(",")];
        for (const entry of rows.map(toEntry)) lines.push(csvColumns.map((column) => csvCell(entry[column])).join(","));
        return `${lines.join("\r\n")}\r\n`;
      });
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
