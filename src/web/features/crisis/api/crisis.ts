import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { unit } from "../../../../shared/contract/admin";
import {
  caseCrises,
  type checklistEntryBody,
  type closeCrisisBody,
  crisis,
  crisisContact,
  crisisSettings,
  type followUpDefaultsBody,
  type newCrisisBody,
  type newCrisisContactBody,
  type newFollowUpBody,
  type updateCrisisContactBody,
} from "../../../../shared/contract/crisis";
import { api } from "../../../lib/api-client";
import { caseloadKeys, crisisKeys, taskKeys, unitKeys } from "../../../lib/query-keys";

export type { CaseCrises, ChecklistEntry, Crisis, CrisisContact, CrisisSettings } from "../../../../shared/contract/crisis";
export type NewCrisisInput = z.input<typeof newCrisisBody>;
export type ChecklistInput = z.input<typeof checklistEntryBody>;
export type FollowUpInput = z.input<typeof newFollowUpBody>;
export type CloseCrisisInput = z.input<typeof closeCrisisBody>;

/** The case's crises, its area's crisis contacts, the follow-up defaults and the events a crisis may name. */
export const useCaseCrises = (caseId: string) =>
  useQuery({
    queryKey: crisisKeys.ofCase(caseId),
    queryFn: () => api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/crises`, { schema: caseCrises }),
  });

/** A change of a case's crises: its list and banner, its tasks (follow-ups) and the caseload's flag move on. */
function useCrisisChange<I, R>(caseId: string, send: (input: I) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: crisisKeys.ofCase(caseId) }),
        queryClient.invalidateQueries({ queryKey: taskKeys.all }),
        queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
      ]),
  });
}

const options = { schema: crisis };

export const useOpenCrisis = (caseId: string) =>
  useCrisisChange(caseId, (input: NewCrisisInput) => api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/crises`, input, options));

export const useRecordChecklist = (caseId: string, id: string) =>
  useCrisisChange(caseId, (input: ChecklistInput) => api.post(`/api/v1/crises/${encodeURIComponent(id)}/checklist`, input, options));

export const useAddFollowUp = (caseId: string, id: string) =>
  useCrisisChange(caseId, (input: FollowUpInput) => api.post(`/api/v1/crises/${encodeURIComponent(id)}/follow-ups`, input, options));

export const useCloseCrisis = (caseId: string, id: string) =>
  useCrisisChange(caseId, (input: CloseCrisisInput) => api.post(`/api/v1/crises/${encodeURIComponent(id)}/close`, input, options));

// ─── Administrators ──────────────────────────────────────────────────────────────────────────────────────────────

export const useCrisisSettings = () =>
  useQuery({ queryKey: crisisKeys.settings(), queryFn: () => api.get("/api/v1/crisis-settings", { schema: crisisSettings }) });

function useSettingsChange<I, R>(send: (input: I) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => queryClient.invalidateQueries({ queryKey: crisisKeys.all }) });
}

export const useAddCrisisContact = () =>
  useSettingsChange((input: z.input<typeof newCrisisContactBody>) => api.post("/api/v1/crisis-contacts", input, { schema: crisisContact }));

export const useUpdateCrisisContact = (id: string) =>
  useSettingsChange((input: z.input<typeof updateCrisisContactBody>) =>
    api.put(`/api/v1/crisis-contacts/${encodeURIComponent(id)}`, input, { schema: crisisContact }),
  );

export const useSaveFollowUpDefaults = () =>
  useSettingsChange((input: z.input<typeof followUpDefaultsBody>) =>
    api.put("/api/v1/crisis-settings/follow-ups", input, { schema: crisisSettings }),
  );

const unitList = z.array(unit);

/** The agency's units: the areas a crisis contact may serve (the same query as the Units page). */
export const useAreas = () => useQuery({ queryKey: unitKeys.list(), queryFn: () => api.get("/api/v1/units", { schema: unitList }) });
