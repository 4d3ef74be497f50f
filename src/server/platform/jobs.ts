import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { z } from "zod";
import type { Database, Queryable } from "./db/database";
import * as queries from "./jobs.queries";

/**
 * A periodic job: run every `everyMs` by one instance at a time. Each is enqueued once per period through the job
 * queue (see createJobQueue), whichever instance's scheduler takes the turn, and run by whichever worker claims it.
 */
export type Job = { name: string; everyMs: number; run(now: Date): Promise<number> };

/** What a running job may do: say how far it has got (a page shows it), which also keeps its lease. */
export type JobContext = {
  jobId: string;
  attempt: number;
  now: Date;
  progress(done: number, total: number, note?: string): Promise<void>;
};

/** A kind of job: its validated payload and an idempotent handler (a retried job may run again after a crash). */
export type JobHandler<Payload> = {
  kind: string;
  payload: z.ZodType<Payload>;
  run(payload: Payload, job: JobContext): Promise<void>;
};

/** Declares a job kind with its payload type inferred from the schema. */
export function defineJob<Payload>(handler: JobHandler<Payload>): JobHandler<Payload> {
  return handler;
}

export type EnqueueOptions = {
  now: Date;
  runAt?: Date;
  /** At most one queued job per key: enqueuing again while one waits adds nothing. */
  dedupeKey?: string;
  maxAttempts?: number;
  agencyId?: string | null;
  /** Who asked for it: they (and their agency's administrators) may read its status. */
  enqueuedBy?: string | null;
};

export const defaultMaxAttempts = 5;

/**
 * Adds a job in the caller's transaction, so it exists exactly when the change that asked for it commits.
 * Answers the job's id, or null when a job with the same dedupe key is already queued.
 */
export async function enqueueJob(tx: Queryable, kind: string, payload: unknown, options: EnqueueOptions): Promise<string | null> {
  return queries.insertJob(tx, {
    kind,
    payload,
    runAt: options.runAt ?? options.now,
    dedupeKey: options.dedupeKey ?? null,
    maxAttempts: options.maxAttempts ?? defaultMaxAttempts,
    agencyId: options.agencyId ?? null,
    enqueuedBy: options.enqueuedBy ?? null,
    now: options.now,
  });
}

