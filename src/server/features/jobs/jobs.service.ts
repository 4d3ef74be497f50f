import type { JobStatus } from "../../../shared/contract/jobs";
import { guarded } from "../../platform/access/guarded";
import type { FeatureDeps, RequestContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import * as queries from "./jobs.queries";

export function createJobsService(deps: FeatureDeps) {
  return {
    /** A job's status and progress: for who enqueued it, and the administrators of its agency. */
    async status(context: RequestContext, id: string): Promise<JobStatus> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        const owner = await queries.findJobOwner(tx, id);
        // The queue's own jobs (periodic runs, event deliveries) belong to no agency and are nobody's to read here.
        if (!owner?.agency_id) throw notFound("Job");
        authorize(
          "job.read",
          { agencyId: owner.agency_id, ...(owner.enqueued_by ? { userId: owner.enqueued_by } : {}) },
          { action: "job.status_read", recordType: "job", recordId: id },
        );
        return queries.findJobStatus(tx, id);
      });
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;
