import { z } from "zod";
import type { Database, Queryable } from "../db/database";
import { defaultMaxAttempts, defineJob, enqueueJob, type JobHandler } from "../jobs";
import * as queries from "./supervision-events.queries";

/**
 * Facts about a supervised person that other capabilities act on (violation responses, reassessment triggers,
 * incentives). Concerns first, then achievements.
 */
export const supervisionEventKinds = [
  "positive_test",
  "dilute_test",
  "adulterated_test",
  "missed_test",
  "refused_test",
  "missed_appointment",
  "contact_no_show",
  "contact_refused",
  "condition_non_compliant",
  "curfew_breach",
  "zone_breach",
  "police_contact",
  "new_arrest",
  "absconding",
  "housing_lost",
  "negative_test_streak",
  "employment_verified",
  "goal_completed",
  "programme_completed",
  // Electronic monitoring (issue 14): a device installed on, or removed from, the person.
  "monitoring_started",
  "monitoring_ended",
] as const;
export type SupervisionEventKind = (typeof supervisionEventKinds)[number];

export const achievementKinds: ReadonlySet<SupervisionEventKind> = new Set([
  "negative_test_streak",
  "employment_verified",
  "goal_completed",
  "programme_completed",
]);

/** The record an event comes from; withdrawing names it again. */
export type EventSource = { sourceType: string; sourceId: string };

export type SupervisionEvent = {
  id: string;
  caseId: string;
  kind: SupervisionEventKind;
  sourceType: string;
  sourceId: string;
  countsAsPositive: boolean;
  details: unknown;
  occurredAt: Date;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
};

const dispatchKind = "supervision-event.dispatch";
const deliverKind = "supervision-event.deliver";
const backfillKind = "supervision-event.backfill";
const backfillBatch = 500;

/**
 * Raises an event in the producer's transaction: it exists exactly when the change it reports commits, and its
 * consumers are told through the job queue after that. Raising a standing event of the same source, kind and time
 * again changes nothing. Answers the new event's id, or null when it already stood.
 */
export async function raiseEvent(
  tx: Queryable,
  event: EventSource & {
    caseId: string;
    kind: SupervisionEventKind;
    occurredAt: string | Date;
    countsAsPositive?: boolean;
    details?: Record<string, unknown>;
    now: Date;
  },
): Promise<string | null> {
  const id = await queries.insertEvent(tx, {
    caseId: event.caseId,
    kind: event.kind,
    sourceType: event.sourceType,
    sourceId: event.sourceId,
    countsAsPositive: event.countsAsPositive ?? false,
    details: event.details ?? null,
    occurredAt: event.occurredAt,
    now: event.now,
  });
  if (id) await enqueueJob(tx, dispatchKind, { eventId: id }, { now: event.now });
  return id;
}

/**
 * Withdraws the standing events of an overturned source (a lab overturned the result, an appointment's outcome was
 * corrected), in the producer's transaction; every consumer then gets a `withdrawn` delivery. Answers how many.
 */
export async function withdrawEvents(
  tx: Queryable,
  input: EventSource & {
    kinds?: readonly SupervisionEventKind[];
    /** Only the latest standing event (a source that raises again after each occurrence: the last marking was wrong). */
    latestOnly?: boolean;
    reason: string;
    now: Date;
  },
): Promise<number> {
  const ids = await queries.withdrawStandingEvents(tx, {
    sourceType: input.sourceType,
    sourceId: input.sourceId,
    kinds: input.kinds ?? null,
    latestOnly: input.latestOnly ?? false,
    reason: input.reason,
    now: input.now,
  });
  for (const eventId of ids) await enqueueJob(tx, dispatchKind, { eventId }, { now: input.now });
  return ids.length;
}

/**
 * A capability that acts on events. `handle` runs in a transaction that also marks the delivery done, so what it
 * writes there commits exactly once per delivery; if it throws, its writes roll back and the delivery is retried
 * (with back-off, through the job queue) until it succeeds or its attempts run out.
 */
export type EventConsumer = {
  name: string;
  /** The kinds it wants; all when left out. */
  kinds?: readonly SupervisionEventKind[];
  /**
   * A consumer registered after events were raised: it is also given the standing events that occurred from this
   * point on, once (see enqueueConsumerBackfills); events withdrawn before then are skipped. Left out: only events
   * raised once it is registered.
   */
  backfillFrom?: Date;
  handle(tx: Queryable, delivery: { delivery: "raised" | "withdrawn"; event: SupervisionEvent; now: Date }): Promise<void>;
};

/** The consumers of this process, registered at start-up (violations, reassessment triggers, incentives). */
export function createConsumerRegistry() {
  const consumers = new Map<string, EventConsumer>();
  return {
    register(consumer: EventConsumer): void {
      if (consumers.has(consumer.name)) throw new Error(`event consumer ${consumer.name} is registered twice`);
      consumers.set(consumer.name, consumer);
    },
    get: (name: string) => consumers.get(name),
    list: () => [...consumers.values()],
  };
}
export type ConsumerRegistry = ReturnType<typeof createConsumerRegistry>;

