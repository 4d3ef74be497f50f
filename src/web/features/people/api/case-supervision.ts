import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { caseUpdateBody } from "../../../../shared/contract/cases";
import { okResponse } from "../../../../shared/contract/common";
import { api, apiRequest } from "../../../lib/api-client";
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

/** Adds (present) or removes a co-officer; the record and the caseloads (theirs gains or loses the case) reload. */
export function useSetCoOfficer(caseId: string, personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ officerId, present }: { officerId: string; present: boolean }) =>
      present
        ? api.post(`${casePath(caseId)}/co-officers`, { officerId }, { schema: okResponse })
        : apiRequest(`${casePath(caseId)}/co-officers/${encodeURIComponent(officerId)}`, { method: "DELETE", schema: okResponse }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
        queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
      ]),
  });
}
