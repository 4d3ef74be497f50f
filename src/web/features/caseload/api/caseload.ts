import { useInfiniteQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { caseloadPage, type caseloadQuery } from "../../../../shared/contract/caseload";
import { api } from "../../../lib/api-client";

/** The caseload filters the page can set (paging is handled by the query). */
export type CaseloadFilters = Omit<z.input<typeof caseloadQuery>, "cursor" | "limit">;
export type CaseloadPage = z.infer<typeof caseloadPage>;

export const caseloadPageSize = 50;

export const caseloadKeys = {
  all: ["caseload"] as const,
  list: (filters: CaseloadFilters) => [...caseloadKeys.all, "list", filters] as const,
};

export const useCaseload = (filters: CaseloadFilters) =>
  useInfiniteQuery({
    queryKey: caseloadKeys.list(filters),
    queryFn: ({ pageParam }) =>
      api.get("/api/v1/caseload", { query: { ...filters, cursor: pageParam, limit: caseloadPageSize }, schema: caseloadPage }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
