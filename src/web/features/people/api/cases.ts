import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { caseSummary, type transferBody } from "../../../../shared/contract/cases";
import { okResponse } from "../../../../shared/contract/common";
import { api } from "../../../lib/api-client";
import { caseloadKeys, personKeys } from "../../../lib/query-keys";

export type TransferInput = z.input<typeof transferBody>;
export type CaseSummary = z.infer<typeof caseSummary>;

export const caseKeys = {
  all: ["cases"] as const,
  summary: (caseId: string) => [...caseKeys.all, "summary", caseId] as const,
};

/** Case number and person of a case (e.g. to link a note search result to the person page). */
export const useCaseSummary = (caseId: string) =>
  useQuery({
    queryKey: caseKeys.summary(caseId),
    queryFn: () => api.get(`/api/v1/cases/${encodeURIComponent(caseId)}`, { schema: caseSummary }),
    staleTime: 5 * 60_000,
  });

export function useTransferCase(caseId: string, personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TransferInput) => api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/transfer`, input, { schema: okResponse }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
        queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
      ]),
  });
}
