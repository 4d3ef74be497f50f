import type { CaseloadEntry, CaseloadQuery } from "../../../shared/contract/supervision";
import { guarded } from "../../platform/access/guarded";
import type { PlatformDeps, RequestContext } from "../../platform/context";
import { type CaseloadRow, loadCaseload } from "./caseload.queries";

const riskWords = { very_high: "Very high risk", high: "High risk", moderate: "Moderate risk", low: "Low risk" } as const;

/** Why the case sits where it does in the priority order, in the officer's words. */
export function priorityReason(row: Pick<CaseloadRow, "risk_level" | "status" | "overdue_days" | "contact_due_by">, today: string): string {
  const parts: string[] = [];
  if (row.status === "warrant") parts.push("Warrant / absconded");
  parts.push(row.risk_level ? riskWords[row.risk_level] : "Risk not assessed");
  if (row.overdue_days > 0) parts.push(`contact overdue ${row.overdue_days} day${row.overdue_days === 1 ? "" : "s"}`);
  else {
    const daysLeft = Math.round((Date.parse(row.contact_due_by) - Date.parse(today)) / 86_400_000);
    parts.push(daysLeft === 0 ? "contact due today" : `contact due in ${daysLeft} day${daysLeft === 1 ? "" : "s"}`);
  }
  return parts.join(" · ");
}

export function createCaseloadService(deps: PlatformDeps) {
  return {
    async list(
      context: RequestContext,
      query: CaseloadQuery,
    ): Promise<{ entries: CaseloadEntry[]; total: number; nextCursor: string | null }> {
      const today = context.now.toISOString().slice(0, 10);
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 1, {
          action: "caseload.list",
          recordType: "case",
          details: { officerId: query.officerId ?? null, sort: query.sort },
        });
        const rows = await loadCaseload(tx, filter, query, today);
        const offset = Number(query.cursor ?? 0);
        const total = rows[0]?.total ?? 0;
        return {
          total,
          nextCursor: offset + rows.length < total ? String(offset + rows.length) : null,
          entries: rows.map((row) => ({
            caseId: row.case_id,
            person: {
              id: row.person_id,
              name: { first: row.first_name, middle: row.middle_name, last: row.last_name },
              agencyPersonNumber: row.agency_person_number,
              stateId: row.state_id,
              fbiNumber: row.fbi_number,
              dateOfBirth: row.date_of_birth,
              hasPhoto: row.has_photo,
            },
            caseNumber: row.case_number,
            supervisionType: row.supervision_type,
            status: row.status,
            supervisionLevel: row.supervision_level,
            riskLevel: row.risk_level,
            tags: row.tags as CaseloadEntry["tags"],
            officer: { id: row.officer_id, displayName: row.officer_name },
            lastContactAt: row.last_contact_at?.toISOString() ?? null,
            contactDueBy: row.contact_due_by,
            overdue: row.overdue_days > 0,
            // Monitoring alerts arrive with the electronic-monitoring capability.
            openAlerts: 0,
            hasSafetyCautions: row.has_cautions,
            priorityScore: row.priority_score,
            priorityReason: priorityReason(row, today),
          })),
        };
      });
    },
  };
}

export type CaseloadService = ReturnType<typeof createCaseloadService>;
