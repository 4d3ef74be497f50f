import type { Database } from "../../../platform/db/database";
import type { Job } from "../../../platform/jobs";
import * as queries from "./ingest.queries";
import type { IngestPipeline } from "./pipeline";

// monitoring_reading is partitioned by UTC day of event time. Daily (not weekly): retention drops whole days, a
// crime-scene or playback window of hours touches one or two small partitions, and a day of a national population
// (~350 M readings at 4,000/s) is as large as a partition should get. This job, run by one instance at a time through
// the job queue, creates the partitions of yesterday through `daysAhead` days ahead and drops those past retention.

const DAY = 86_400_000;

export const partitionName = (day: Date) => `monitoring_reading_p${day.toISOString().slice(0, 10).replaceAll("-", "")}`;

const startOfUtcDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY) * DAY);

export async function maintainReadingPartitions(
  db: Database,
  now: Date,
  options: { daysAhead?: number; daysBehind?: number } = {},
): Promise<{ created: string[]; dropped: string[]; deletedFromDefault: number }> {
  const today = startOfUtcDay(now);
  const existing = new Set(await queries.readingPartitions(db));
  const created: string[] = [];
  for (let offset = -(options.daysBehind ?? 1); offset <= (options.daysAhead ?? 3); offset++) {
    const from = new Date(today.getTime() + offset * DAY);
    const name = partitionName(from);
    if (existing.has(name)) continue;
    await db.transaction((tx) => queries.createDayPartition(tx, name, from, new Date(from.getTime() + DAY)));
    created.push(name);
  }
  const dropped: string[] = [];
  let deletedFromDefault = 0;
  // No agency has set one: the default the pipeline also refuses older readings by.
  const retentionDays = (await queries.longestRetentionDays(db)) ?? 400;
  {
    // A day is dropped once all of it is older than retention.
    const cutoff = new Date(today.getTime() - retentionDays * DAY);
    for (const name of await queries.readingPartitions(db)) {
      if (name < partitionName(cutoff)) {
        await db.transaction((tx) => queries.dropPartition(tx, name));
        dropped.push(name);
      }
    }
    deletedFromDefault = await queries.deleteDefaultBefore(db, cutoff);
  }
  await queries.purgeChangesBefore(db, new Date(now.getTime() - DAY));
  return { created, dropped, deletedFromDefault };
}

/** The periodic jobs of ingest, for main.ts: partitions hourly, the time-driven rules every minute. */
export function ingestJobs(db: Database, pipeline: IngestPipeline): Job[] {
  return [
    {
      name: "monitoring reading partitions",
      everyMs: 3_600_000,
      run: async (now) => {
        const { created, dropped } = await maintainReadingPartitions(db, now);
        return created.length + dropped.length;
      },
    },
    { name: "monitoring rule timers", everyMs: 60_000, run: (now) => pipeline.checkDueTimers(now) },
  ];
}
