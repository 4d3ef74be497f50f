import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";
import { createJobQueue, enqueueJob, type JobQueue } from "../jobs";
import {
  createConsumerRegistry,
  enqueueConsumerBackfills,
  raiseEvent,
  type SupervisionEventKind,
  supervisionEventJobs,
  withdrawEvents,
} from "./supervision-events";

type Effect = { consumer: string; event_id: string; delivery: string };
type EventRow = { id: string; kind: string; source_type: string; withdrawn_at: Date | null; withdrawn_reason: string | null };

describe(`supervision events from every source (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let queue: JobQueue;
  // The flaky consumer fails the first time it is handed each delivery, after writing its effect (rolled back).
  const flakyAttempts = new Map<string, number>();

  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 30 * 86_400, sessionAbsoluteTimeoutSeconds: 30 * 86_400 });
    test.clock.set(new Date("2026-04-06T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    // What the consumers do, in their delivery's transaction: a row per delivery handled (no unique key, so a second
    // processing would show as a second row).
    await test.db.exec("CREATE TABLE consumer_effect (consumer text NOT NULL, event_id uuid NOT NULL, delivery text NOT NULL)");
    const consumers = createConsumerRegistry();
    for (const name of ["violations", "flaky"]) {
      consumers.register({
        name,
        async handle(tx, { delivery, event }) {
          await tx.query("INSERT INTO consumer_effect (consumer, event_id, delivery) VALUES ($1, $2, $3)", [name, event.id, delivery]);
          if (name !== "flaky") return;
          const key = `${event.id}/${delivery}`;
          flakyAttempts.set(key, (flakyAttempts.get(key) ?? 0) + 1);
          if (flakyAttempts.get(key) === 1) throw new Error("incentives service unavailable");
        },
      });
    }
    // Only achievements: kinds limit what a consumer is handed.
    consumers.register({
      name: "incentives",
      kinds: ["employment_verified"],
      async handle(tx, { delivery, event }) {
        await tx.query("INSERT INTO consumer_effect (consumer, event_id, delivery) VALUES ($1, $2, $3)", [
          "incentives",
          event.id,
          delivery,
        ]);
      },
    });
    expect(() => consumers.register({ name: "flaky", handle: async () => {} })).toThrow(/registered twice/);
    queue = createJobQueue(test.deps, { handlers: supervisionEventJobs(test.db, consumers) });
  });
  afterAll(() => test.close());

  /** Runs the queue, then again after the retry back-off has passed: the flaky consumer fails once per delivery. */
  async function deliverAll(): Promise<void> {
    await queue.runUntilIdle();
    test.clock.advance(60_000);
    await queue.runUntilIdle();
  }
  const eventsOf = (caseId: string) =>
    test.db.query<EventRow>(
      "SELECT id, kind, source_type, withdrawn_at, withdrawn_reason FROM supervision_event WHERE case_id = $1 ORDER BY created_at, kind",
      [caseId],
    );
  const effectsOf = (eventIds: string[]) =>
    test.db.query<Effect>(
      "SELECT consumer, event_id, delivery FROM consumer_effect WHERE event_id = ANY ($1::uuid[]) ORDER BY consumer, event_id, delivery",
      [eventIds],
    );
  const at = (iso: string) => ({ startsAt: iso, endsAt: new Date(new Date(iso).getTime() + 30 * 60_000).toISOString() });

  /** An appointment an hour from the clock's now, and a no-show recorded for it once it has passed. */
  async function missedAppointment(caseId: string) {
    const startsAt = new Date(test.clock.now().getTime() + 3_600_000).toISOString();
    const booked = (
      await officer.post(`/api/v1/cases/${caseId}/appointments`, { appointmentType: "office_visit", ...at(startsAt) })
    ).json();
    test.clock.advance(2 * 3_600_000);
    const noShow = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      outcome: "no_show",
      occurredAt: new Date(Date.parse(startsAt) + 20 * 60_000).toISOString(),
      appointmentId: booked.id,
    });
    expect(noShow.statusCode).toBe(201);
    return { appointmentId: booked.id as string, contactId: noShow.json().id as string, startsAt };
  }

  it("raises events in the producer's transaction: a no-show, a missed appointment and a refusal, and nothing for a refused change", async () => {
    const { caseId } = await intake(officer);
    const { appointmentId, contactId, startsAt } = await missedAppointment(caseId);
    const later = (minutes: number) => new Date(Date.parse(startsAt) + minutes * 60_000).toISOString();
    const refused = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "scheduled_home_visit",
      outcome: "refused",
      occurredAt: later(30),
    });
    expect(refused.statusCode).toBe(201);
    await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "phone",
      outcome: "completed",
      occurredAt: later(40),
    });
    // The appointment was already missed: the whole contact is refused, and no event or job is left behind.
    const jobsBefore = (await test.db.query<{ count: number }>("SELECT count(*)::int AS count FROM job"))[0]!.count;
    const again = await officer.post(`/api/v1/cases/${caseId}/contacts`, {
      contactType: "office_visit",
      outcome: "no_show",
      occurredAt: later(50),
      appointmentId,
    });
    expect(again.statusCode).toBe(409);
    expect((await test.db.query<{ count: number }>("SELECT count(*)::int AS count FROM job"))[0]!.count).toBe(jobsBefore);
    const events = await eventsOf(caseId);
    expect(events.map((event) => [event.kind, event.source_type]).sort()).toEqual([
      ["contact_no_show", "contact"],
      ["contact_refused", "contact"],
      ["missed_appointment", "appointment"],
    ]);
    const sources = await test.db.query<{ kind: string; source_id: string }>(
      "SELECT kind, source_id FROM supervision_event WHERE case_id = $1 AND kind IN ('contact_no_show', 'missed_appointment') ORDER BY kind",
      [caseId],
    );
    expect(sources).toEqual([
      { kind: "contact_no_show", source_id: contactId },
      { kind: "missed_appointment", source_id: appointmentId },
    ]);
  });

  it("hands each event to each consumer once, retrying a failing consumer without processing twice", async () => {
    const { caseId } = await intake(officer);
    await missedAppointment(caseId);
    const events = await eventsOf(caseId);
    await queue.runUntilIdle();
    // The first pass: violations handled both; flaky failed both, and its writes were rolled back.
    const firstPass = await effectsOf(events.map((event) => event.id));
    expect(firstPass.filter((effect) => effect.consumer === "flaky")).toEqual([]);
    expect(firstPass.filter((effect) => effect.consumer === "violations")).toHaveLength(2);
    const pending = await test.db.query<{ status: string; attempts: number; last_error: string }>(
      "SELECT status, attempts, last_error FROM supervision_event_delivery WHERE consumer = 'flaky' AND event_id = ANY ($1::uuid[])",
      [events.map((event) => event.id)],
    );
    expect(pending).toEqual([
      { status: "pending", attempts: 1, last_error: "incentives service unavailable" },
      { status: "pending", attempts: 1, last_error: "incentives service unavailable" },
    ]);
    test.clock.advance(60_000);
    await queue.runUntilIdle();
    // A stray second delivery job for the same pair finds nothing pending.
    for (const event of events)
      await enqueueJob(test.db, "supervision-event.deliver", { eventId: event.id, consumer: "flaky" }, { now: test.clock.now() });
    await queue.runUntilIdle();
    const effects = await effectsOf(events.map((event) => event.id));
    expect(effects).toEqual(
      events
        .flatMap((event) => ["flaky", "violations"].map((consumer) => ({ consumer, event_id: event.id, delivery: "raised" })))
        .sort((a, b) => `${a.consumer}${a.event_id}`.localeCompare(`${b.consumer}${b.event_id}`)),
    );
    const deliveries = await test.db.query<{ consumer: string; status: string; attempts: number }>(
      "SELECT DISTINCT consumer, status, attempts FROM supervision_event_delivery WHERE event_id = ANY ($1::uuid[]) ORDER BY consumer",
      [events.map((event) => event.id)],
    );
    expect(deliveries).toEqual([
      { consumer: "flaky", status: "done", attempts: 2 },
      { consumer: "violations", status: "done", attempts: 1 },
    ]);
  });

  it("withdraws the events of a corrected appointment outcome and tells every consumer; a correction back raises it anew", async () => {
    const { caseId } = await intake(officer);
    const { appointmentId } = await missedAppointment(caseId);
    await deliverAll();
    const correct = (body: Record<string, unknown>) => officer.post(`/api/v1/appointments/${appointmentId}/outcome-correction`, body);
    expect((await correct({ status: "completed", expectedVersion: 1 })).json().issues[0].field).toBe("body.reason");
    expect((await correct({ status: "missed", reason: "no", expectedVersion: 1 })).statusCode).toBe(409);
    const version = (await officer.get(`/api/v1/cases/${caseId}/appointments?upcoming=false`)).json()[0].version as number;
    expect(
      (await correct({ status: "completed", reason: "Attended; recorded on the wrong case", expectedVersion: version + 5 })).statusCode,
    ).toBe(409);
    const corrected = await correct({ status: "completed", reason: "Attended; recorded on the wrong case", expectedVersion: version });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json().status).toBe("completed");
    const withdrawn = await eventsOf(caseId);
    expect(withdrawn.map((event) => [event.kind, event.withdrawn_reason])).toEqual([
      ["contact_no_show", "Outcome corrected to attended: Attended; recorded on the wrong case"],
      ["missed_appointment", "Outcome corrected to attended: Attended; recorded on the wrong case"],
    ]);
    await deliverAll();
    const effects = await effectsOf(withdrawn.map((event) => event.id));
    for (const event of withdrawn) {
      for (const consumer of ["flaky", "violations"]) {
        expect(
          effects.filter((effect) => effect.event_id === event.id && effect.consumer === consumer).map((effect) => effect.delivery),
        ).toEqual(["raised", "withdrawn"]);
      }
    }
    // Corrected back to missed: a new standing event (the withdrawn one stays as history).
    const back = await correct({ status: "missed", reason: "The earlier correction was wrong", expectedVersion: version + 1 });
    expect(back.statusCode).toBe(200);
    const after = await eventsOf(caseId);
    expect(after.filter((event) => event.kind === "missed_appointment").map((event) => event.withdrawn_at === null)).toEqual([false, true]);
    // A scheduled appointment has no outcome to correct.
    const upcoming = (
      await officer.post(`/api/v1/cases/${caseId}/appointments`, {
        appointmentType: "phone",
        ...at(new Date(test.clock.now().getTime() + 86_400_000).toISOString()),
      })
    ).json();
    expect(
      (
        await officer.post(`/api/v1/appointments/${upcoming.id}/outcome-correction`, {
          status: "completed",
          reason: "x",
          expectedVersion: 1,
        })
      ).statusCode,
    ).toBe(409);
  });

  it("raises condition non-compliance (again after compliance, withdrawn when taken back) and verified employment", async () => {
    const { caseId, personId } = await intake(officer);
    const [condition] = await test.db.query<{ id: string }>("SELECT id FROM case_condition WHERE case_id = $1 ORDER BY id LIMIT 1", [
      caseId,
    ]);
    const setCompliance = async (compliance: string) => {
      test.clock.advance(60_000);
      expect((await officer.patch(`/api/v1/conditions/${condition!.id}/compliance`, { compliance })).statusCode).toBe(200);
    };
    await setCompliance("non_compliant");
    await setCompliance("non_compliant");
    await setCompliance("compliant");
    await setCompliance("non_compliant");
    await setCompliance("pending");
    const conditionEvents = (await eventsOf(caseId)).filter((event) => event.kind === "condition_non_compliant");
    expect(conditionEvents.map((event) => event.withdrawn_reason)).toEqual([null, "Compliance changed to pending"]);

    const job = (await officer.post(`/api/v1/people/${personId}/employment`, { employer: "Acme", startedOn: "2026-03-01" })).json();
    expect(
      (await officer.post(`/api/v1/employment/${job.id}/verification`, { verifiedOn: "2026-04-01", expectedVersion: 1 })).statusCode,
    ).toBe(200);
    const [employment] = (await eventsOf(caseId)).filter((event) => event.kind === "employment_verified");
    expect(employment).toMatchObject({ source_type: "person_employment", withdrawn_at: null });
    await deliverAll();
    // Only the incentives consumer asked for achievements; it never sees the non-compliance.
    const incentives = (await effectsOf([employment!.id, ...conditionEvents.map((event) => event.id)])).filter(
      (effect) => effect.consumer === "incentives",
    );
    expect(incentives).toEqual([{ consumer: "incentives", event_id: employment!.id, delivery: "raised" }]);
  });
});

describe(`a consumer registered after events were raised (${engineName})`, () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-05-04T15:00:00Z"));
    await test.db.exec("CREATE TABLE late_effect (consumer text NOT NULL, event_id uuid NOT NULL, delivery text NOT NULL)");
  });
  afterAll(() => test.close());

  it("is given the standing events from its start point, each processed once, withdrawn ones skipped, once across restarts", async () => {
    const officer = await signIn(test, "officer.north1");
    const { caseId } = await intake(officer);
    const raise = (kind: SupervisionEventKind, occurredAt: string) =>
      test.db.transaction(async (tx) =>
        raiseEvent(tx, { caseId, kind, sourceType: "backfill-test", sourceId: crypto.randomUUID(), occurredAt, now: test.clock.now() }),
      );
    // Before any consumer of this kind existed, with the consumers there were then (none: the dispatch records nothing).
    const early = await test.db.transaction(async (tx) =>
      raiseEvent(tx, {
        caseId,
        kind: "police_contact",
        sourceType: "backfill-test",
        sourceId: crypto.randomUUID(),
        occurredAt: "2026-03-01T12:00:00Z",
        now: test.clock.now(),
      }),
    );
    const kept = await raise("new_arrest", "2026-04-10T12:00:00Z");
    const withdrawnSourceId = crypto.randomUUID();
    const withdrawn = await test.db.transaction(async (tx) =>
      raiseEvent(tx, {
        caseId,
        kind: "police_contact",
        sourceType: "backfill-test",
        sourceId: withdrawnSourceId,
        occurredAt: "2026-04-11T12:00:00Z",
        now: test.clock.now(),
      }),
    );
    await test.db.transaction((tx) =>
      withdrawEvents(tx, {
        sourceType: "backfill-test",
        sourceId: withdrawnSourceId,
        reason: "Recorded for the wrong person",
        now: test.clock.now(),
      }),
    );
    const unrelated = await raise("employment_verified", "2026-04-12T12:00:00Z");
    const before = createJobQueue(test.deps, { handlers: supervisionEventJobs(test.db, createConsumerRegistry()) });
    await before.runUntilIdle();
    // Raised just before the new consumer's start-up, its dispatch still waiting: backfill and dispatch both reach it.
    const waiting = await raise("new_arrest", "2026-05-04T14:00:00Z");

    // The new consumer (partner alerts) declares it wants concerns from partners since April.
    const consumers = createConsumerRegistry();
    consumers.register({
      name: "partner-alerts",
      kinds: ["police_contact", "new_arrest"],
      backfillFrom: new Date("2026-04-01T00:00:00Z"),
      async handle(tx, { delivery, event }) {
        await tx.query("INSERT INTO late_effect (consumer, event_id, delivery) VALUES ('partner-alerts', $1, $2)", [event.id, delivery]);
      },
    });
    const queue = createJobQueue(test.deps, { handlers: supervisionEventJobs(test.db, consumers) });
    const effects = () =>
      test.db.query<{ event_id: string; delivery: string }>("SELECT event_id, delivery FROM late_effect ORDER BY event_id, delivery");
    expect(await enqueueConsumerBackfills(test.db, consumers, test.clock.now())).toBe(1);
    // Enqueued twice (two instances starting), it is one job.
    expect(await enqueueConsumerBackfills(test.db, consumers, test.clock.now())).toBe(0);
    await queue.runUntilIdle();
    const given = (await effects()).map((effect) => `${effect.event_id}/${effect.delivery}`).sort();
    expect(given).toEqual([`${kept}/raised`, `${waiting}/raised`].sort());
    expect(given.join()).not.toContain(early!);
    expect(given.join()).not.toContain(withdrawn!);
    expect(given.join()).not.toContain(unrelated!);
    const [backfill] = await test.db.query<{ status: string; progress_done: number; progress_total: number }>(
      "SELECT status, progress_done, progress_total FROM job WHERE kind = 'supervision-event.backfill' ORDER BY created_at DESC LIMIT 1",
    );
    expect(backfill).toMatchObject({ status: "succeeded", progress_done: 2, progress_total: 2 });

    // A restart enqueues it again: nothing is given twice.
    test.clock.advance(60_000);
    expect(await enqueueConsumerBackfills(test.db, consumers, test.clock.now())).toBe(1);
    await queue.runUntilIdle();
    expect(await effects()).toHaveLength(2);

    // A backfilled event overturned later is withdrawn for the new consumer too, once.
    const [keptSource] = await test.db.query<{ source_id: string }>("SELECT source_id FROM supervision_event WHERE id = $1", [kept]);
    await test.db.transaction((tx) =>
      withdrawEvents(tx, {
        sourceType: "backfill-test",
        sourceId: keptSource!.source_id,
        reason: "Arrest record corrected",
        now: test.clock.now(),
      }),
    );
    await queue.runUntilIdle();
    await queue.runUntilIdle();
    expect((await effects()).filter((effect) => effect.event_id === kept).map((effect) => effect.delivery)).toEqual([
      "raised",
      "withdrawn",
    ]);
  });
});
