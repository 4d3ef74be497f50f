import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { agencySettings, type agencySettingsBody } from "../../../../shared/contract/admin";
import { api } from "../../../lib/api-client";

export const settingsKeys = { agency: ["admin", "agency-settings"] as const };

export type AgencySettingsInput = z.input<typeof agencySettingsBody>;

export const useAgencySettings = () =>
  useQuery({ queryKey: settingsKeys.agency, queryFn: () => api.get("/api/v1/agency/settings", { schema: agencySettings }) });

export function useUpdateAgencySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AgencySettingsInput) => api.patch("/api/v1/agency/settings", input, { schema: agencySettings }),
    onSuccess: (settings) => queryClient.setQueryData(settingsKeys.agency, settings),
  });
}
