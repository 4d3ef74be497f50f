import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { liveness, readiness } from "../../../shared/contract/health";
import type { Database } from "../../platform/db/database";
import { pendingMigrations } from "../../platform/db/migrate";
import { pingDatabase } from "./health.queries";

export function healthRoutes(db: Database) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/healthz",
      {
        config: { access: "public" },
        schema: { tags: ["health"], summary: "The process is up", response: { 200: liveness } },
      },
      async () => ({ status: "ok" as const }),
    );
    routes.get(
      "/readyz",
      {
        config: { access: "public" },
        schema: { tags: ["health"], summary: "The database is reachable and fully migrated", response: { 200: readiness, 503: readiness } },
      },
      async (_request, reply) => {
        try {
          await pingDatabase(db);
          const pending = await pendingMigrations(db);
          const body = { status: pending.length === 0 ? "ready" : "not ready", database: db.kind, pendingMigrations: pending } as const;
          return reply.code(pending.length === 0 ? 200 : 503).send(body);
        } catch {
          return reply.code(503).header("retry-after", "5").send({ status: "not ready", database: "unreachable", pendingMigrations: [] });
        }
      },
    );
  };
}
