import type { z } from "zod";
import type { notification } from "../../../shared/contract/field-safety";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { instantText } from "../../platform/db/sql";
import { notFound } from "../../platform/errors";

type Notification = z.infer<typeof notification>;

const notificationSelect = `SELECT json_build_object('id', n.id, 'kind', n.kind, 'title', n.title, 'body', n.body, 'recordType', n.record_type,
    'recordId', n.record_id, 'urgent', n.urgent, 'createdAt', ${instantText("n.created_at")}, 'readAt', ${instantText("n.read_at")}) AS notification
  FROM notification n`;

/** A user's own notifications: unread first, urgent first among them. */
export function createNotificationsService(deps: FeatureDeps) {
  return {
    async list(context: RequestContext): Promise<Notification[]> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, ownDataOnly }) => {
        ownDataOnly("the user's own notifications");
        const rows = await tx.query<{ notification: Notification }>(
          `${notificationSelect} WHERE n.user_id = $1 ORDER BY (n.read_at IS NULL) DESC, n.urgent DESC, n.created_at DESC LIMIT 100`,
          [actor.userId],
        );
        return rows.map((row) => row.notification);
      });
    },

    async markRead(context: RequestContext, id: string): Promise<void> {
      await guarded(deps, context, async ({ tx, authorize }) => {
        const [owner] = await tx.query<{ user_id: string; agency_id: string }>(
          "SELECT n.user_id, u.agency_id FROM notification n JOIN app_user u ON u.id = n.user_id WHERE n.id = $1 FOR UPDATE OF n",
          [id],
        );
        if (!owner) throw notFound("Notification");
        // Only its recipient marks a notification read; anyone else is refused and audited by the policy.
        authorize(
          "notification.own",
          { agencyId: owner.agency_id, userId: owner.user_id },
          { action: "notification.read", recordType: "notification", recordId: id },
        );
        await tx.query("UPDATE notification SET read_at = coalesce(read_at, $2) WHERE id = $1", [id, context.now]);
      });
    },

    /** Marks every unread notification of the user read; answers how many were unread. */
    async markAllRead(context: RequestContext): Promise<number> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, ownDataOnly }) => {
        ownDataOnly("the user's own notifications");
        const updated = await tx.query("UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING 1", [
          actor.userId,
          context.now,
        ]);
        return updated.length;
      });
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
