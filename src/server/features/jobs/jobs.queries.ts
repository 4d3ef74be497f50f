import type { BackgroundJob, JobStatus } from "../../../shared/contract/jobs";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

export type JobOwner = { agency_id: string | null; enqueued_by: string | null };

export async function findJobOwner(db: Queryable, id: string): Promise<JobOwner | undefined> {
  const [row] = await db.query<JobOwner>("SELECT agency_id, enqueued_by FROM job WHERE id = $1", [id]);
  return row;
}

export async function findJobStatus(db: Queryable, id: string): Promise<JobStatus> {
  const [row] = await db.query<{ status: JobStatus }>(
    `SELECT json_build_object(
       'id', id, 'kind', kind, 'status', status, 'attempts', attempts, 'maxAttempts', max_attempts,
       'progress', CASE WHEN progress_total IS NULL THEN NULL
                   ELSE json_build_object('done', progress_done, 'total', progress_total, 'note', progress_note) END,
       'failed', last_error IS NOT NULL,
       'createdAt', ${instantText("created_at")},
       'startedAt', ${instantText("started_at")},
       'finishedAt', ${instantText("finished_at")}) AS status
       FROM job WHERE id = $1`,
    [id],
  );
  return row!.status;
}

/** The jobs an agency's administrators look after: the agency's own and the queue's (no agency), waiting, running or dead. */
export async function listBackgroundJobs(db: Queryable, agencyId: string): Promise<BackgroundJob[]> {
  const rows = await db.query<{ job: BackgroundJob }>(
    `SELECT json_build_object(
       'id', j.id, 'kind', j.kind, 'consumer', CASE WHEN j.kind = 'supervision-event.deliver' THEN j.payload->>'consumer' END,
       'system', j.agency_id IS NULL, 'status', j.status, 'attempts', j.attempts, 'maxAttempts', j.max_attempts,
       'lastError', j.last_error,
       'progress', CASE WHEN j.progress_total IS NULL THEN NULL
                   ELSE json_build_object('done', j.progress_done, 'total', j.progress_total, 'note', j.progress_note) END,
       'enqueuedByName', u.display_name,
       'createdAt', ${instantText("j.created_at")}, 'runAt', ${instantText("j.run_at")}, 'finishedAt', ${instantText("j.finished_at")}) AS job
       FROM job j LEFT JOIN app_user u ON u.id = j.enqueued_by
      WHERE j.status IN ('queued', 'running', 'dead') AND (j.agency_id = $1 OR j.agency_id IS NULL)
      ORDER BY CASE j.status WHEN 'running' THEN 0 WHEN 'dead' THEN 1 ELSE 2 END, j.created_at DESC, j.id
      LIMIT 200`,
    [agencyId],
  );
  return rows.map((row) => row.job);
}

/** A dead job, locked for running it again; undefined when there is none by that id. */
export async function lockDeadJob(
  db: Queryable,
  id: string,
): Promise<(JobOwner & { kind: string; last_error: string | null }) | undefined> {
  const [row] = await db.query<JobOwner & { kind: string; last_error: string | null }>(
    "SELECT agency_id, enqueued_by, kind, last_error FROM job WHERE id = $1 AND status = 'dead' FOR UPDATE",
    [id],
  );
  return row;
}

/**
 * Queues a dead job again, due now, with a fresh count of attempts. False when a job with the same dedupe key is
 * already waiting (it does the same work).
 */
export async function requeueDeadJob(db: Queryable, id: string, now: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE job SET status = 'queued', attempts = 0, run_at = $2, last_error = NULL, finished_at = NULL,
                    progress_done = NULL, progress_total = NULL, progress_note = NULL
      WHERE id = $1 AND status = 'dead'
        AND NOT EXISTS (SELECT 1 FROM job q WHERE q.dedupe_key = job.dedupe_key AND q.status = 'queued')
      RETURNING id`,
    [id, now],
  );
  return rows.length > 0;
}
