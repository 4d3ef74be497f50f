// The alerts' background work, on the durable job queue so it survives restarts and runs once across instances:
// announcing a no-signal alert once its grace period has passed, and escalating a high-severity alert nobody
// acknowledged in time. Each runs in its own transaction under the alert's row lock and does nothing when the alert
// has moved on (acknowledged, resolved, cleared by itself, already escalated).
import { z } from "zod";
import type { Database } from "../../../platform/db/database";
import { defineJob, type JobHandler } from "../../../platform/jobs";
import { announceAlert, announceJobKind, escalateAlert, escalateJobKind } from "./raise";

export function monitoringAlertJobs(db: Database): JobHandler<{ alertId: string }>[] {
  return [
    defineJob({
      kind: announceJobKind,
      payload: z.object({ alertId: z.uuid() }),
      async run({ alertId }, job) {
        await db.transaction(async (tx) => {
          await announceAlert(tx, alertId, job.now);
        });
      },
    }),
    defineJob({
      kind: escalateJobKind,
      payload: z.object({ alertId: z.uuid() }),
      async run({ alertId }, job) {
        await db.transaction(async (tx) => {
          await escalateAlert(tx, alertId, job.now);
        });
      },
    }),
  ];
}
