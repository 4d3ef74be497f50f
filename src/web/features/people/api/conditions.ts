import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { createdResponse, okResponse } from "../../../../shared/contract/common";
import {
  type attachConditionBody,
  conditionType,
  type endConditionBody,
  modificationRequest,
  type modificationRequestBody,
  type modificationRequestStatus,
  type modifyConditionBody,
  pendingModificationRequest,
} from "../../../../shared/contract/conditions";
import { api, isApiError } from "../../../lib/api-client";
import { personKeys } from "../../../lib/query-keys";

export type ConditionType = z.infer<typeof conditionType>;
export type ModificationRequest = z.infer<typeof modificationRequest>;
export type PendingModificationRequest = z.infer<typeof pendingModificationRequest>;
export type RequestStatus = z.infer<typeof modificationRequestStatus>;

export const conditionKeys = {
  all: ["conditions"] as const,
  catalogue: () => [...conditionKeys.all, "catalogue"] as const,
  requests: (caseId: string) => [...conditionKeys.all, "requests", caseId] as const,
  pending: () => [...conditionKeys.all, "pending"] as const,
};

const id = encodeURIComponent;

/** The agency's catalogue of conditions (changes rarely). */
export const useConditionCatalogue = () =>
  useQuery({
    queryKey: conditionKeys.catalogue(),
    queryFn: () => api.get("/api/v1/condition-types", { schema: z.array(conditionType) }),
    staleTime: 10 * 60_000,
  });

export const useModificationRequests = (caseId: string) =>
  useQuery({
    queryKey: conditionKeys.requests(caseId),
    queryFn: () => api.get(`/api/v1/cases/${id(caseId)}/modification-requests`, { schema: z.array(modificationRequest) }),
  });

/** Supervisors: the requests of their unit awaiting a decision. */
export const usePendingModificationRequests = (enabled: boolean) =>
  useQuery({
    queryKey: conditionKeys.pending(),
    queryFn: () => api.get("/api/v1/modification-requests", { schema: z.array(pendingModificationRequest) }),
    enabled,
  });

/** After any change: the person's record (conditions) and the requests are read again. */
export function useRefresh(personId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: personKeys.detail(personId) }),
      queryClient.invalidateQueries({ queryKey: conditionKeys.all }),
    ]);
}

export function useAttachCondition(caseId: string, personId: string) {
  const refresh = useRefresh(personId);
  return useMutation({
    mutationFn: (input: z.input<typeof attachConditionBody>) =>
      api.post(`/api/v1/cases/${id(caseId)}/conditions`, input, { schema: createdResponse }),
    onSuccess: refresh,
  });
}

export function useModifyCondition(personId: string) {
  const refresh = useRefresh(personId);
  return useMutation({
    mutationFn: ({ conditionId, ...input }: z.input<typeof modifyConditionBody> & { conditionId: string }) =>
      api.post(`/api/v1/conditions/${id(conditionId)}/modifications`, input, { schema: createdResponse }),
    onSuccess: refresh,
  });
}

export function useEndCondition(personId: string) {
  const refresh = useRefresh(personId);
  return useMutation({
    mutationFn: ({ conditionId, ...input }: z.input<typeof endConditionBody> & { conditionId: string }) =>
      api.post(`/api/v1/conditions/${id(conditionId)}/end`, input, { schema: okResponse }),
    onSuccess: refresh,
  });
}

export function useSetCompliance(personId: string) {
  const refresh = useRefresh(personId);
  return useMutation({
    mutationFn: ({ conditionId, compliance }: { conditionId: string; compliance: string }) =>
      api.patch(`/api/v1/conditions/${id(conditionId)}/compliance`, { compliance }, { schema: okResponse }),
    onSuccess: refresh,
  });
}

export function useRequestModification(caseId: string, personId: string) {
  const refresh = useRefresh(personId);
  return useMutation({
    mutationFn: (input: z.input<typeof modificationRequestBody>) =>
      api.post(`/api/v1/cases/${id(caseId)}/modification-requests`, input, { schema: modificationRequest }),
    onSuccess: refresh,
  });
}

export function useMoveModificationRequest(personId: string) {
  const refresh = useRefresh(personId);
  return useMutation({
    mutationFn: ({ requestId, status }: { requestId: string; status: RequestStatus }) =>
      api.patch(`/api/v1/modification-requests/${id(requestId)}`, { status }, { schema: modificationRequest }),
    onSuccess: refresh,
    // Decided or submitted meanwhile by someone else: the list shows where the request stands, beside the message.
    onError: (error) => (isApiError(error) && error.code === "edit_conflict" ? refresh() : undefined),
  });
}
