import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase, engineName, fakeClock, type TestDatabase } from "../test-support/harness";
import { type Database, openPostgres } from "./db/database";
import { migrate } from "./db/migrate";
import { createJobQueue, defineJob, enqueueJob, type Job, retryDelayMs } from "./jobs";
import { claimNextJob, settleJob } from "./jobs.queries";
import { createLogger } from "./logger";

const log = createLogger("silent");

type JobRow = {
  status: string;
  attempts: number;
  run_at: Date;
  last_error: string | null;
  progress_done: number | null;
  progress_total: number | null;
};

describe(`durable job queue (${engineName})`, () => {
  let testDatabase: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    db = testDatabase.db;
    await migrate(db);
  });
  afterAll(() => testDatabase.drop());

  const jobRow = async (id: string) => (await db.query<JobRow>("SELECT * FROM job WHERE id = $1", [id]))[0]!;
  /** A kind of its own per test, so no test claims another's jobs. */
  const uniqueKind = (name: string) => `${name}-${randomUUID()}`;

  it("runs a job once with its payload, keeping the progress it reported", async () => {
    const clock = fakeClock(new Date("2026-05-01T09:00:00Z"));
    const seen: number[] = [];
    const kind = uniqueKind("render");
    const queue = createJobQueue(
      { db, log, clock: clock.now },
      {
        handlers: [
          defineJob({
            kind,
            payload: z.object({ pages: z.number().int() }),
            async run(payload, job) {
              for (let page = 1; page <= payload.pages; page++) await job.progress(page, payload.pages, `page ${page}`);
              seen.push(payload.pages);
            },
          }),
        ],
      },
    );
    const id = (await enqueueJob(db, kind, { pages: 3 }, { now: clock.now() }))!;
    expect(await queue.runUntilIdle()).toBe(1);
    expect(await queue.runUntilIdle()).toBe(0);
    expect(seen).toEqual([3]);
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 1, progress_done: 3, progress_total: 3 });
  });

  it("adds nothing while a job with the same key is queued", async () => {
    const kind = uniqueKind("dedupe");
    const now = new Date("2026-05-01T09:00:00Z");
    expect(await enqueueJob(db, kind, {}, { now, dedupeKey: kind })).not.toBeNull();
    expect(await enqueueJob(db, kind, {}, { now, dedupeKey: kind })).toBeNull();
  });

  it("retries a failing job with growing waits, then marks it dead", async () => {
    const clock = fakeClock(new Date("2026-05-01T09:00:00Z"));
    const kind = uniqueKind("flaky");
    let calls = 0;
    const queue = createJobQueue(
      { db, log, clock: clock.now },
      {
        handlers: [
          defineJob({
            kind,
            payload: z.object({}),
            async run() {
              calls += 1;
              throw new Error(`refused (${calls})`);
            },
          }),
        ],
      },
    );
    const id = (await enqueueJob(db, kind, {}, { now: clock.now(), maxAttempts: 3 }))!;
    expect(await queue.runUntilIdle()).toBe(1);
    let row = await jobRow(id);
    expect(row).toMatchObject({ status: "queued", attempts: 1, last_error: "refused (1)" });
    expect(row.run_at.getTime() - clock.now().getTime()).toBe(retryDelayMs(1));
    // Not due before its back-off has passed.
    clock.advance(retryDelayMs(1) - 1);
    expect(await queue.runUntilIdle()).toBe(0);
    clock.advance(1);
    expect(await queue.runUntilIdle()).toBe(1);
    row = await jobRow(id);
    expect(row).toMatchObject({ status: "queued", attempts: 2 });
    expect(row.run_at.getTime() - clock.now().getTime()).toBe(retryDelayMs(2));
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    clock.advance(retryDelayMs(2));
    expect(await queue.runUntilIdle()).toBe(1);
    expect(await jobRow(id)).toMatchObject({ status: "dead", attempts: 3, last_error: "refused (3)" });
    clock.advance(retryDelayMs(10));
    expect(await queue.runUntilIdle()).toBe(0);
    expect(calls).toBe(3);
  });

  it("gives a job whose worker died to another worker once its lease expires, and refuses the dead worker's late answer", async () => {
    const clock = fakeClock(new Date("2026-05-01T09:00:00Z"));
    const kind = uniqueKind("import");
    const ran: string[] = [];
    const queue = createJobQueue(
      { db, log, clock: clock.now },
      {
        leaseMs: 60_000,
        handlers: [
          defineJob({
            kind,
            payload: z.object({ file: z.string() }),
            async run(payload) {
              ran.push(payload.file);
            },
          }),
        ],
      },
    );
    const id = (await enqueueJob(db, kind, { file: "people.csv" }, { now: clock.now() }))!;
    // A worker claims the job and dies before answering.
    const deadToken = randomUUID();
    const claimed = await claimNextJob(db, {
      kinds: [kind],
      now: clock.now(),
      leaseUntil: new Date(clock.now().getTime() + 60_000),
      leaseToken: deadToken,
    });
    expect(claimed?.id).toBe(id);
    // Within the lease, nobody else takes it.
    clock.advance(59_000);
    expect(await queue.runUntilIdle()).toBe(0);
    clock.advance(2_000);
    expect(await queue.runUntilIdle()).toBe(1);
    expect(ran).toEqual(["people.csv"]);
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(await settleJob(db, { id, leaseToken: deadToken, status: "dead", runAt: null, error: "late", now: clock.now() })).toBe(false);
    expect(await jobRow(id)).toMatchObject({ status: "succeeded" });
  });

  it("enqueues a periodic job once per period whichever instances schedule it", async () => {
    const clock = fakeClock(new Date("2026-05-01T09:00:00Z"));
    let runs = 0;
    const periodic: Job = {
      name: uniqueKind("reminders"),
      everyMs: 60_000,
      run: async () => {
        runs += 1;
        return 1;
      },
    };
    const instances = [0, 1].map(() => createJobQueue({ db, log, clock: clock.now }, { periodic: [periodic] }));
    const scheduled = await Promise.all(instances.map((queue) => queue.schedulePeriodic()));
    expect(scheduled.reduce((sum, count) => sum + count, 0)).toBe(1);
    await Promise.all(instances.map((queue) => queue.runUntilIdle()));
    expect(runs).toBe(1);
    clock.advance(59_000);
    expect((await Promise.all(instances.map((queue) => queue.schedulePeriodic()))).reduce((sum, count) => sum + count, 0)).toBe(0);
    clock.advance(1_000);
    expect((await Promise.all(instances.map((queue) => queue.schedulePeriodic()))).reduce((sum, count) => sum + count, 0)).toBe(1);
    await Promise.all(instances.map((queue) => queue.runUntilIdle()));
    expect(runs).toBe(2);
  });

  it("runs on its own once started: a long job does not hold up the next one, and stopping waits for both", async () => {
    const clock = fakeClock(new Date("2026-05-01T09:00:00Z"));
    const kind = uniqueKind("started");
    let releaseLong: () => void = () => {};
    const longMayEnd = new Promise<void>((resolve) => {
      releaseLong = resolve;
    });
    let shortRan: () => void = () => {};
    const shortDone = new Promise<void>((resolve) => {
      shortRan = resolve;
    });
    const finished: string[] = [];
    const queue = createJobQueue(
      { db, log, clock: clock.now },
      {
        pollMs: 10,
        handlers: [
          defineJob({
            kind,
            payload: z.object({ name: z.enum(["long", "short"]) }),
            async run({ name }) {
              if (name === "long") await longMayEnd;
              else shortRan();
              finished.push(name);
            },
          }),
        ],
      },
    );
    const long = (await enqueueJob(db, kind, { name: "long" }, { now: clock.now() }))!;
    clock.advance(1);
    const short = (await enqueueJob(db, kind, { name: "short" }, { now: clock.now() }))!;
    const stop = queue.start();
    // The short job runs while the long one is still in hand.
    await shortDone;
    expect((await jobRow(long)).status).toBe("running");
    releaseLong();
    await stop();
    expect(finished).toEqual(["short", "long"]);
    expect([(await jobRow(long)).status, (await jobRow(short)).status]).toEqual(["succeeded", "succeeded"]);
  });

  it("never runs one job twice when two workers (each with its own connections on a server) drain the queue at once", async () => {
    const clock = fakeClock(new Date("2026-05-01T09:00:00Z"));
    const kind = uniqueKind("fan-out");
    // On a PostgreSQL server the second worker is a second instance: a pool of its own on the same database.
    const second = testDatabase.url ? await openPostgres(testDatabase.url, { max: 3 }) : db;
    try {
      const runs = new Map<string, string[]>();
      // Each worker's first job waits until the other worker has a job in hand too: both really work at once.
      const started = new Set<string>();
      let bothStarted: () => void = () => {};
      const together = new Promise<void>((resolve) => {
        bothStarted = resolve;
      });
      const worker = (name: string, database: Database) =>
        createJobQueue(
          { db: database, log, clock: clock.now },
          {
            handlers: [
              defineJob({
                kind,
                payload: z.object({ n: z.number() }),
                async run(_payload, job) {
                  runs.set(job.jobId, [...(runs.get(job.jobId) ?? []), name]);
                  if (!started.has(name)) {
                    started.add(name);
                    if (started.size === 2) bothStarted();
                    await together;
                  }
                  await job.progress(1, 1);
                },
              }),
            ],
          },
        );
      const ids = [];
      for (let n = 0; n < 40; n++) ids.push(await enqueueJob(db, kind, { n }, { now: clock.now() }));
      const [a, b] = await Promise.all([worker("a", db).runUntilIdle(), worker("b", second).runUntilIdle()]);
      expect(a + b).toBe(40);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
      expect([...runs.keys()].sort()).toEqual([...ids].sort());
      expect([...runs.values()].every((workers) => workers.length === 1)).toBe(true);
      const statuses = await db.query<{ status: string; attempts: number }>("SELECT DISTINCT status, attempts FROM job WHERE kind = $1", [
        kind,
      ]);
      expect(statuses).toEqual([{ status: "succeeded", attempts: 1 }]);
    } finally {
      if (second !== db) await second.close();
    }
  });
});
