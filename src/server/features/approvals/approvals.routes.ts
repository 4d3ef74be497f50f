import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { approvalsList } from "../../../shared/contract/approvals";
import type { ApprovalsService } from "./approvals.service";

export function approvalsRoutes(approvals: ApprovalsService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/approvals",
      {
        schema: {
          tags: ["approvals"],
          summary: "What awaits the supervisor's decision on their unit's cases, never their own requests",
          response: { 200: approvalsList },
        },
      },
      async (request) => approvals.mine(request.context),
    );
  };
}
