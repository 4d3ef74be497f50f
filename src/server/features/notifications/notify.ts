import type { NotificationKind } from "../../../shared/contract/notifications";
import type { Queryable } from "../../platform/db/database";
import * as queries from "./notifications.queries";

export type NewNotification = {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  recordType: string;
  recordId: string;
  urgent: boolean;
  now: Date;
};

/**
 * The one way any capability notifies a user, inside its own transaction: the in-app notification, its e-mail
 * and SMS in the outbox as the user prefers (sent by the dispatch job), and a live event to the user's open
 * browsers; all of it commits with the change that caused it, or none of it does.
 */
export async function notify(tx: Queryable, input: NewNotification): Promise<string> {
  const id = await queries.insertNotification(tx, input);
  const { preferences, timeZone } = await queries.findPreferences(tx, input.userId);
  const dueAt = input.urgent ? input.now : afterQuietHours(input.now, preferences.quietHours, timeZone);
  if (preferences.email && preferences.emailKinds.includes(input.kind)) {
    await queries.insertDelivery(tx, { notificationId: id, channel: "email", address: preferences.email, dueAt, now: input.now });
  }
  if (preferences.smsPhone && preferences.smsKinds.includes(input.kind)) {
    await queries.insertDelivery(tx, { notificationId: id, channel: "sms", address: preferences.smsPhone, dueAt, now: input.now });
  }
  await queries.publishLive(tx, input.userId, "notification");
  return id;
}

/** Minutes after midnight of an instant in a time zone. */
function minuteOfDay(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  return part("hour") * 60 + part("minute");
}

/**
 * When an e-mail or SMS may go: now, or the end of the recipient's quiet hours (agency time) when now is within
 * them. A window may cross midnight (22:00–07:00).
 */
export function afterQuietHours(now: Date, quietHours: { startMinute: number; endMinute: number } | null, timeZone: string): Date {
  if (!quietHours) return now;
  const { startMinute, endMinute } = quietHours;
  const minute = minuteOfDay(now, timeZone);
  const inside = startMinute < endMinute ? minute >= startMinute && minute < endMinute : minute >= startMinute || minute < endMinute;
  if (!inside) return now;
  const waitMinutes = (endMinute - minute + 1440) % 1440;
  const startOfMinute = now.getTime() - (now.getTime() % 60_000);
  return new Date(startOfMinute + waitMinutes * 60_000);
}
