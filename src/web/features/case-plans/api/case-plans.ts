import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  type agreementBody,
  casePlan,
  type casePlanBody,
  casePlanOverview,
  type stepStatusBody,
} from "../../../../shared/contract/case-plans";
import { api } from "../../../lib/api-client";
import { caseloadKeys, casePlanKeys, taskKeys } from "../../../lib/query-keys";

export type { CasePlan, CasePlanOverview, PlanDomain } from "../../../../shared/contract/case-plans";
export type CasePlanInput = z.input<typeof casePlanBody>;
export type AgreementInput = z.input<typeof agreementBody>;
export type StepStatusInput = z.input<typeof stepStatusBody>;

export const useCasePlan = (caseId: string) =>
  useQuery({
    queryKey: casePlanKeys.ofCase(caseId),
    queryFn: () => api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/case-plan`, { schema: casePlanOverview }),
  });

/** A plan's change also changes the case's tasks (steps are tasks) and the caseload's task column. */
function usePlanChanged(caseId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: casePlanKeys.ofCase(caseId) }),
      queryClient.invalidateQueries({ queryKey: taskKeys.all }),
      queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
    ]);
}

/** Makes the plan, or reviews it (a new version). */
export function useSavePlan(caseId: string) {
  const changed = usePlanChanged(caseId);
  return useMutation({
    mutationFn: (input: CasePlanInput) =>
      api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/case-plan`, input, { schema: casePlanOverview }),
    onSuccess: changed,
  });
}

export function useStepStatus(caseId: string, planId: string) {
  const changed = usePlanChanged(caseId);
  return useMutation({
    mutationFn: ({ stepId, ...input }: StepStatusInput & { stepId: string }) =>
      api.post(`/api/v1/case-plans/${encodeURIComponent(planId)}/steps/${encodeURIComponent(stepId)}/status`, input, { schema: casePlan }),
    // Also after a refusal (changed meanwhile): show what stands now.
    onSettled: changed,
  });
}

export function useRecordAgreement(caseId: string, planId: string) {
  const changed = usePlanChanged(caseId);
  return useMutation({
    mutationFn: (input: AgreementInput) =>
      api.post(`/api/v1/case-plans/${encodeURIComponent(planId)}/agreement`, input, { schema: casePlan }),
    onSuccess: changed,
  });
}
