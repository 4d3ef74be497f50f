import { useState } from "react";
import type { BackgroundJob } from "../../../../shared/contract/jobs";
import { Alert, Button, ConfirmDialog, ErrorAlert, Loading, Table } from "../../../components/ui";
import { formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { useBackgroundJobs, useRunJobAgain } from "../api/jobs";
import { JobProgress } from "../components/job-progress";
import { formatJobError, jobKindLabel, jobProgressLabel, jobStatusLabel } from "../lib/job-labels";

const sections = [
  {
    status: "running",
    title: "Running",
    empty: "No job is running.",
    caption: "Jobs running now",
  },
  {
    status: "dead",
    title: "Failed and stopped",
    empty: "No job has failed on its last attempt.",
    caption: "Jobs that failed on their last attempt, newest first",
  },
  {
    status: "queued",
    title: "Waiting",
    empty: "No job is waiting.",
    caption: "Jobs waiting to start or to try again, newest first",
  },
] as const;

const labelOf = (job: BackgroundJob) => jobKindLabel(job.kind, job.consumer);

/**
 * The administrators' view of the job queue: what runs, what waits (to start, or to try again after a failure) and
 * what failed on its last attempt, with why; a dead job can be run again once its cause is fixed.
 */
export function BackgroundJobsPage() {
  usePageTitle("Background jobs");
  const jobs = useBackgroundJobs();
  const runAgain = useRunJobAgain();
  const [confirming, setConfirming] = useState<BackgroundJob | null>(null);
  const [rerun, setRerun] = useState<BackgroundJob | null>(null);
  return (
    <>
      <h1>Background jobs</h1>
      <p>
        Work Waypoint does in the background: regular runs (the daily drug-test draw, overdue field visits, sending e-mail and text
        messages), supervision events passed to the capabilities that act on them, and work people started. A failed attempt is tried again
        after a pause; a job that fails on its last attempt stops here until an administrator runs it again.
      </p>
      {rerun ? (
        <Alert type="success" slim>
          <p className="margin-0">{labelOf(rerun)} is queued again.</p>
          <JobProgress jobId={rerun.id} label={labelOf(rerun)} />
        </Alert>
      ) : null}
      {jobs.isPending ? <Loading label="Loading background jobs…" /> : null}
      <ErrorAlert error={jobs.error} />
      {jobs.data
        ? sections.map((section) => {
            const rows = jobs.data.jobs.filter((job) => job.status === section.status);
            return (
              <section key={section.status} aria-labelledby={`jobs-${section.status}`}>
                <h2 id={`jobs-${section.status}`}>
                  {section.title} ({rows.length.toLocaleString("en-US")})
                </h2>
                {rows.length === 0 ? <p>{section.empty}</p> : <JobTable caption={section.caption} rows={rows} onRunAgain={setConfirming} />}
              </section>
            );
          })
        : null}
      {confirming ? (
        <ConfirmDialog
          title="Run this job again?"
          confirmLabel="Run again"
          pending={runAgain.isPending}
          error={runAgain.error}
          onConfirm={() =>
            runAgain.mutateAsync(confirming.id).then(() => {
              setRerun(confirming);
            })
          }
          onClose={() => {
            setConfirming(null);
            runAgain.reset();
          }}
        >
          <p>
            “{labelOf(confirming)}” goes back in the queue and runs as soon as a server is free, with a fresh count of{" "}
            {confirming.maxAttempts.toLocaleString("en-US")} attempts. Run it again only once the cause of its failure is fixed.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function JobTable({ caption, rows, onRunAgain }: { caption: string; rows: BackgroundJob[]; onRunAgain: (job: BackgroundJob) => void }) {
  return (
    <Table caption={caption} captionHidden>
      <thead>
        <tr>
          <th scope="col">Job</th>
          <th scope="col">Status and progress</th>
          <th scope="col">Last error</th>
          <th scope="col">When</th>
          <th scope="col">
            <span className="usa-sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((job) => (
          <tr key={job.id}>
            <th scope="row">
              {labelOf(job)}
              <br />
              <span className="font-sans-3xs">{job.enqueuedByName ? `Started by ${job.enqueuedByName}` : "Started by Waypoint"}</span>
            </th>
            <td>
              {job.status === "running" ? (
                <JobProgress jobId={job.id} label={labelOf(job)} />
              ) : (
                [jobStatusLabel({ ...job, failed: job.lastError !== null }), jobProgressLabel(job.progress)].filter(Boolean).join(". ")
              )}
            </td>
            <td className="text-break-word">{formatJobError(job.lastError) ?? "None"}</td>
            <td>
              {job.status === "dead"
                ? `Stopped ${formatDateTime(job.finishedAt)}`
                : job.status === "queued"
                  ? `${job.attempts > 0 ? "Next try" : "Due"} ${formatDateTime(job.runAt)}`
                  : `Queued ${formatDateTime(job.createdAt)}`}
            </td>
            <td>
              {job.status === "dead" ? (
                <Button variant="outline" className="width-auto" onClick={() => onRunAgain(job)}>
                  Run again
                  <span className="usa-sr-only">: {labelOf(job)}</span>
                </Button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
