import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { caseUpdateBody } from "../../../../shared/contract/cases";
import { okResponse } from "../../../../shared/contract/common";
import { api, apiRequest, isApiError } from "../../../lib/api-client";
import { assessmentKeys, caseloadKeys, contactKeys, personKeys } from "../../../lib/query-keys";

export type CaseUpdate = z.output<typeof caseUpdateBody>;

const casePath = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}`;

/**
 * Changes the level, risk, status or tags (with the reason). Afterwards the record (its history), the contact
 * standards (they follow the level) and the caseload (level, status and tags are its columns and filters) reload.
 */
export function useUpdateCase(caseId: string, personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CaseUpdate) => api.patch(casePath(caseId), input, { schema: okResponse }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
        queryClient.invalidateQueries({ queryKey: contactKeys.standards(caseId) }),
        queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
        // A level change shows its banner (what changed in the contact obligations).
        queryClient.invalidateQueries({ queryKey: assessmentKeys.ofCase(caseId) }),
      ]),
  });
}

/**
 * Adds (present) or removes a co-officer, from the case's version the page shows; the record and the caseloads
 * (theirs gains or loses the case) reload.
 */
export function useSetCoOfficer(caseId: string, personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ officerId, present, expectedVersion }: { officerId: string; present: boolean; expectedVersion: number }) =>
      present
        ? api.post(`${casePath(caseId)}/co-officers`, { officerId, expectedVersion }, { schema: okResponse })
        : apiRequest(`${casePath(caseId)}/co-officers/${encodeURIComponent(officerId)}?expectedVersion=${expectedVersion}`, {
            method: "DELETE",
            schema: okResponse,
          }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
        queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
      ]),
    // A removal refused with 409 means the page was out of date (someone else changed who works the case): the
    // dialog says so, and the list behind it shows who works it now. (The add form keeps its message on screen.)
    onError: (error, { present }) => {
      if (!present && isApiError(error) && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) });
    },
  });
}