/** The wait before retry n (1-based): 5 s, 10 s, 20 s … at most an hour. */
export function retryDelayMs(attempt: number, baseMs = 5_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

const periodicPrefix = "periodic:";
/** The queue kind of a periodic job's runs. */
export const periodicJobKind = (name: string) => `${periodicPrefix}${name}`;

/** Removes succeeded jobs older than a week (the queue's own periodic job). */
export function purgeFinishedJobs(db: Database): Job {
  return {
    name: "job history cleanup",
    everyMs: 3_600_000,
    run: (now) => queries.deleteSucceededJobsBefore(db, new Date(now.getTime() - 7 * 86_400_000)),
  };
}

type QueueDeps = { db: Database; log: Logger; clock: () => Date };

export type QueueOptions = {
  // biome-ignore lint/suspicious/noExplicitAny: handlers of every payload type share one list
  handlers?: readonly JobHandler<any>[];
  periodic?: readonly Job[];
  /** How long a claimed job is its worker's; a worker silent for longer is taken for dead. Default 5 minutes. */
  leaseMs?: number;
  /** How often an idle worker looks for due jobs. Default 1 s. */
  pollMs?: number;
  /** Jobs this instance runs at once. Default 2. */
  concurrency?: number;
  retryBaseMs?: number;
};

class LeaseLost extends Error {
  constructor(jobId: string) {
    super(`job ${jobId}: lease lost to another worker`);
  }
}

/**
 * The durable job queue (a table, see docs/ARCHITECTURE.md): every instance runs workers that each claim due jobs
 * one at a time with FOR UPDATE SKIP LOCKED under a lease, so a job runs on one instance; a failed job is
 * queued again with back-off and marked dead after its last attempt; a job whose worker died (lease expired)
 * is claimed again. Periodic jobs are enqueued by whichever instance takes the period's turn.
 */
export function createJobQueue(deps: QueueDeps, options: QueueOptions = {}) {
  const leaseMs = options.leaseMs ?? 300_000;
  const retryBaseMs = options.retryBaseMs ?? 5_000;
  // biome-ignore lint/suspicious/noExplicitAny: see QueueOptions.handlers
  const handlers = new Map<string, JobHandler<any>>();
  for (const handler of options.handlers ?? []) handlers.set(handler.kind, handler);
  const periodic = options.periodic ?? [];
  for (const job of periodic) {
    handlers.set(periodicJobKind(job.name), {
      kind: periodicJobKind(job.name),
      payload: z.object({}),
      run: async (_payload, context) => {
        const handled = await job.run(context.now);
        if (handled > 0) deps.log.debug({ job: job.name, handled }, "job ran");
      },
    });
  }
  const kinds = [...handlers.keys()];

  // When each periodic job is next due, as last read from the database: until then this instance does not ask
  // (an idle instance polled every job's turn each second, four round trips a job, for a turn due every few minutes).
  const registered = new Set<string>();
  const dueAt = new Map<string, number>();
  // Whether the last claim found nothing, and how many jobs are in hand: an idle instance polls with one worker
  // besides those running a job, not with all of them.
  let idle = false;
  let inHand = 0;

  /** Enqueues each periodic job whose period has come, once across all instances. */
  async function schedulePeriodic(): Promise<number> {
    let enqueued = 0;
    for (const job of periodic) {
      const now = deps.clock();
      if (now.getTime() < (dueAt.get(job.name) ?? 0)) continue;
      if (!registered.has(job.name)) {
        await queries.registerPeriodicJob(deps.db, job.name, now);
        registered.add(job.name);
      }
      const { queued, nextRunAt } = await deps.db.transaction(async (tx) => {
        const turn = await queries.takePeriodicTurn(tx, job.name, now, new Date(now.getTime() + job.everyMs));
        if (!turn.taken) return { queued: false, nextRunAt: turn.nextRunAt };
        // One attempt: the next period is the retry. A run still queued from the last period is enough (dedupe key),
        // so a slow run does not pile runs up.
        const id = await enqueueJob(
          tx,
          periodicJobKind(job.name),
          {},
          {
            now,
            dedupeKey: periodicJobKind(job.name),
            maxAttempts: 1,
          },
        );
        return { queued: id !== null, nextRunAt: turn.nextRunAt };
      });
      // Only once committed: a turn rolled back is still to take.
      dueAt.set(job.name, nextRunAt.getTime());
      if (queued) enqueued += 1;
    }
    return enqueued;
  }

  /** Claims and runs one due job; false when none is due. */
  async function runOne(): Promise<boolean> {
    const claimedAt = deps.clock();
    const leaseToken = randomUUID();
    const job = await queries.claimNextJob(deps.db, {
      kinds,
      now: claimedAt,
      leaseUntil: new Date(claimedAt.getTime() + leaseMs),
      leaseToken,
    });
    idle = !job;
    if (!job) return false;
    inHand += 1;
    try {
      return await runClaimed(job, leaseToken, claimedAt);
    } finally {
      inHand -= 1;
    }
  }

  async function runClaimed(job: queries.ClaimedJob, leaseToken: string, claimedAt: Date): Promise<boolean> {
    const settle = (status: "succeeded" | "queued" | "dead", error: string | null, runAt: Date | null = null) =>
      queries.settleJob(deps.db, { id: job.id, leaseToken, status, runAt, error, now: deps.clock() });
    if (job.attempts > job.max_attempts) {
      await settle("dead", "its worker stopped during the last attempt (lease expired)");
      deps.log.error({ alert: "job_dead", jobId: job.id, kind: job.kind }, "job dead: its worker stopped during the last attempt");
      return true;
    }
    const handler = handlers.get(job.kind)!;
    const parsed = handler.payload.safeParse(job.payload);
    if (!parsed.success) {
      await settle("dead", `invalid payload: ${parsed.error.message.slice(0, 500)}`);
      deps.log.error({ alert: "job_dead", jobId: job.id, kind: job.kind }, "job dead: invalid payload");
      return true;
    }
    const context: JobContext = {
      jobId: job.id,
      attempt: job.attempts,
      now: claimedAt,
      async progress(done, total, note) {
        const kept = await queries.recordJobProgress(deps.db, {
          id: job.id,
          leaseToken,
          done,
          total,
          note: note?.slice(0, 200) ?? null,
          leaseUntil: new Date(deps.clock().getTime() + leaseMs),
        });
        if (!kept) throw new LeaseLost(job.id);
      },
    };
    try {
      await handler.run(parsed.data, context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof LeaseLost) {
        deps.log.warn({ jobId: job.id, kind: job.kind }, message);
        return true;
      }
      const last = job.attempts >= job.max_attempts;
      if (last) {
        await settle("dead", message.slice(0, 1000));
        deps.log.error({ alert: "job_dead", jobId: job.id, kind: job.kind, err: error }, "job dead after its last attempt");
      } else {
        const retryAt = new Date(deps.clock().getTime() + retryDelayMs(job.attempts, retryBaseMs));
        // Another job with the same key may have been queued meanwhile: it does this work, so this one is done.
        await settle("queued", message.slice(0, 1000), retryAt).catch(async (conflict: unknown) => {
          if ((conflict as { code?: string }).code !== "23505") throw conflict;
          await settle("succeeded", `superseded by a queued job with the same key after: ${message.slice(0, 900)}`);
        });
        deps.log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, retryAt, err: error }, "job failed; will retry");
      }
      return true;
    }
    if (!(await settle("succeeded", null))) deps.log.warn({ jobId: job.id, kind: job.kind }, "job finished after its lease was lost");
    return true;
  }

  /** Runs due jobs until none is left (or `limit` have run): the worker's loop, and a test's way to drain the queue. */
  async function runUntilIdle(limit = 1_000, stopping: () => boolean = () => false): Promise<number> {
    let ran = 0;
    while (ran < limit && !stopping() && (await runOne())) ran += 1;
    return ran;
  }

  return {
    schedulePeriodic,
    runOne,
    runUntilIdle,
    /**
     * Starts this instance's scheduler and its workers (`concurrency` of them, so one long job does not hold up the
     * periodic ones); the returned function stops them and waits for the jobs in hand.
     */
    start(): () => Promise<void> {
      const concurrency = options.concurrency ?? 2;
      const inFlight = new Set<Promise<unknown>>();
      let scheduling = false;
      let stopped = false;
      const track = (work: Promise<unknown>) => {
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
      };
      // The database may be briefly unreachable; the next tick tries again.
      const logged = (what: string) => (error: unknown) => deps.log.error({ err: error }, `job queue ${what} failed`);
      let workers = 0;
      const timer = setInterval(() => {
        if (stopped) return;
        if (!scheduling) {
          scheduling = true;
          track(
            schedulePeriodic()
              .catch(logged("scheduler"))
              .finally(() => {
                scheduling = false;
              }),
          );
        }
        // Each worker drains a bounded batch and stops claiming once asked to stop. While the queue is empty one
        // worker asks each tick; once it claims a job the others start at the next tick.
        while (workers < (idle ? Math.min(concurrency, inHand + 1) : concurrency)) {
          workers += 1;
          track(
            runUntilIdle(50, () => stopped)
              .catch(logged("worker"))
              .finally(() => {
                workers -= 1;
              }),
          );
        }
      }, options.pollMs ?? 1_000);
      timer.unref();
      return async () => {
        stopped = true;
        clearInterval(timer);
        await Promise.allSettled([...inFlight]);
      };
    },
  };
}

export type JobQueue = ReturnType<typeof createJobQueue>;

/**
 * Runs jobs on this instance's own timer, outside the queue: for work that must run more often than a queue row
 * is worth (the audit sealer, each second) and that already lets one instance at a time work (an advisory lock).
 */
export function startTickers(jobs: Job[], log: Logger, clock: () => Date = () => new Date()): () => void {
  const timers = jobs.map((job) => {
    let running = false;
    const timer = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        await job.run(clock());
      } catch (error) {
        log.error({ job: job.name, err: error }, "job failed");
      } finally {
        running = false;
      }
    }, job.everyMs);
    timer.unref();
    return timer;
  });
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
