import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../shared/contract/common";
import { jobStatus } from "../../../shared/contract/jobs";
import type { JobsService } from "./jobs.service";

export function jobsRoutes(jobs: JobsService) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      "/jobs/:id",
      {
        schema: {
          tags: ["jobs"],
          summary: "A background job's status and progress (who enqueued it, or an administrator of its agency)",
          params: idParams,
          response: { 200: jobStatus },
        },
      },
      async (request) => jobs.status(request.context, request.params.id),
    );
  };
}
