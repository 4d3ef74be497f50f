import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import {
  type AlertKind,
  type AlertSeverity,
  alertList,
  alertReport,
  alertSuspension,
  type bulkAlertBody,
  caseAlerts,
  monitoringAlert,
  monitoringAlertWithNotes,
  type newSuspensionBody,
  type resolveAlertBody,
} from "../../../../../shared/contract/monitoring-alerts";
import { api } from "../../../../lib/api-client";
import { alertKeys, caseloadKeys, taskKeys, todayKeys } from "../../../../lib/query-keys";

export type {
  AlertList,
  AlertReport,
  AlertSuspension,
  CaseAlerts,
  MonitoringAlert,
  MonitoringAlertWithNotes,
} from "../../../../../shared/contract/monitoring-alerts";
export type ResolveInput = z.input<typeof resolveAlertBody>;
export type BulkInput = z.input<typeof bulkAlertBody>;
export type SuspensionInput = z.input<typeof newSuspensionBody>;
export type QueueFilters = {
  status: "open" | "new" | "acknowledged" | "resolved" | "all";
  severity?: AlertSeverity | undefined;
  kind?: AlertKind | undefined;
  officerId?: string | undefined;
};

/**
 * The alert queue (the officer's caseload, the supervisor's unit). Kept current by the live stream's "alerts" event
 * (useLiveNotifications), not by polling.
 */
export const useAlertQueue = (filters: QueueFilters) =>
  useQuery({
    queryKey: alertKeys.queue(filters),
    queryFn: () => {
      const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
      return api.get(`/api/v1/monitoring/alerts?${query}`, { schema: alertList });
    },
  });

export const useCaseAlerts = (caseId: string) =>
  useQuery({
    queryKey: alertKeys.ofCase(caseId),
    queryFn: () => api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/monitoring/alerts`, { schema: caseAlerts }),
  });

export const useAlertDetail = (id: string | null) =>
  useQuery({
    queryKey: [...alertKeys.all, "detail", id],
    queryFn: () => api.get(`/api/v1/monitoring/alerts/${encodeURIComponent(id!)}`, { schema: monitoringAlertWithNotes }),
    enabled: id !== null,
  });

export const useAlertReport = (from: string, to: string) =>
  useQuery({
    queryKey: alertKeys.report(from, to),
    queryFn: () => api.get(`/api/v1/monitoring/alert-report?${new URLSearchParams({ from, to })}`, { schema: alertReport }),
  });

/** A triage change: alert lists, the caseload's counts and the Today/task lists (the alert task closes) move on. */
function useAlertChange<I, R>(send: (input: I) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: alertKeys.all }),
        queryClient.invalidateQueries({ queryKey: caseloadKeys.all }),
        queryClient.invalidateQueries({ queryKey: taskKeys.all }),
        queryClient.invalidateQueries({ queryKey: todayKeys.all }),
      ]),
  });
}

const alertPath = (id: string, action: string) => `/api/v1/monitoring/alerts/${encodeURIComponent(id)}/${action}`;

export const useAcknowledgeAlert = () =>
  useAlertChange((input: { id: string; version: number }) =>
    api.post(alertPath(input.id, "acknowledge"), { expectedVersion: input.version }, { schema: monitoringAlert }),
  );

export const useResolveAlert = (id: string) =>
  useAlertChange((input: ResolveInput) => api.post(alertPath(id, "resolve"), input, { schema: monitoringAlert }));

export const useAddAlertNote = (id: string) =>
  useAlertChange((input: { body: string }) => api.post(alertPath(id, "notes"), input, { schema: monitoringAlertWithNotes }));

export const useBulkTriage = () =>
  useAlertChange((input: BulkInput) =>
    api.post("/api/v1/monitoring/alerts/bulk", input, { schema: z.object({ alerts: z.array(monitoringAlert) }) }),
  );

export const useSuspendAlerts = (caseId: string) =>
  useAlertChange((input: SuspensionInput) =>
    api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/monitoring/suspensions`, input, { schema: alertSuspension }),
  );

export const useLiftSuspension = () =>
  useAlertChange((id: string) =>
    api.post(`/api/v1/monitoring/suspensions/${encodeURIComponent(id)}/lift`, undefined, { schema: alertSuspension }),
  );
