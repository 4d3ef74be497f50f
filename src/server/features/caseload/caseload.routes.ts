import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { caseloadPage, caseloadQuery } from "../../../shared/contract/caseload";
import type { CaseloadService } from "./caseload.service";

export function caseloadRoutes(caseload: CaseloadService) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      "/caseload",
      {
        schema: {
          tags: ["caseload"],
          summary: "Open cases visible to the signed-in user (officer: own caseload; supervisor: unit), by priority with the reason",
          querystring: caseloadQuery,
          response: { 200: caseloadPage },
        },
      },
      async (request) => caseload.list(request.context, request.query),
    );
  };
}
