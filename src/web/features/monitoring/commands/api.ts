import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type DeviceCommandBody, deviceCommand, deviceCommands } from "../../../../shared/contract/monitoring-commands";
import { api } from "../../../lib/api-client";

export const deviceCommandKeys = {
  all: ["device-commands"] as const,
  ofCase: (caseId: string) => [...deviceCommandKeys.all, caseId] as const,
};

/** The case's device and its last commands; polled every 5 s while a command waits for the device's answer. */
export const useDeviceCommands = (caseId: string) =>
  useQuery({
    queryKey: deviceCommandKeys.ofCase(caseId),
    queryFn: () => api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/monitoring/commands`, { schema: deviceCommands }),
    refetchInterval: (query) => (query.state.data?.commands.some((command) => command.replyStatus === null) ? 5_000 : false),
  });

export function useSendDeviceCommand(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DeviceCommandBody) =>
      api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/monitoring/commands`, body, { schema: deviceCommand }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deviceCommandKeys.ofCase(caseId) }),
  });
}
