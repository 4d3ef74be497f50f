import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { z } from "zod";
import { okResponse } from "../../../../shared/contract/common";
import type { NotificationKind, notification, notificationPreferences } from "../../../../shared/contract/notifications";
import { api, lazySchema } from "../../../lib/api-client";
import { alertKeys, caseloadKeys, notificationKeys, taskKeys, todayKeys } from "../../../lib/query-keys";

export type Notification = z.infer<typeof notification>;
export type NotificationPreferencesInput = z.input<typeof notificationPreferences>;

// The header asks for notifications on every page: their schemas load with the first answer, not in the first chunk.
const contract = () => import("../../../../shared/contract/notifications");
const notificationList = lazySchema(() => contract().then((module) => z.array(module.notification)));
const markAllReadResponse = lazySchema(() => contract().then((module) => module.markAllReadResponse));
const notificationPreferencesView = lazySchema(() => contract().then((module) => module.notificationPreferencesView));
const deadLetterList = lazySchema(() => contract().then((module) => z.array(module.deadLetter)));

/** What each kind of notification is, as the preferences page names it. */
export const notificationKindLabels: Record<NotificationKind, string> = {
  field_visit_overdue: "Overdue field visits (urgent)",
  drug_test: "Positive, missed or refused drug tests",
  task: "New tasks (of the kinds chosen under New tasks)",
  request_decided: "A supervisor's decision on your request (such as a supervision level override)",
  monitoring_alert: "High-severity monitoring alerts, and alerts escalated to you (urgent)",
};

/**
 * The signed-in user's notifications, unread and urgent first. Kept current by the live stream
 * (useLiveNotifications), not by polling; a refresh it causes is a background request that keeps no session alive.
 */
export const useNotifications = (enabled = true) =>
  useQuery({
    queryKey: notificationKeys.list(),
    queryFn: () => api.get("/api/v1/notifications", { schema: notificationList, background: true }),
    enabled,
  });

/**
 * Listens to the server's live stream (Server-Sent Events) while mounted: a new notification, or a read mark made
 * in another tab, refreshes the list and the header's counts at once. The browser reconnects by itself and the
 * server catches it up from the last event it had. When the server says the session ended, the list's refresh
 * answers 401 and the app shows the sign-in as for any ended session.
 */
export function useLiveNotifications(enabled: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource("/api/v1/notifications/stream");
    const refresh = () => void queryClient.invalidateQueries({ queryKey: notificationKeys.list() });
    const refreshTasks = () => {
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
      void queryClient.invalidateQueries({ queryKey: todayKeys.all });
    };
    // Once the stream listens, what the page read before it did is read again: the stream connects after the page's
    // own requests, so a change in between would otherwise be missed (and after a reconnection, what happened while
    // the connection was down).
    // A monitoring alert of the user's cases was raised, triaged or cleared: the alert lists and the caseload's counts.
    const refreshAlerts = () => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.all });
      void queryClient.invalidateQueries({ queryKey: caseloadKeys.all });
    };
    source.addEventListener("ready", () => {
      refresh();
      refreshTasks();
      refreshAlerts();
    });
    source.addEventListener("notification", refresh);
    source.addEventListener("read", refresh);
    // A task of the user's was made or closed (a missed appointment's follow-up): the Today list and task lists refresh.
    source.addEventListener("tasks", refreshTasks);
    source.addEventListener("alerts", refreshAlerts);
    source.addEventListener("session-ended", () => {
      source.close();
      refresh();
    });
    return () => source.close();
  }, [enabled, queryClient]);
}

/** Unread, and unread urgent, notifications. */
export const unreadCounts = (items: Notification[] | undefined) => ({
  unread: items?.filter((item) => !item.readAt).length ?? 0,
  urgent: items?.filter((item) => !item.readAt && item.urgent).length ?? 0,
});

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/notifications/${encodeURIComponent(id)}/read`, undefined, { schema: okResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post("/api/v1/notifications/read-all", undefined, { schema: markAllReadResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export const useNotificationPreferences = () =>
  useQuery({
    queryKey: notificationKeys.preferences(),
    queryFn: () => api.get("/api/v1/notifications/preferences", { schema: notificationPreferencesView }),
  });

export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NotificationPreferencesInput) => api.put("/api/v1/notifications/preferences", input, { schema: okResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.preferences() }),
  });
}

export const useDeadLetters = () =>
  useQuery({
    queryKey: notificationKeys.deadLetters(),
    queryFn: () => api.get("/api/v1/notifications/dead-letters", { schema: deadLetterList }),
  });

export function useRetryDeadLetter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.post(`/api/v1/notifications/dead-letters/${encodeURIComponent(id)}/retry`, undefined, { schema: okResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.deadLetters() }),
  });
}
