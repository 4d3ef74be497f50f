import type { Queryable } from "../db/database";

export type EventRow = {
  id: string;
  case_id: string;
  kind: string;
  source_type: string;
  source_id: string;
  counts_as_positive: boolean;
  details: unknown;
  occurred_at: Date;
  created_at: Date;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
};

/** Inserts a standing event; answers null when the same source, kind and time already stand (raising is idempotent). */
export async function insertEvent(
  db: Queryable,
  input: {
    caseId: string;
    kind: string;
    sourceType: string;
    sourceId: string;
    countsAsPositive: boolean;
    details: unknown;
    occurredAt: string | Date;
    now: Date;
  },
): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO supervision_event (case_id, kind, source_type, source_id, counts_as_positive, details, occurred_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (source_type, source_id, kind, occurred_at) WHERE withdrawn_at IS NULL DO NOTHING
     RETURNING id`,
    [
      input.caseId,
      input.kind,
      input.sourceType,
      input.sourceId,
      input.countsAsPositive,
      input.details === undefined || input.details === null ? null : JSON.stringify(input.details),
      input.occurredAt,
      input.now,
    ],
  );
  return row?.id ?? null;
}

/** Withdraws the standing events of a source (of the given kinds, or all; the latest one only, or every one); answers their ids. */
export async function withdrawStandingEvents(
  db: Queryable,
  input: { sourceType: string; sourceId: string; kinds: readonly string[] | null; latestOnly: boolean; reason: string; now: Date },
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE supervision_event SET withdrawn_at = $4, withdrawn_reason = $5
      WHERE id IN (
        SELECT id FROM supervision_event
         WHERE source_type = $1 AND source_id = $2 AND withdrawn_at IS NULL AND ($3::text[] IS NULL OR kind = ANY ($3::text[]))
         ORDER BY occurred_at DESC
         LIMIT CASE WHEN $6::boolean THEN 1 END)
      RETURNING id`,
    [input.sourceType, input.sourceId, input.kinds, input.now, input.reason, input.latestOnly],
  );
  return rows.map((row) => row.id);
}

export async function findEvent(db: Queryable, id: string): Promise<EventRow | undefined> {
  const [row] = await db.query<EventRow>("SELECT * FROM supervision_event WHERE id = $1", [id]);
  return row;
}

/** Adds a consumer's delivery of an event unless it exists; true when added. */
export async function insertDelivery(
  db: Queryable,
  input: { eventId: string; consumer: string; delivery: "raised" | "withdrawn"; now: Date },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO supervision_event_delivery (event_id, consumer, delivery, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (event_id, consumer, delivery) DO NOTHING RETURNING event_id`,
    [input.eventId, input.consumer, input.delivery, input.now],
  );
  return rows.length > 0;
}

/** Locks a consumer's pending deliveries of an event, the raised one first. */
export async function lockPendingDeliveries(
  db: Queryable,
  eventId: string,
  consumer: string,
): Promise<{ delivery: "raised" | "withdrawn" }[]> {
  return db.query<{ delivery: "raised" | "withdrawn" }>(
    `SELECT delivery FROM supervision_event_delivery
      WHERE event_id = $1 AND consumer = $2 AND status = 'pending'
      ORDER BY delivery = 'withdrawn'
      FOR UPDATE`,
    [eventId, consumer],
  );
}

export async function markDeliveryDone(db: Queryable, eventId: string, consumer: string, delivery: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE supervision_event_delivery SET status = 'done', attempts = attempts + 1, processed_at = $4, last_error = NULL
      WHERE event_id = $1 AND consumer = $2 AND delivery = $3`,
    [eventId, consumer, delivery, now],
  );
}

/** Counts a failed attempt; after the last one the delivery is dead (an administrator looks at it). */
export async function markDeliveryFailed(
  db: Queryable,
  input: { eventId: string; consumer: string; delivery: string; error: string; maxAttempts: number },
): Promise<void> {
  await db.query(
    `UPDATE supervision_event_delivery
        SET attempts = attempts + 1, last_error = $4, status = CASE WHEN attempts + 1 >= $5 THEN 'dead' ELSE status END
      WHERE event_id = $1 AND consumer = $2 AND delivery = $3 AND status = 'pending'`,
    [input.eventId, input.consumer, input.delivery, input.error, input.maxAttempts],
  );
}

/** Where a consumer's backfill stands: the start point it was given events from, undefined when never. */
export async function findConsumerBackfill(db: Queryable, consumer: string): Promise<Date | undefined> {
  const [row] = await db.query<{ backfilled_from: Date }>("SELECT backfilled_from FROM supervision_event_consumer WHERE name = $1", [
    consumer,
  ]);
  return row?.backfilled_from;
}

export async function recordConsumerBackfill(db: Queryable, consumer: string, from: Date, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO supervision_event_consumer (name, backfilled_from, backfilled_at) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET backfilled_from = least(supervision_event_consumer.backfilled_from, excluded.backfilled_from),
                                      backfilled_at = excluded.backfilled_at`,
    [consumer, from, now],
  );
}

/** How many standing events a backfill from `from` looks at (for its progress). */
export async function countStandingEventsSince(db: Queryable, from: Date, kinds: readonly string[] | null): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM supervision_event
      WHERE occurred_at >= $1 AND withdrawn_at IS NULL AND ($2::text[] IS NULL OR kind = ANY ($2::text[]))`,
    [from, kinds],
  );
  return row!.count;
}

export type EventCursor = { occurredAt: Date; id: string };

/**
 * Gives a consumer a raised delivery of the next batch of standing events (occurred at or after `from`, after the
 * cursor, in occurrence order) that it has none of; withdrawn events are skipped. Answers how many the batch held, its
 * last event (the next cursor, undefined when none was left) and the events given a delivery now.
 */
export async function addBackfillDeliveries(
  db: Queryable,
  input: { consumer: string; from: Date; kinds: readonly string[] | null; after: EventCursor | null; limit: number; now: Date },
): Promise<{ size: number; last: EventCursor | undefined; added: string[] }> {
  const batch = await db.query<{ id: string; occurred_at: Date }>(
    `SELECT id, occurred_at FROM supervision_event
      WHERE occurred_at >= $1 AND withdrawn_at IS NULL AND ($2::text[] IS NULL OR kind = ANY ($2::text[]))
        AND ($3::timestamptz IS NULL OR (occurred_at, id) > ($3::timestamptz, $4::uuid))
      ORDER BY occurred_at, id
      LIMIT $5`,
    [input.from, input.kinds, input.after?.occurredAt ?? null, input.after?.id ?? null, input.limit],
  );
  const last = batch.at(-1);
  if (!last) return { size: 0, last: undefined, added: [] };
  const added = await db.query<{ event_id: string }>(
    `INSERT INTO supervision_event_delivery (event_id, consumer, delivery, created_at)
     SELECT id, $2, 'raised', $3 FROM unnest($1::uuid[]) AS id
     ON CONFLICT (event_id, consumer, delivery) DO NOTHING RETURNING event_id`,
    [batch.map((row) => row.id), input.consumer, input.now],
  );
  return { size: batch.length, last: { occurredAt: last.occurred_at, id: last.id }, added: added.map((row) => row.event_id) };
}
