import { z } from "zod";

/** A job of the durable queue (report rendering, imports…) as the page that started it shows it. */
export const jobStatus = z
  .object({
    id: z.uuid(),
    kind: z.string().describe("What the job does, e.g. report.render"),
    status: z
      .enum(["queued", "running", "succeeded", "dead"])
      .describe("queued: waiting (or waiting to retry after a failure); dead: failed on its last attempt and will not run again"),
    attempts: z.number().int().min(0),
    maxAttempts: z.number().int().min(1),
    progress: z
      .object({ done: z.number().int(), total: z.number().int(), note: z.string().nullable() })
      .nullable()
      .describe("What the job last reported, if anything: done of total"),
    failed: z.boolean().describe("The last attempt failed (a retry is queued, or the job is dead)"),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "JobStatus" });
export type JobStatus = z.infer<typeof jobStatus>;

/** A job as the administrators' "Background jobs" page lists it: waiting, running, or dead. */
export const backgroundJob = z
  .object({
    id: z.uuid(),
    kind: z.string().describe("What the job does, e.g. supervision-event.deliver or periodic:daily random drug-test draw"),
    consumer: z.string().nullable().describe("For a supervision event's delivery: the capability it is delivered to"),
    system: z.boolean().describe("One of the queue's own jobs (periodic runs, event deliveries) rather than one a user started"),
    status: z.enum(["queued", "running", "dead"]),
    attempts: z.number().int().min(0),
    maxAttempts: z.number().int().min(1),
    lastError: z.string().nullable().describe("Why the last attempt failed (a retry is queued, or the job is dead)"),
    progress: jobStatus.shape.progress,
    enqueuedByName: z.string().nullable(),
    createdAt: z.iso.datetime(),
    runAt: z.iso.datetime().describe("When a queued job is due (its next try after a failure)"),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "BackgroundJob" });
export type BackgroundJob = z.infer<typeof backgroundJob>;

export const backgroundJobList = z.object({ jobs: z.array(backgroundJob) }).meta({ id: "BackgroundJobList" });
