// The nightly evaluation: every agency's active cases not yet evaluated on the agency's day, in batches, each batch
// one transaction with its audit row (the system's own change). It runs each hour through the job queue, so each
// agency's cases are evaluated once a day, in the first hour after its midnight.
import { appendAudit } from "../../platform/audit/audit";
import type { PlatformDeps } from "../../platform/context";
import type { Job } from "../../platform/jobs";
import { agencyIds } from "./early-discharge.queries";
import { evaluateAndStore } from "./early-discharge.service";

const batchSize = 500;

/** Evaluates the cases due for their daily evaluation; answers how many. */
export async function evaluateDueCases(deps: Pick<PlatformDeps, "db">, now: Date): Promise<number> {
  let evaluated = 0;
  for (const agencyId of await agencyIds(deps.db)) {
    let afterCaseId = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const batch = await deps.db.transaction(async (tx) => {
        const cases = await evaluateAndStore(tx, { agencyId, afterCaseId, limit: batchSize }, now);
        if (cases.length > 0) {
          await appendAudit(
            tx,
            {
              agencyId,
              actorUserId: null,
              actorUsername: "system",
              sessionRef: null,
              ip: null,
              userAgent: "early discharge evaluation job",
            },
            {
              action: "early_discharge.evaluated_nightly",
              outcome: "allowed",
              recordType: "agency",
              recordId: agencyId,
              details: { cases: cases.length, eligible: cases.filter((entry) => entry.eligibility.eligible).length },
            },
            now,
          );
        }
        return cases;
      });
      evaluated += batch.length;
      if (batch.length < batchSize) break;
      afterCaseId = batch.at(-1)!.row.case_id;
    }
  }
  return evaluated;
}

/** Hourly through the job queue: a case already evaluated on its agency's day is skipped, so this is once a night. */
export const earlyDischargeJob = (deps: Pick<PlatformDeps, "db">): Job => ({
  name: "nightly early discharge evaluation",
  everyMs: 3_600_000,
  run: (now) => evaluateDueCases(deps, now),
});
