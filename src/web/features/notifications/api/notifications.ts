import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { notification } from "../../../../shared/contract/field-safety";
import { api } from "../../../lib/api-client";

export type Notification = z.infer<typeof notification>;

const notificationList = z.array(notification);

export const notificationKeys = {
  all: ["notifications"] as const,
  list: () => [...notificationKeys.all, "list"] as const,
};

/** The signed-in user's notifications, unread and urgent first. */
export const useNotifications = () =>
  useQuery({
    queryKey: notificationKeys.list(),
    queryFn: () => api.get("/api/v1/notifications", { schema: notificationList }),
  });
