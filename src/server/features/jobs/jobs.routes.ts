import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../shared/contract/common";
import { backgroundJobList, jobStatus } from "../../../shared/contract/jobs";
import type { JobsService } from "./jobs.service";

export function jobsRoutes(jobs: JobsService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/jobs",
      {
        schema: {
          tags: ["jobs"],
          summary: "Background jobs waiting, running or dead: the agency's and the queue's own (administrators)",
          response: { 200: backgroundJobList },
        },
      },
      async (request) => jobs.list(request.context),
    );
    routes.post(
      "/jobs/:id/run-again",
      {
        schema: {
          tags: ["jobs"],
          summary: "Run a dead job again, with a fresh count of attempts (administrators)",
          params: idParams,
          response: { 200: jobStatus },
        },
      },
      async (request) => jobs.runAgain(request.context, request.params.id),
    );
    routes.get(
      "/jobs/:id",
      {
        schema: {
          tags: ["jobs"],
          summary: "A background job's status and progress (who enqueued it, or an administrator)",
          params: idParams,
          response: { 200: jobStatus },
        },
      },
      async (request) => jobs.status(request.context, request.params.id),
    );
  };
}
