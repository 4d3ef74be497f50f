import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import type { colleague, fieldVisit, startFieldVisitBody } from "../../../../shared/contract/field-safety";
import { api, lazySchema } from "../../../lib/api-client";
import { notificationKeys } from "../../../lib/query-keys";

export type FieldVisit = z.infer<typeof fieldVisit>;
export type Colleague = z.infer<typeof colleague>;
export type StartFieldVisitInput = z.input<typeof startFieldVisitBody>;

export const fieldVisitKeys = {
  all: ["field-visits"] as const,
  active: () => [...fieldVisitKeys.all, "active"] as const,
  colleagues: () => [...fieldVisitKeys.all, "colleagues"] as const,
};

// The header's banner asks on every page: the schemas load with the first answer, not in the first chunk.
const contract = () => import("../../../../shared/contract/field-safety");
const visitList = lazySchema(() => contract().then((module) => z.array(module.fieldVisit)));
const colleagueList = lazySchema(() => contract().then((module) => z.array(module.colleague)));
const visit = lazySchema(() => contract().then((module) => module.fieldVisit));

/**
 * Visits in progress the user may see: their own; a supervisor's unit; everyone's for the duty contact.
 * It is polled (banner, board), so it is a background request that does not keep an idle session alive.
 */
export const useActiveVisits = (refetchInterval: number, enabled = true) =>
  useQuery({
    queryKey: fieldVisitKeys.active(),
    queryFn: () => api.get("/api/v1/field-visits/active", { schema: visitList, background: true }),
    enabled,
    refetchInterval,
    staleTime: 5_000,
  });

/** The signed-in user's own visit in progress, if any. */
export const ownVisit = (visits: FieldVisit[] | undefined, userId: string) => visits?.find((visit) => visit.officer.id === userId);

/** Who can go along as the second officer. */
export const useColleagues = (enabled: boolean) =>
  useQuery({
    queryKey: fieldVisitKeys.colleagues(),
    queryFn: () => api.get("/api/v1/field-visits/colleagues", { schema: colleagueList }),
    enabled,
    staleTime: 5 * 60_000,
  });

export function useStartVisit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StartFieldVisitInput) => api.post("/api/v1/field-visits", input, { schema: visit }),
    onSuccess: (visit) => {
      // The banner appears at once, without waiting for the next poll.
      queryClient.setQueryData<FieldVisit[]>(fieldVisitKeys.active(), (visits) => [
        ...(visits ?? []).filter((item) => item.id !== visit.id),
        visit,
      ]);
      return queryClient.invalidateQueries({ queryKey: fieldVisitKeys.active() });
    },
  });
}

export function useCheckOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post("/api/v1/field-visits/check-out", undefined, { schema: visit }),
    onSuccess: (visit) => {
      queryClient.setQueryData<FieldVisit[]>(fieldVisitKeys.active(), (visits) => visits?.filter((item) => item.id !== visit.id));
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: fieldVisitKeys.active() }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]);
    },
  });
}

/** A supervisor (or the duty contact) takes charge of an overdue visit's escalation. */
export function useAcknowledgeVisit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (visitId: string) =>
      api.post(`/api/v1/field-visits/${encodeURIComponent(visitId)}/acknowledge`, undefined, { schema: visit }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: fieldVisitKeys.active() }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}

/** Where a visit stands: on time, overdue (not escalated yet), escalated (level n), or acknowledged by a supervisor. */
export type VisitStatus = { kind: "on_time" | "overdue" | "escalated" | "acknowledged"; label: string; overdue: boolean };

export function visitStatus(visit: FieldVisit, now: Date): VisitStatus {
  const overdue = now.getTime() > new Date(visit.expectedEndAt).getTime();
  if (visit.acknowledgedAt) return { kind: "acknowledged", label: `Acknowledged (level ${visit.escalationLevel})`, overdue };
  if (visit.escalationLevel > 0) return { kind: "escalated", label: `Escalated, level ${visit.escalationLevel}`, overdue: true };
  if (overdue) return { kind: "overdue", label: "Overdue", overdue };
  return { kind: "on_time", label: "On time", overdue };
}

const timeFormat = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit" });
/** HH:MM in the user's time zone. */
export const formatTime = (iso: string) => timeFormat.format(new Date(iso));