function toEvent(row: queries.EventRow): SupervisionEvent {
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind as SupervisionEventKind,
    sourceType: row.source_type,
    sourceId: row.source_id,
    countsAsPositive: row.counts_as_positive,
    details: row.details,
    occurredAt: row.occurred_at,
    withdrawnAt: row.withdrawn_at,
    withdrawnReason: row.withdrawn_reason,
  };
}

/**
 * At start-up: a backfill job for each consumer that declares a start point (one queued per consumer at a time). The
 * job does nothing for a consumer already given the events from that point.
 */
export async function enqueueConsumerBackfills(db: Queryable, registry: ConsumerRegistry, now: Date): Promise<number> {
  let queued = 0;
  for (const consumer of registry.list()) {
    if (!consumer.backfillFrom) continue;
    const id = await enqueueJob(db, backfillKind, { consumer: consumer.name }, { now, dedupeKey: `${backfillKind}:${consumer.name}` });
    if (id) queued += 1;
  }
  return queued;
}

/**
 * The job kinds that carry events to consumers: dispatch records one delivery per consumer (raised, and withdrawn
 * once the event is) and enqueues its delivery; deliver hands a consumer its pending deliveries in order; backfill gives
 * a consumer registered late the standing events from its start point. A delivery exists once per event, consumer and
 * kind (raised, withdrawn), and is marked done with the consumer's own changes, so whichever path adds it, the consumer
 * processes it exactly once.
 */
export function supervisionEventJobs(db: Database, registry: ConsumerRegistry): JobHandler<{ eventId: string; consumer?: string }>[] {
  const dispatch = defineJob({
    kind: dispatchKind,
    payload: z.object({ eventId: z.uuid() }),
    async run({ eventId }, job) {
      await db.transaction(async (tx) => {
        const event = await queries.findEvent(tx, eventId);
        if (!event) return;
        for (const consumer of registry.list()) {
          if (consumer.kinds && !consumer.kinds.includes(event.kind as SupervisionEventKind)) continue;
          let added = await queries.insertDelivery(tx, { eventId, consumer: consumer.name, delivery: "raised", now: job.now });
          if (event.withdrawn_at) {
            added = (await queries.insertDelivery(tx, { eventId, consumer: consumer.name, delivery: "withdrawn", now: job.now })) || added;
          }
          // Not deduplicated: a delivery job already running for this pair may have locked its rows before these existed.
          if (added) await enqueueJob(tx, deliverKind, { eventId, consumer: consumer.name }, { now: job.now });
        }
      });
    },
  });
  const deliver = defineJob({
    kind: deliverKind,
    payload: z.object({ eventId: z.uuid(), consumer: z.string() }),
    async run({ eventId, consumer: name }, job) {
      const consumer = registry.get(name);
      // A consumer no longer registered on this instance leaves its deliveries pending for one that has it.
      if (!consumer) throw new Error(`event consumer ${name} is not registered on this instance`);
      let current: string | null = null;
      try {
        await db.transaction(async (tx) => {
          // The row locks make a second delivery job of the same pair wait, then find nothing pending.
          const pending = await queries.lockPendingDeliveries(tx, eventId, name);
          if (pending.length === 0) return;
          const event = toEvent((await queries.findEvent(tx, eventId))!);
          for (const { delivery } of pending) {
            current = delivery;
            await consumer.handle(tx, { delivery, event, now: job.now });
            await queries.markDeliveryDone(tx, eventId, name, delivery, job.now);
          }
        });
      } catch (error) {
        if (current) {
          const message = error instanceof Error ? error.message : String(error);
          await queries.markDeliveryFailed(db, {
            eventId,
            consumer: name,
            delivery: current,
            error: message.slice(0, 1000),
            maxAttempts: defaultMaxAttempts,
          });
        }
        throw error;
      }
    },
  });
  const backfill = defineJob({
    kind: backfillKind,
    payload: z.object({ consumer: z.string() }),
    async run({ consumer: name }, job) {
      const consumer = registry.get(name);
      if (!consumer) throw new Error(`event consumer ${name} is not registered on this instance`);
      const from = consumer.backfillFrom;
      if (!from) return;
      const given = await queries.findConsumerBackfill(db, name);
      if (given && given.getTime() <= from.getTime()) return;
      const kinds = consumer.kinds ?? null;
      const total = await queries.countStandingEventsSince(db, from, kinds);
      let after: queries.EventCursor | null = null;
      let seen = 0;
      // In batches, each committed with its delivery jobs; a rerun after a crash adds only what is missing.
      for (;;) {
        const batch = await db.transaction(async (tx) => {
          const result = await queries.addBackfillDeliveries(tx, {
            consumer: name,
            from,
            kinds,
            after,
            limit: backfillBatch,
            now: job.now,
          });
          for (const eventId of result.added) await enqueueJob(tx, deliverKind, { eventId, consumer: name }, { now: job.now });
          return result;
        });
        if (!batch.last) break;
        after = batch.last;
        seen += batch.size;
        await job.progress(Math.min(seen, total), Math.max(seen, total), `events given to ${name}`);
      }
      await queries.recordConsumerBackfill(db, name, from, job.now);
    },
  });
  return [dispatch, deliver, backfill] as JobHandler<{ eventId: string; consumer?: string }>[];
}
