import type { RaisedAlert } from "../alerts/raise";

/**
 * What ingest and the timer job committed: the alerts recordAlertEvents answered (new or folded), with when the batch
 * was received, so a listener (the ingest benchmark) can measure reading → alert latency. Live delivery to browsers
 * needs no listener: recordAlertEvents sends its live event inside the transaction, delivered on commit.
 */
export type CommittedBatch = { alerts: readonly RaisedAlert[]; receivedAt: Date; committedAt: Date; source: "readings" | "timers" };

type Listener = (batch: CommittedBatch) => void | Promise<void>;

const listeners = new Set<Listener>();

/**
 * Registers a listener called after each batch that raised or folded alerts has committed (never before: a rolled-back
 * batch tells nobody). Answers the function that removes it. A listener's failure is logged and does not reach the
 * device, whose readings are already stored.
 */
export function onIngestCommitted(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function runAfterCommit(batch: CommittedBatch, onError: (error: unknown) => void): Promise<void> {
  for (const listener of listeners) {
    try {
      await listener(batch);
    } catch (error) {
      onError(error);
    }
  }
}
