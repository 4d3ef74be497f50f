import type { Queryable } from "./db/database";

export type ClaimedJob = { id: string; kind: string; payload: unknown; attempts: number; max_attempts: number; lease_token: string };

/** Adds a job; with a dedupe key already queued, nothing is added and null is answered. */
export async function insertJob(
  db: Queryable,
  job: {
    kind: string;
    payload: unknown;
    runAt: Date;
    dedupeKey: string | null;
    maxAttempts: number;
    agencyId: string | null;
    enqueuedBy: string | null;
    now: Date;
  },
): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO job (kind, payload, run_at, dedupe_key, max_attempts, agency_id, enqueued_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (dedupe_key) WHERE status = 'queued' DO NOTHING
     RETURNING id`,
    [job.kind, JSON.stringify(job.payload), job.runAt, job.dedupeKey, job.maxAttempts, job.agencyId, job.enqueuedBy, job.now],
  );
  return row?.id ?? null;
}

/**
 * Claims the next due job of the given kinds: a queued one whose time has come, or a running one whose lease
 * expired (its worker died). SKIP LOCKED lets workers on every instance claim at once without taking the same row.
 */
export async function claimNextJob(
  db: Queryable,
  input: { kinds: readonly string[]; now: Date; leaseUntil: Date; leaseToken: string },
): Promise<ClaimedJob | undefined> {
  const [job] = await db.query<ClaimedJob>(
    `UPDATE job j
        SET status = 'running', attempts = j.attempts + 1, lease_token = $4, locked_until = $3, started_at = coalesce(j.started_at, $2)
      WHERE j.id = (
        SELECT id FROM job
         WHERE kind = ANY ($1::text[])
           AND ((status = 'queued' AND run_at <= $2) OR (status = 'running' AND locked_until < $2))
         ORDER BY run_at, created_at
         LIMIT 1
         FOR UPDATE SKIP LOCKED)
      RETURNING j.id, j.kind, j.payload, j.attempts, j.max_attempts, j.lease_token`,
    [input.kinds, input.now, input.leaseUntil, input.leaseToken],
  );
  return job;
}

/** Records progress and extends the lease; false when the lease was lost (another worker holds the job now). */
export async function recordJobProgress(
  db: Queryable,
  input: { id: string; leaseToken: string; done: number; total: number; note: string | null; leaseUntil: Date },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE job SET progress_done = $3, progress_total = $4, progress_note = $5, locked_until = $6
      WHERE id = $1 AND lease_token = $2 AND status = 'running' RETURNING id`,
    [input.id, input.leaseToken, input.done, input.total, input.note, input.leaseUntil],
  );
  return rows.length > 0;
}

/** Settles a job its worker still holds: succeeded, queued again for a retry, or dead. False when the lease was lost. */
export async function settleJob(
  db: Queryable,
  input: { id: string; leaseToken: string; status: "succeeded" | "queued" | "dead"; runAt: Date | null; error: string | null; now: Date },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE job
        SET status = $3::text, run_at = coalesce($4::timestamptz, run_at), last_error = $5, lease_token = NULL, locked_until = NULL,
            finished_at = CASE WHEN $3::text = 'queued' THEN NULL ELSE $6::timestamptz END
      WHERE id = $1 AND lease_token = $2 AND status = 'running' RETURNING id`,
    [input.id, input.leaseToken, input.status, input.runAt, input.error, input.now],
  );
  return rows.length > 0;
}

/** Moves a periodic job's next run on when it is due; true for the one instance that moved it. */
/** Makes sure the periodic job has its row (first due at once); run once per job and process. */
export async function registerPeriodicJob(db: Queryable, name: string, now: Date): Promise<void> {
  await db.query("INSERT INTO periodic_job (name, next_run_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", [name, now]);
}

/** Takes this period's turn when it has come (taken), and says when the next one is due either way. */
export async function takePeriodicTurn(db: Queryable, name: string, now: Date, next: Date): Promise<{ taken: boolean; nextRunAt: Date }> {
  const rows = await db.query("UPDATE periodic_job SET next_run_at = $3 WHERE name = $1 AND next_run_at <= $2 RETURNING name", [
    name,
    now,
    next,
  ]);
  if (rows.length > 0) return { taken: true, nextRunAt: next };
  const [row] = await db.query<{ next_run_at: Date }>("SELECT next_run_at FROM periodic_job WHERE name = $1", [name]);
  return { taken: false, nextRunAt: row ? new Date(row.next_run_at) : now };
}

/** Succeeded jobs are kept a while for their pages, then removed; dead ones stay for an administrator to look at. */
export async function deleteSucceededJobsBefore(db: Queryable, before: Date): Promise<number> {
  const rows = await db.query("DELETE FROM job WHERE status = 'succeeded' AND finished_at < $1 RETURNING id", [before]);
  return rows.length;
}
