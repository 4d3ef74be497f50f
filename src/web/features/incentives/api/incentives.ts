import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  caseIncentives,
  incentive,
  incentiveSettings,
  type incentiveSettingsBody,
  type newIncentiveBody,
  unitIncentives,
} from "../../../../shared/contract/incentives";
import { api } from "../../../lib/api-client";
import { taskKeys } from "../../../lib/query-keys";

export type { CaseIncentives, Incentive, RatioFacts, UnitIncentives } from "../../../../shared/contract/incentives";
export type NewIncentiveInput = z.input<typeof newIncentiveBody>;
/** A period asked for; left out, the server's default (the six months up to today). */
export type Period = { from?: string; to?: string };

export const incentiveKeys = {
  all: ["incentives"] as const,
  ofCase: (caseId: string, period: Period) => [...incentiveKeys.all, "case", caseId, period] as const,
  unit: (period: Period) => [...incentiveKeys.all, "unit", period] as const,
};

const query = (period: Period) => {
  const search = new URLSearchParams(Object.entries(period).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return search.size > 0 ? `?${search}` : "";
};

/** The case's incentives, what they may reward, and its ratio over the period. */
export const useCaseIncentives = (caseId: string, period: Period) =>
  useQuery({
    queryKey: incentiveKeys.ofCase(caseId, period),
    queryFn: () => api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/incentives${query(period)}`, { schema: caseIncentives }),
  });

/** Recording an incentive moves the ratios on and may close an acknowledge-achievement task. */
export function useRecordIncentive(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewIncentiveInput) =>
      api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/incentives`, input, { schema: incentive }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: incentiveKeys.all }),
        queryClient.invalidateQueries({ queryKey: taskKeys.all }),
      ]),
  });
}

/** The supervisor's unit: its ratio and each officer's over the period. */
export const useUnitIncentives = (period: Period) =>
  useQuery({
    queryKey: incentiveKeys.unit(period),
    queryFn: () => api.get(`/api/v1/incentives/unit${query(period)}`, { schema: unitIncentives }),
  });

const settingsKey = [...incentiveKeys.all, "settings"] as const;

/** The agency's target ratio and its own incentives. */
export const useIncentiveSettings = () =>
  useQuery({ queryKey: settingsKey, queryFn: () => api.get("/api/v1/incentive-settings", { schema: incentiveSettings }) });

export function useSaveIncentiveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof incentiveSettingsBody>) =>
      api.put("/api/v1/incentive-settings", input, { schema: incentiveSettings }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: incentiveKeys.all }),
  });
}
