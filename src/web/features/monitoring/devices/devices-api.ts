import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  activation,
  createdGateway,
  type DeviceStatus,
  type DeviceType,
  device,
  deviceList,
  type deviceStatusBody,
  gateway,
  gatewayList,
  type installDeviceBody,
  type newDeviceBody,
  type newGatewayBody,
  type removeDeviceBody,
  type updateDeviceBody,
} from "../../../../shared/contract/monitoring-devices";
import { api } from "../../../lib/api-client";

export type { Activation, CreatedGateway, Device, Gateway } from "../../../../shared/contract/monitoring-devices";

export const monitoringKeys = {
  all: ["monitoring"] as const,
  devices: (filter: object) => [...monitoringKeys.all, "devices", filter] as const,
  gateways: () => [...monitoringKeys.all, "gateways"] as const,
  ofCase: (caseId: string) => [...monitoringKeys.all, "case", caseId] as const,
  sharedZones: () => [...monitoringKeys.all, "shared-zones"] as const,
};

export type DeviceFilter = { status?: DeviceStatus | undefined; deviceType?: DeviceType | undefined; q?: string | undefined };

export const useDevices = (filter: DeviceFilter) =>
  useQuery({
    queryKey: monitoringKeys.devices(filter),
    queryFn: () => api.get("/api/v1/monitoring/devices", { query: filter, schema: deviceList }),
  });

/** Any monitoring change: the inventory, the person's Monitoring section and the shared zones read again. */
function useMonitoringChange<I, R>(send: (input: I) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => queryClient.invalidateQueries({ queryKey: monitoringKeys.all }) });
}

export const useAddDevice = () =>
  useMonitoringChange((input: z.input<typeof newDeviceBody>) => api.post("/api/v1/monitoring/devices", input, { schema: device }));
export const useUpdateDevice = (id: string) =>
  useMonitoringChange((input: z.input<typeof updateDeviceBody>) =>
    api.patch(`/api/v1/monitoring/devices/${encodeURIComponent(id)}`, input, { schema: device }),
  );
export const useSetDeviceStatus = (id: string) =>
  useMonitoringChange((input: z.input<typeof deviceStatusBody>) =>
    api.post(`/api/v1/monitoring/devices/${encodeURIComponent(id)}/status`, input, { schema: device }),
  );
export const useInstallDevice = (caseId: string) =>
  useMonitoringChange((input: z.input<typeof installDeviceBody>) =>
    api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/activations`, input, { schema: activation }),
  );
export const useRemoveDevice = (activationId: string) =>
  useMonitoringChange((input: z.input<typeof removeDeviceBody>) =>
    api.post(`/api/v1/activations/${encodeURIComponent(activationId)}/removal`, input, { schema: activation }),
  );

export const useGateways = () =>
  useQuery({ queryKey: monitoringKeys.gateways(), queryFn: () => api.get("/api/v1/monitoring/gateways", { schema: gatewayList }) });
export const useCreateGateway = () =>
  useMonitoringChange((input: z.input<typeof newGatewayBody>) =>
    api.post("/api/v1/monitoring/gateways", input, { schema: createdGateway }),
  );
export const useDeactivateGateway = () =>
  useMonitoringChange((id: string) =>
    api.post(`/api/v1/monitoring/gateways/${encodeURIComponent(id)}/deactivate`, undefined, { schema: gateway }),
  );
