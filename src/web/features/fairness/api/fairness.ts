import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { okResponse } from "../../../../shared/contract/common";
import { type fairnessDimensions, fairnessReport, type raceEthnicityBody, raceEthnicityRecord } from "../../../../shared/contract/fairness";
import { api, isApiError } from "../../../lib/api-client";
import { fairnessKeys } from "../../../lib/query-keys";

export type { FairnessReport, RaceEthnicityRecord } from "../../../../shared/contract/fairness";
export type FairnessDimension = (typeof fairnessDimensions)[number];

const racePath = (personId: string) => `/api/v1/people/${encodeURIComponent(personId)}/race-ethnicity`;

/** Read only when asked (each read is audited): `enabled` is the officer's "Show". */
export const useRaceEthnicity = (personId: string, enabled: boolean) =>
  useQuery({
    queryKey: fairnessKeys.raceEthnicity(personId),
    queryFn: () => api.get(racePath(personId), { schema: raceEthnicityRecord }),
    enabled,
  });

export function useRecordRaceEthnicity(personId: string) {
  const queryClient = useQueryClient();
  const reload = () => queryClient.invalidateQueries({ queryKey: fairnessKeys.raceEthnicity(personId) });
  return useMutation({
    mutationFn: (input: z.output<typeof raceEthnicityBody>) => api.put(racePath(personId), input, { schema: okResponse }),
    onSuccess: reload,
    onError: (error) => (isApiError(error) && error.code === "edit_conflict" ? reload() : undefined),
  });
}

export const useFairnessReport = (query: { dimension: FairnessDimension; from: string; to: string }) =>
  useQuery({
    queryKey: fairnessKeys.report(query),
    queryFn: () => api.get("/api/v1/fairness/responses", { query, schema: fairnessReport }),
  });
