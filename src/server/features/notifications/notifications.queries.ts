import type { z } from "zod";
import {
  type deadLetter,
  defaultNotifiedTaskKinds,
  type NotificationKind,
  type notification,
  type notificationPreferences,
} from "../../../shared/contract/notifications";
import type { TaskKind } from "../../../shared/contract/tasks";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";
import { liveChannel } from "../../platform/live";

export type Notification = z.infer<typeof notification>;
export type NotificationPreferences = z.infer<typeof notificationPreferences>;
export type DeadLetter = z.infer<typeof deadLetter>;
export type Channel = "email" | "sms";

const notificationJson = `json_build_object('id', n.id, 'kind', n.kind, 'title', n.title, 'body', n.body, 'recordType', n.record_type,
    'recordId', n.record_id, 'urgent', n.urgent, 'createdAt', ${instantText("n.created_at")}, 'readAt', ${instantText("n.read_at")})`;

/** A user's latest 100 notifications: unread first, urgent first among them. */
export async function listNotificationsOfUser(db: Queryable, userId: string): Promise<Notification[]> {
  const rows = await db.query<{ notification: Notification }>(
    `SELECT ${notificationJson} AS notification FROM notification n
      WHERE n.user_id = $1 ORDER BY (n.read_at IS NULL) DESC, n.urgent DESC, n.created_at DESC LIMIT 100`,
    [userId],
  );
  return rows.map((row) => row.notification);
}

/** The user's notifications after a stream position (the SSE event id), oldest first, at most `limit`. */
export async function listNotificationsAfter(
  db: Queryable,
  userId: string,
  afterSeq: number,
  limit: number,
): Promise<{ seq: number; notification: Notification }[]> {
  return db.query<{ seq: number; notification: Notification }>(
    `SELECT n.seq, ${notificationJson} AS notification FROM notification n
      WHERE n.user_id = $1 AND n.seq > $2 ORDER BY n.seq LIMIT $3`,
    [userId, afterSeq, limit],
  );
}

