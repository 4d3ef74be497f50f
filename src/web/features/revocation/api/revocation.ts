import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  type abscondingBody,
  type abscondingFoundBody,
  caseRevocations,
  type revocationDecisionBody,
  revocationRecommendation,
  type startRevocationBody,
  type submitRevocationBody,
  type updateRevocationBody,
} from "../../../../shared/contract/revocation";
import { api } from "../../../lib/api-client";
import { caseloadKeys, personKeys, taskKeys, violationKeys } from "../../../lib/query-keys";

export type { CaseRevocations, RevocationRecommendation } from "../../../../shared/contract/revocation";
export type StartInput = z.input<typeof startRevocationBody>;
export type UpdateInput = z.input<typeof updateRevocationBody>;
export type SubmitInput = z.input<typeof submitRevocationBody>;
export type DecisionInput = z.input<typeof revocationDecisionBody>;
export type AbscondingInput = z.input<typeof abscondingBody>;
export type FoundInput = z.input<typeof abscondingFoundBody>;

export const revocationKeys = {
  all: ["revocation"] as const,
  ofCase: (caseId: string) => [...revocationKeys.all, "case", caseId] as const,
  one: (id: string) => [...revocationKeys.all, "one", id] as const,
};

const one = { schema: revocationRecommendation };
const ofCase = { schema: caseRevocations };

export const useCaseRevocations = (caseId: string) =>
  useQuery({
    queryKey: revocationKeys.ofCase(caseId),
    queryFn: () => api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/revocations`, ofCase),
  });

export const useRevocation = (id: string) =>
  useQuery({ queryKey: revocationKeys.one(id), queryFn: () => api.get(`/api/v1/revocations/${encodeURIComponent(id)}`, one) });

/** After a change: the case's list, tasks (submitting and deciding make and close them), violations and the caseload move on. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [revocationKeys.all, taskKeys.all, violationKeys.all, caseloadKeys.all, personKeys.all].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    );
}

export function useStartRevocation(caseId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: StartInput) => api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/revocations`, input, one),
    onSuccess: refresh,
  });
}

function useFileChange<I>(id: string, send: (input: I) => Promise<z.infer<typeof revocationRecommendation>>) {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: send,
    onSuccess: async (record) => {
      queryClient.setQueryData(revocationKeys.one(id), record);
      await refresh();
    },
  });
}

const base = (id: string) => `/api/v1/revocations/${encodeURIComponent(id)}`;
export const useUpdateRevocation = (id: string) => useFileChange(id, (input: UpdateInput) => api.patch(base(id), input, one));
export const useSubmitRevocation = (id: string) => useFileChange(id, (input: SubmitInput) => api.post(`${base(id)}/submit`, input, one));
export const useDecideRevocation = (id: string) =>
  useFileChange(id, (input: DecisionInput) => api.post(`${base(id)}/decision`, input, one));

export function useRecordAbsconding(caseId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: AbscondingInput) => api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/absconding`, input, ofCase),
    onSuccess: refresh,
  });
}

export function useRecordFound(abscondingId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: FoundInput) => api.post(`/api/v1/abscondings/${encodeURIComponent(abscondingId)}/found`, input, ofCase),
    onSuccess: refresh,
  });
}
