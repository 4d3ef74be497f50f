import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Task } from "../shared/contract/tasks";
import { productionEventConsumers, registerEventConsumers } from "./event-consumers";
import { followUpBackfillDays } from "./features/tasks/task-events";
import {
  createConsumerRegistry,
  enqueueConsumerBackfills,
  raiseEvent,
  supervisionEventJobs,
  withdrawEvents,
} from "./platform/events/supervision-events";
import { createJobQueue } from "./platform/jobs";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "./test-support/harness";
import { intake } from "./test-support/supervision-fixtures";

const dayMs = 86_400_000;

describe(`the production event consumers and where their backfill starts (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 90 * 86_400, sessionAbsoluteTimeoutSeconds: 90 * 86_400 });
    test.clock.set(new Date("2026-05-04T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
  });
  afterAll(() => test.close());

  it("each declares a backfill start at or before its start-up", () => {
    const startedAt = test.clock.now();
    const consumers = productionEventConsumers(startedAt);
    expect(consumers.length).toBeGreaterThan(0);
    for (const consumer of consumers) {
      expect(consumer.backfillFrom, consumer.name).toBeInstanceOf(Date);
      expect(consumer.backfillFrom!.getTime(), consumer.name).toBeLessThanOrEqual(startedAt.getTime());
    }
  });

  it("added to a running system, the follow-up consumer takes the standing events of its window, once", async () => {
    const { caseId } = await intake(officer);
    const now = test.clock.now();
    const missed = async (daysAgo: number) => {
      const sourceId = crypto.randomUUID();
      const id = await test.db.transaction((tx) =>
        raiseEvent(tx, {
          caseId,
          kind: "missed_appointment",
          sourceType: "appointment",
          sourceId,
          occurredAt: new Date(now.getTime() - daysAgo * dayMs),
          now,
        }),
      );
      return { id: id!, sourceId };
    };
    const recent = await missed(10);
    const old = await missed(followUpBackfillDays + 15);
    const overturned = await missed(5);
    await test.db.transaction((tx) =>
      withdrawEvents(tx, { sourceType: "appointment", sourceId: overturned.sourceId, reason: "Outcome corrected to attended: late", now }),
    );
    // The system ran before the consumer existed: every event was dispatched to nobody.
    await createJobQueue(test.deps, { handlers: supervisionEventJobs(test.db, createConsumerRegistry()) }).runUntilIdle();
    const followUps = async () =>
      ((await officer.get(`/api/v1/cases/${caseId}/tasks`)).json().tasks as Task[]).filter(
        (task) => task.kind === "missed_appointment_follow_up",
      );
    expect(await followUps()).toEqual([]);

    // Deployed: registered as main.ts registers it, its backfill queued at start-up.
    const start = async () => {
      const consumers = createConsumerRegistry();
      registerEventConsumers(consumers, test.clock.now());
      expect(await enqueueConsumerBackfills(test.db, consumers, test.clock.now())).toBe(productionEventConsumers(test.clock.now()).length);
      await createJobQueue(test.deps, { handlers: supervisionEventJobs(test.db, consumers) }).runUntilIdle();
    };
    await start();
    const made = await followUps();
    // The missed appointment of ten days ago has its follow-up (overdue since its day); the one before the window and the
    // withdrawn one have none.
    expect(made).toEqual([expect.objectContaining({ sourceId: recent.id, status: "open", dueOn: "2026-04-24" })]);
    expect(made.map((task) => task.sourceId)).not.toContain(old.id);
    expect(await auditRows(test.db, "action = 'task.created' AND actor_username = 'system' AND record_id = $1", [caseId])).toHaveLength(1);

    // A restart the next day declares a later start: nothing is given twice, nothing older is reached.
    test.clock.advance(dayMs);
    await start();
    expect((await followUps()).map((task) => task.sourceId)).toEqual([recent.id]);
  });
});
