import { useEffect, useRef } from "react";
import type { JobStatus } from "../../../../shared/contract/jobs";
import { isSettled, useJobStatus } from "../api/jobs";
import { jobProgressLabel, jobStatusLabel } from "../lib/job-labels";

type JobProgressProps = {
  jobId: string;
  /** What the job is, for the progress bar's accessible name ("Importing people"). */
  label: string;
  /** Called once when the job has finished (succeeded or dead), e.g. to refresh what it changed. */
  onSettled?: (status: JobStatus) => void;
};

/**
 * Follows a background job until it finishes: a progress bar (USWDS colours; indeterminate while a running job has
 * reported nothing) and its status in words, announced politely to screen readers as it changes. Any page that
 * starts a job shows its progress with it; it asks GET /api/v1/jobs/:id every two seconds until the job has settled.
 */
export function JobProgress({ jobId, label, onSettled }: JobProgressProps) {
  const job = useJobStatus(jobId);
  const status = job.data;
  const settled = status ? isSettled(status.status) : false;
  const told = useRef(false);
  useEffect(() => {
    if (!status || !settled || told.current) return;
    told.current = true;
    onSettled?.(status);
  }, [status, settled, onSettled]);

  const progress = status?.progress && status.progress.total > 0 ? status.progress : null;
  const text = status
    ? [jobStatusLabel(status), status.status === "succeeded" ? null : jobProgressLabel(status.progress)].filter(Boolean).join(". ")
    : job.isError
      ? "The job's progress could not be read. It may still be running."
      : "Checking the job's progress…";
  return (
    <div className="waypoint-job-progress">
      {status && (status.status === "running" || status.status === "succeeded" || (status.status === "dead" && progress)) ? (
        <progress
          className={`waypoint-job-progress__bar${status.status === "dead" ? " waypoint-job-progress__bar--failed" : ""}`}
          aria-label={`${label}: progress`}
          max={status.status === "succeeded" ? 1 : (progress?.total ?? undefined)}
          value={status.status === "succeeded" ? 1 : (progress?.done ?? undefined)}
        />
      ) : null}
      <p className="margin-0 font-sans-2xs" role="status" aria-live="polite">
        {text}
      </p>
    </div>
  );
}
