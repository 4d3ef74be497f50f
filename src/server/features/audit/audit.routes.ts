import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditPage, auditQuery } from "../../../shared/contract/audit";
import type { AuditService } from "./audit.service";

export function auditRoutes(audit: AuditService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/audit",
      {
        schema: {
          tags: ["audit"],
          summary: "Search the audit log, newest first (auditors)",
          querystring: auditQuery,
          response: { 200: auditPage },
        },
      },
      async (request) => audit.search(request.context, request.query),
    );
    routes.get(
      "/audit/export.csv",
      {
        schema: {
          tags: ["audit"],
          summary: "The matching audit rows as CSV, newest first, up to 100,000 (auditors)",
          querystring: auditQuery.omit({ cursor: true, limit: true }),
          response: { 200: z.string().describe("text/csv") },
        },
      },
      async (request, reply) => {
        const csv = await audit.exportCsv(request.context, request.query);
        const stamp = request.context.now.toISOString().replace(/[:.]/g, "-");
        return reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="waypoint-audit-${stamp}.csv"`)
          .send(csv);
      },
    );
  };
}
