import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { badRequest, notFound } from "../../platform/errors";
import type { DeadLetter, Notification, NotificationPreferences } from "./notifications.queries";
import * as queries from "./notifications.queries";

/** A user's own notifications (list, live stream, read marks, preferences); dead letters for administrators. */
export function createNotificationsService(deps: FeatureDeps) {
  const channels = { email: deps.config.email !== null, sms: deps.config.sms !== null };
  return {
    async list(context: RequestContext): Promise<Notification[]> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, ownDataOnly }) => {
        ownDataOnly("the user's own notifications");
        return queries.listNotificationsOfUser(tx, actor.userId);
      });
    },

    /** Where a new live stream starts: after the user's latest notification. */
    async latestSeq(context: RequestContext): Promise<number> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, ownDataOnly }) => {
        ownDataOnly("the user's own notifications");
        return queries.latestNotificationSeq(tx, actor.userId);
      });
    },

    /** The user's notifications after a stream position, oldest first (live events and Last-Event-ID catch-up). */
    async after(context: RequestContext, afterSeq: number, limit: number): Promise<{ seq: number; notification: Notification }[]> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, ownDataOnly }) => {
        ownDataOnly("the user's own notifications");
        return queries.listNotificationsAfter(tx, actor.userId, afterSeq, limit);
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
        await queries.publishLive(tx, owner.user_id, "read");
      });
    },

    /** Marks every unread notification of the user read; answers how many were unread. */
    async markAllRead(context: RequestContext): Promise<number> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, ownDataOnly }) => {
        ownDataOnly("the user's own notifications");
        const marked = await queries.markAllNotificationsRead(tx, actor.userId, context.now);
        if (marked > 0) await queries.publishLive(tx, actor.userId, "read");
        return marked;
      });
    },

    async preferences(context: RequestContext): Promise<{ preferences: NotificationPreferences; channels: typeof channels }> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, ownDataOnly }) => {
        ownDataOnly("the user's own notification preferences");
        return { preferences: (await queries.findPreferences(tx, actor.userId)).preferences, channels };
      });
    },

    async savePreferences(context: RequestContext, preferences: NotificationPreferences): Promise<void> {
      const actor = signedInActor(context);
      if (preferences.emailKinds.length > 0 && !channels.email) {
        throw badRequest("This server is not set up to send e-mail.", [{ field: "emailKinds", message: "e-mail is not available" }]);
      }
      if (preferences.smsKinds.length > 0 && !channels.sms) {
        throw badRequest("This server is not set up to send SMS.", [{ field: "smsKinds", message: "SMS is not available" }]);
      }
      await guarded(deps, context, async ({ tx, record }) => {
        await queries.savePreferences(tx, actor.userId, preferences, context.now);
        record({
          action: "notification.preferences_change",
          outcome: "allowed",
          recordType: "user",
          recordId: actor.userId,
          justification: "own notification preferences",
          details: {
            emailKinds: preferences.emailKinds.join(","),
            smsKinds: preferences.smsKinds.join(","),
            quietHours: preferences.quietHours !== null,
          },
        });
      });
    },

    /** The agency's e-mail and SMS that failed every retry. */
    async deadLetters(context: RequestContext): Promise<DeadLetter[]> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("notification.deliveries_manage", { agencyId: actor.agencyId }, { action: "notification.dead_letters_list" });
        return queries.listDeadLetters(tx, actor.agencyId);
      });
    },

    /** Sends a dead letter again: back in the outbox, due now, with a fresh count of attempts. */
    async retryDeadLetter(context: RequestContext, id: string): Promise<void> {
      const actor = signedInActor(context);
      await guarded(deps, context, async ({ tx, authorize }) => {
        const letter = await queries.lockDeadLetter(tx, id);
        if (!letter || letter.agency_id !== actor.agencyId) throw notFound("Dead letter");
        authorize(
          "notification.deliveries_manage",
          { agencyId: letter.agency_id },
          { action: "notification.delivery_retry", recordType: "notification_delivery", recordId: id },
        );
        await queries.requeueDelivery(tx, id, context.now);
      });
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
