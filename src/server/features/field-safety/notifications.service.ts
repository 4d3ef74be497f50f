import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { notFound } from "../../platform/errors";
import type { Notification } from "./notifications.queries";
import * as queries from "./notifications.queries";

/** A user's own notifications: unread first, urgent first among them. */
export function createNotificationsService(deps: FeatureDeps) {
  return {
    async list(context: RequestContext): Promise<Notification[]> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, ownDataOnly }) => {
        ownDataOnly("the user's own notifications");
        return queries.listNotificationsOfUser(tx, actor.userId);
      });
    },

    async markRead(context: RequestContext, id: string): Promise<void> {
      await guarded(deps, context, async ({ tx, authorize }) => {
        const owner = await queries.lockNotificationOwner(tx, id);
        if (!owner) throw notFound("Notification");
        // Only its recipient marks a notification read; anyone else is refused and audited by the policy.
        authorize(
          "notification.own",
          { agencyId: owner.agency_id, userId: owner.user_id },
          { action: "notification.read", recordType: "notification", recordId: id },
        );
        await queries.markNotificationRead(tx, id, context.now);
      });
    },

    /** Marks every unread notification of the user read; answers how many were unread. */
    async markAllRead(context: RequestContext): Promise<number> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, ownDataOnly }) => {
        ownDataOnly("the user's own notifications");
        return queries.markAllNotificationsRead(tx, actor.userId, context.now);
      });
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
