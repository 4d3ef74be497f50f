import type { JobStatus } from "../../../shared/contract/jobs";
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
