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
