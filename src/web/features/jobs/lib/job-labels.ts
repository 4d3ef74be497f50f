import type { JobStatus } from "../../../../shared/contract/jobs";

/** The capabilities that act on supervision events, as people name them. */
const consumerLabels: Record<string, string> = { tasks: "the task list" };

/** The queue's own job kinds, as people name them; periodic ones are "periodic:<name>". */
const kindLabels: Record<string, string> = {
  "supervision-event.dispatch": "Passing a supervision event to the capabilities that act on it",
  "supervision-event.backfill": "Giving a newly added capability the supervision events raised before it",
  "monitoring-alert.announce": "Telling the officer of a lost signal that did not come back in the grace period",
  "monitoring-alert.escalate": "Escalating a high-severity monitoring alert nobody acknowledged in time",
};

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What a job does, in words: never its internal kind code. */
export function jobKindLabel(kind: string, consumer: string | null = null): string {
  if (kind.startsWith("periodic:")) return `${sentence(kind.slice("periodic:".length))} (runs regularly)`;
  if (kind === "supervision-event.deliver")
    return `Delivering a supervision event to ${consumerLabels[consumer ?? ""] ?? consumer ?? "a capability"}`;
  return kindLabels[kind] ?? sentence(kind.replace(/[._:-]+/g, " ").trim());
}

const maxErrorLength = 240;

/**
 * Why the last attempt failed, for people: the message's first line (no stack trace, no "Error:" prefix), as a
 * sentence, cut short when long.
 */
export function formatJobError(error: string | null): string | null {
  if (!error) return null;
  const firstLine = (error.split("\n").find((line) => line.trim() !== "") ?? "").trim().replace(/^(?:[A-Za-z]*Error:\s*)+/, "");
  if (!firstLine) return "It failed without saying why.";
  const text = sentence(firstLine);
  const cut = text.length > maxErrorLength ? `${text.slice(0, maxErrorLength - 1).trimEnd()}…` : text;
  return /[.!?…]$/.test(cut) ? cut : `${cut}.`;
}

/** Where the job stands, in words. */
export function jobStatusLabel(job: Pick<JobStatus, "status" | "attempts" | "maxAttempts"> & { failed: boolean }): string {
  switch (job.status) {
    case "queued":
      return job.failed ? `Waiting to try again (attempt ${job.attempts} of ${job.maxAttempts} failed)` : "Waiting to start";
    case "running":
      return `Running (attempt ${job.attempts} of ${job.maxAttempts})`;
    case "succeeded":
      return "Finished";
    case "dead":
      return "Failed and stopped: it will not run again unless an administrator runs it again";
  }
}

/** The progress a job last reported, in words: "2 of 4 done (50%)", with its note. */
export function jobProgressLabel(progress: JobStatus["progress"]): string | null {
  if (!progress || progress.total <= 0) return null;
  const percent = Math.min(100, Math.round((progress.done / progress.total) * 100));
  const counts = `${progress.done.toLocaleString("en-US")} of ${progress.total.toLocaleString("en-US")} done (${percent}%)`;
  return progress.note ? `${counts}: ${progress.note}` : counts;
}
