import type { Logger } from "pino";

/**
 * Periodic jobs run by every instance. Each job keeps its state in PostgreSQL and claims its rows with
 * SELECT … FOR UPDATE SKIP LOCKED (or, for the audit sealer, a try-lock that one instance at a time wins),
 * so running it on several instances at once never does the work twice.
 */
export type Job = { name: string; everyMs: number; run(now: Date): Promise<number> };

export function startJobs(jobs: Job[], log: Logger, clock: () => Date = () => new Date()): () => void {
  const timers = jobs.map((job) => {
    let running = false;
    const timer = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        const handled = await job.run(clock());
        if (handled > 0) log.debug({ job: job.name, handled }, "job ran");
      } catch (error) {
        // A failed run is retried at the next tick; the database may be briefly unreachable.
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
