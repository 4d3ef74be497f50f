import { useInfiniteQuery } from "@tanstack/react-query";
import { type AuditQuery, auditPage } from "../../../../shared/contract/audit";
import { api, buildUrl } from "../../../lib/api-client";

/** The search form's filters, as typed (from/to are local date-times from datetime-local inputs). */
export type AuditFilters = {
  from: string;
  to: string;
  actor: string;
  action: string;
  outcome: "" | NonNullable<AuditQuery["outcome"]>;
  recordId: string;
};

export const emptyAuditFilters: AuditFilters = { from: "", to: "", actor: "", action: "", outcome: "", recordId: "" };

export const auditKeys = { all: ["audit"] as const, search: (filters: AuditFilters) => [...auditKeys.all, "search", filters] as const };

const localToIso = (value: string) => {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/** The filters as API query parameters (ISO date-times with offset). */
export function auditQueryOf(filters: AuditFilters): Record<string, string | undefined> {
  return {
    from: localToIso(filters.from),
    to: localToIso(filters.to),
    actor: filters.actor.trim() || undefined,
    action: filters.action.trim() || undefined,
    outcome: filters.outcome || undefined,
    recordId: filters.recordId.trim() || undefined,
  };
}

export const auditExportHref = (filters: AuditFilters) => buildUrl("/api/v1/audit/export.csv", auditQueryOf(filters));

const pageSize = 50;

export const useAuditSearch = (filters: AuditFilters) =>
  useInfiniteQuery({
    queryKey: auditKeys.search(filters),
    queryFn: ({ pageParam }) =>
      api.get("/api/v1/audit", { query: { ...auditQueryOf(filters), cursor: pageParam, limit: pageSize }, schema: auditPage }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    staleTime: 0,
  });
