import type { BackgroundJob, JobStatus } from "../../../shared/contract/jobs";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import { conflict, notFound } from "../../platform/errors";
import * as queries from "./jobs.queries";

export function createJobsService(deps: FeatureDeps) {
  return {
    /**
     * A job's status and progress: for who enqueued it and the administrators of its agency; the queue's own jobs
     * (periodic runs, event deliveries: no agency) for administrators, who look after the queue.
     */
    async status(context: RequestContext, id: string): Promise<JobStatus> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const owner = await queries.findJobOwner(tx, id);
        if (!owner) throw notFound("Job");
        const audit = { action: "job.status_read", recordType: "job", recordId: id };
        if (owner.agency_id) {
          authorize("job.read", { agencyId: owner.agency_id, ...(owner.enqueued_by ? { userId: owner.enqueued_by } : {}) }, audit);
        } else {
          authorize("job.manage", { agencyId: actor.agencyId }, audit);
        }
        return queries.findJobStatus(tx, id);
      });
    },

    /** The administrators' view of the queue: the agency's jobs and the queue's own, waiting, running or dead. */
    async list(context: RequestContext): Promise<{ jobs: BackgroundJob[] }> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("job.manage", { agencyId: actor.agencyId }, { action: "job.list", recordType: "job" });
        return { jobs: await queries.listBackgroundJobs(tx, actor.agencyId) };
      });
    },

    /** Runs a dead job again (administrators): queued now with a fresh count of attempts; the refusal and the run are audited. */
    async runAgain(context: RequestContext, id: string): Promise<JobStatus> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const job = await queries.lockDeadJob(tx, id);
        if (!job || (job.agency_id !== null && job.agency_id !== actor.agencyId)) throw notFound("Dead job");
        authorize(
          "job.manage",
          { agencyId: job.agency_id ?? actor.agencyId },
          { action: "job.run_again", recordType: "job", recordId: id, details: { kind: job.kind, lastError: job.last_error } },
        );
        if (!(await queries.requeueDeadJob(tx, id, context.now))) {
          throw conflict("The same job is already waiting to run: it does this work.", [{ field: "id", message: "already waiting" }]);
        }
        return queries.findJobStatus(tx, id);
      });
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;
