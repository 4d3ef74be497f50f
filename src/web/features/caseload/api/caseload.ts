import { useInfiniteQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { caseloadPage } from "../../../../shared/contract/caseload";
import { api } from "../../../lib/api-client";
import { type CaseloadFilters, caseloadKeys } from "../../../lib/query-keys";

export type { CaseloadFilters };
export type CaseloadPage = z.infer<typeof caseloadPage>;

export const caseloadPageSize = 50;

export const useCaseload = (filters: CaseloadFilters) =>
  useInfiniteQuery({
    queryKey: caseloadKeys.list(filters),
    queryFn: ({ pageParam }) =>
      api.get("/api/v1/caseload", { query: { ...filters, cursor: pageParam, limit: caseloadPageSize }, schema: caseloadPage }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
