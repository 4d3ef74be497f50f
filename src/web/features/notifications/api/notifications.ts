import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { okResponse } from "../../../../shared/contract/common";
import { markAllReadResponse, notification } from "../../../../shared/contract/field-safety";
import { api } from "../../../lib/api-client";
import { notificationKeys } from "../../../lib/query-keys";

export type Notification = z.infer<typeof notification>;

const notificationList = z.array(notification);

/**
 * The signed-in user's notifications, unread and urgent first. The header polls it so urgent alerts (an overdue
 * field visit) show up without a reload; polling is a background request that does not keep an idle session alive.
 */
export const useNotifications = (refetchInterval?: number, enabled = true) =>
  useQuery({
    queryKey: notificationKeys.list(),
    queryFn: () => api.get("/api/v1/notifications", { schema: notificationList, background: true }),
    enabled,
    ...(refetchInterval ? { refetchInterval } : {}),
  });

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