/** The user's latest stream position: a new stream starts there (0 when the user has none). */
export async function latestNotificationSeq(db: Queryable, userId: string): Promise<number> {
  const [row] = await db.query<{ seq: number | null }>("SELECT max(seq) AS seq FROM notification WHERE user_id = $1", [userId]);
  return row?.seq ?? 0;
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

/**
 * Tells every instance's open streams of the user, when the transaction commits (nothing is sent if it rolls
 * back): "notification" (read from the last event id on), "read" (counts changed) or "tasks" (a task of theirs
 * was made or closed: the Today list and task lists refresh).
 */
export type LiveEvent = "notification" | "read" | "tasks" | "alerts";

export async function publishLive(db: Queryable, userId: string, event: LiveEvent): Promise<void> {
  await db.query("SELECT pg_notify($1, $2)", [liveChannel, JSON.stringify({ userId, event })]);
}

export async function insertNotification(
  db: Queryable,
  input: { userId: string; kind: string; title: string; body: string; recordType: string; recordId: string; urgent: boolean; now: Date },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO notification (user_id, kind, title, body, record_type, record_id, urgent, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [input.userId, input.kind, input.title, input.body, input.recordType, input.recordId, input.urgent, input.now],
  );
  return row!.id;
}

type PreferenceRow = {
  email: string | null;
  sms_phone: string | null;
  email_kinds: NotificationKind[];
  sms_kinds: NotificationKind[];
  task_kinds: TaskKind[] | null;
  quiet_start_minute: number | null;
  quiet_end_minute: number | null;
};

const noPreferences: NotificationPreferences = {
  email: null,
  smsPhone: null,
  emailKinds: [],
  smsKinds: [],
  taskKinds: [...defaultNotifiedTaskKinds],
  quietHours: null,
};

/** A user's delivery preferences (in-app only until they choose more), and their agency's time zone. */
export async function findPreferences(db: Queryable, userId: string): Promise<{ preferences: NotificationPreferences; timeZone: string }> {
  const [row] = await db.query<PreferenceRow & { time_zone: string }>(
    `SELECT p.email, p.sms_phone, p.email_kinds, p.sms_kinds, p.task_kinds, p.quiet_start_minute, p.quiet_end_minute, a.time_zone
       FROM app_user u JOIN agency a ON a.id = u.agency_id LEFT JOIN notification_preference p ON p.user_id = u.id
      WHERE u.id = $1`,
    [userId],
  );
  if (!row) return { preferences: noPreferences, timeZone: "UTC" };
  return {
    timeZone: row.time_zone,
    preferences: {
      email: row.email,
      smsPhone: row.sms_phone,
      emailKinds: row.email_kinds ?? [],
      smsKinds: row.sms_kinds ?? [],
      taskKinds: row.task_kinds ?? [...defaultNotifiedTaskKinds],
      quietHours:
        row.quiet_start_minute === null || row.quiet_end_minute === null
          ? null
          : { startMinute: row.quiet_start_minute, endMinute: row.quiet_end_minute },
    },
  };
}

export async function savePreferences(db: Queryable, userId: string, preferences: NotificationPreferences, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO notification_preference (user_id, email, sms_phone, email_kinds, sms_kinds, quiet_start_minute, quiet_end_minute, updated_at,
                                         task_kinds)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, sms_phone = EXCLUDED.sms_phone, email_kinds = EXCLUDED.email_kinds,
       sms_kinds = EXCLUDED.sms_kinds, task_kinds = EXCLUDED.task_kinds, quiet_start_minute = EXCLUDED.quiet_start_minute, quiet_end_minute = EXCLUDED.quiet_end_minute,
       updated_at = EXCLUDED.updated_at`,
    [
      userId,
      preferences.email,
      preferences.smsPhone,
      preferences.emailKinds,
      preferences.smsKinds,
      preferences.quietHours?.startMinute ?? null,
      preferences.quietHours?.endMinute ?? null,
      now,
      preferences.taskKinds ?? null,
    ],
  );
}

/** Queues one e-mail or SMS of a notification in the outbox, due at `dueAt`. */
export async function insertDelivery(
  db: Queryable,
  input: { notificationId: string; channel: Channel; address: string; dueAt: Date; now: Date },
): Promise<void> {
  await db.query(
    "INSERT INTO notification_delivery (notification_id, channel, address, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5)",
    [input.notificationId, input.channel, input.address, input.dueAt, input.now],
  );
}

export type ClaimedDelivery = {
  id: string;
  channel: Channel;
  address: string;
  attempts: number;
  kind: string;
  urgent: boolean;
};

/**
 * Claims up to `limit` due deliveries for one attempt: the attempt is counted and the row is leased until
 * `leaseUntil`, so another instance skips it (SKIP LOCKED) and, should this worker die mid-send, it is due again then.
 */
export async function claimDueDeliveries(db: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  return db.query<ClaimedDelivery>(
    `WITH claimed AS (
       UPDATE notification_delivery SET attempts = attempts + 1, next_attempt_at = $2
        WHERE id IN (SELECT id FROM notification_delivery WHERE status = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, notification_id, channel, address, attempts)
     SELECT c.id, c.channel, c.address, c.attempts, n.kind, n.urgent FROM claimed c JOIN notification n ON n.id = c.notification_id`,
    [now, leaseUntil, limit],
  );
}

export async function markDeliverySent(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query("UPDATE notification_delivery SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1", [id, now]);
}

/** A failed attempt: due again at `retryAt`, or (retryAt null) a dead letter. */
export async function markDeliveryFailed(db: Queryable, id: string, error: string, retryAt: Date | null): Promise<void> {
  await db.query(
    `UPDATE notification_delivery SET last_error = $2,
            status = CASE WHEN $3::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
            next_attempt_at = coalesce($3::timestamptz, next_attempt_at)
      WHERE id = $1`,
    [id, error.slice(0, 1000), retryAt],
  );
}

/** The agency's dead letters, newest first. */
export async function listDeadLetters(db: Queryable, agencyId: string): Promise<DeadLetter[]> {
  const rows = await db.query<{ letter: DeadLetter }>(
    `SELECT json_build_object('id', d.id, 'channel', d.channel, 'recipientName', u.display_name, 'address', d.address, 'kind', n.kind,
              'attempts', d.attempts, 'lastError', d.last_error, 'createdAt', ${instantText("d.created_at")}) AS letter
       FROM notification_delivery d JOIN notification n ON n.id = d.notification_id JOIN app_user u ON u.id = n.user_id
      WHERE d.status = 'dead' AND u.agency_id = $1 ORDER BY d.created_at DESC LIMIT 200`,
    [agencyId],
  );
  return rows.map((row) => row.letter);
}

/** The agency of a dead letter's recipient, locked for retrying it; undefined when it is not a dead letter. */
export async function lockDeadLetter(db: Queryable, id: string): Promise<{ agency_id: string } | undefined> {
  const [row] = await db.query<{ agency_id: string }>(
    `SELECT u.agency_id FROM notification_delivery d JOIN notification n ON n.id = d.notification_id JOIN app_user u ON u.id = n.user_id
      WHERE d.id = $1 AND d.status = 'dead' FOR UPDATE OF d`,
    [id],
  );
  return row;
}

/** Puts a dead letter back in the outbox, due now, with its attempts counted afresh. */
export async function requeueDelivery(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query("UPDATE notification_delivery SET status = 'pending', attempts = 0, next_attempt_at = $2 WHERE id = $1", [id, now]);
}
