import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  caseMonitoring,
  type caseZoneImportBody,
  type endZoneBody,
  type homePositionBody,
  type newZoneBody,
  type replaceZoneBody,
  type sharedZoneImportBody,
  sharedZoneList,
  zone,
  type zoneExceptionBody,
  zoneImportResult,
} from "../../../../shared/contract/monitoring-zones";
import { api } from "../../../lib/api-client";
import { monitoringKeys } from "../devices/devices-api";

export type { CaseMonitoring, Zone, ZoneGeometry } from "../../../../shared/contract/monitoring-zones";

export const useCaseMonitoring = (caseId: string) =>
  useQuery({
    queryKey: monitoringKeys.ofCase(caseId),
    queryFn: () => api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/monitoring`, { schema: caseMonitoring }),
  });

function useZoneChange<I, R>(send: (input: I) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => queryClient.invalidateQueries({ queryKey: monitoringKeys.all }) });
}

const id = encodeURIComponent;

export const useCreateZone = (caseId: string) =>
  useZoneChange((input: z.input<typeof newZoneBody>) => api.post(`/api/v1/cases/${id(caseId)}/zones`, input, { schema: zone }));
export const useReplaceZone = (zoneId: string) =>
  useZoneChange((input: z.input<typeof replaceZoneBody>) => api.post(`/api/v1/zones/${id(zoneId)}/replacement`, input, { schema: zone }));
export const useEndZone = (zoneId: string) =>
  useZoneChange((input: z.input<typeof endZoneBody>) => api.post(`/api/v1/zones/${id(zoneId)}/end`, input, { schema: zone }));
export const useAddZoneException = (zoneId: string) =>
  useZoneChange((input: z.input<typeof zoneExceptionBody>) => api.post(`/api/v1/zones/${id(zoneId)}/exceptions`, input, { schema: zone }));
export const useSetHomePosition = (caseId: string) =>
  useZoneChange((input: z.input<typeof homePositionBody>) =>
    api.post(`/api/v1/cases/${id(caseId)}/home-position`, input, { schema: caseMonitoring }),
  );
export const useImportCaseZones = (caseId: string) =>
  useZoneChange((input: z.input<typeof caseZoneImportBody>) =>
    api.post(`/api/v1/cases/${id(caseId)}/zones/import`, input, { schema: zoneImportResult }),
  );

export const useSharedZones = () =>
  useQuery({
    queryKey: monitoringKeys.sharedZones(),
    queryFn: () => api.get("/api/v1/monitoring/shared-zones", { schema: sharedZoneList }),
  });
export const useImportSharedZones = () =>
  useZoneChange((input: z.input<typeof sharedZoneImportBody>) =>
    api.post("/api/v1/monitoring/shared-zones/import", input, { schema: zoneImportResult }),
  );
export const useEndSharedZone = (zoneId: string) =>
  useZoneChange((input: z.input<typeof endZoneBody>) =>
    api.post(`/api/v1/monitoring/shared-zones/${id(zoneId)}/end`, input, { schema: zone }),
  );
