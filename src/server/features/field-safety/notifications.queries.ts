import type { z } from "zod";
import type { notification } from "../../../shared/contract/field-safety";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

export type Notification = z.infer<typeof notification>;

const notificationSelect = `SELECT json_build_object('id', n.id, 'kind', n.kind, 'title', n.title, 'body', n.body, 'recordType', n.record_type,
    'recordId', n.record_id, 'urgent', n.urgent, 'createdAt', ${instantText("n.created_at")}, 'readAt', ${instantText("n.read_at")}) AS notification
  FROM notification n`;

/** A user's latest 100 notifications: unread first, urgent first among them. */
export async function listNotificationsOfUser(db: Queryable, userId: string): Promise<Notification[]> {
  const rows = await db.query<{ notification: Notification }>(
    `${notificationSelect} WHERE n.user_id = $1 ORDER BY (n.read_at IS NULL) DESC, n.urgent DESC, n.created_at DESC LIMIT 100`,
    [userId],
  );
  return rows.map((row) => row.notification);
}

/** Whose the notification is, locked for marking it read. */
export async function lockNotificationOwner(db: Queryable, id: string): Promise<{ user_id: string; agency_id: string } | undefined> {
  const [owner] = await db.query<{ user_id: string; agency_id: string }>(
    "SELECT n.user_id, u.agency_id FROM notification n JOIN app_user u ON u.id = n.user_id WHERE n.id = $1 FOR UPDATE OF n",
    [id],
  );
  return owner;
}

/** Marks one notification read; a notification already read keeps the time it was first read. */
export async function markNotificationRead(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query("UPDATE notification SET read_at = coalesce(read_at, $2) WHERE id = $1", [id, now]);
}

/** Marks every unread notification of the user read; answers how many were unread. */
export async function markAllNotificationsRead(db: Queryable, userId: string, now: Date): Promise<number> {
  const updated = await db.query("UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING 1", [userId, now]);
  return updated.length;
}

/** A notification for one user, about one record (features that notify: field safety, drug testing). */
export async function insertNotification(
  db: Queryable,
  input: { userId: string; kind: string; title: string; body: string; recordType: string; recordId: string; urgent: boolean; now: Date },
): Promise<void> {
  await db.query(
    "INSERT INTO notification (user_id, kind, title, body, record_type, record_id, urgent, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    [input.userId, input.kind, input.title, input.body, input.recordType, input.recordId, input.urgent, input.now],
  );
}
