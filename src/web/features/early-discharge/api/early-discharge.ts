import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  type earlyDischargeDenyBody,
  type earlyDischargeRecommendBody,
  type earlyDischargeReviewBody,
  type earlyDischargeSnoozeBody,
  earlyDischargeState,
} from "../../../../shared/contract/early-discharge";
import { api } from "../../../lib/api-client";
import { caseloadKeys, taskKeys } from "../../../lib/query-keys";

export type {
  EarlyDischargeCriterion,
  EarlyDischargeRecommendation,
  EarlyDischargeState,
} from "../../../../shared/contract/early-discharge";
export type RecommendInput = z.input<typeof earlyDischargeRecommendBody>;
export type DenyInput = z.input<typeof earlyDischargeDenyBody>;
export type SnoozeInput = z.input<typeof earlyDischargeSnoozeBody>;
export type ReviewInput = z.input<typeof earlyDischargeReviewBody>;

export const earlyDischargeKeys = {
  all: ["early-discharge"] as const,
  ofCase: (caseId: string) => [...earlyDischargeKeys.all, "case", caseId] as const,
};

const base = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}/early-discharge`;
const options = { schema: earlyDischargeState };

/** The case's early-discharge eligibility, decisions and recommendations. */
export const useEarlyDischarge = (caseId: string) =>
  useQuery({ queryKey: earlyDischargeKeys.ofCase(caseId), queryFn: () => api.get(base(caseId), options) });

/** A change: the section shows the answer; tasks (a recommendation makes one) and the caseload's filter move on. */
function useChange<I>(caseId: string, send: (input: I) => Promise<z.infer<typeof earlyDischargeState>>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (state) =>
      Promise.all([
        queryClient.setQueryData(earlyDischargeKeys.ofCase(caseId), state),
        queryClient.invalidateQueries({ queryKey: taskKeys.all }),
        queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
      ]),
  });
}

export const useEvaluateEarlyDischarge = (caseId: string) =>
  useChange(caseId, (_: undefined) => api.post(`${base(caseId)}/evaluate`, {}, options));
export const useRecommendEarlyDischarge = (caseId: string) =>
  useChange(caseId, (input: RecommendInput) => api.post(`${base(caseId)}/recommend`, input, options));
export const useDenyEarlyDischarge = (caseId: string) =>
  useChange(caseId, (input: DenyInput) => api.post(`${base(caseId)}/deny`, input, options));
export const useSnoozeEarlyDischarge = (caseId: string) =>
  useChange(caseId, (input: SnoozeInput) => api.post(`${base(caseId)}/snooze`, input, options));
export const useReviewEarlyDischarge = (caseId: string, recommendationId: string) =>
  useChange(caseId, (input: ReviewInput) =>
    api.post(`/api/v1/early-discharge-recommendations/${encodeURIComponent(recommendationId)}/decision`, input, options),
  );
