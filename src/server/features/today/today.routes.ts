import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { mapConfig, todayList, todayQuery } from "../../../shared/contract/today";
import type { Config } from "../../config";
import type { TodayService } from "./today.service";

export function todayRoutes(today: TodayService, config: Config) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/today",
      {
        schema: {
          tags: ["today"],
          summary:
            "The signed-in officer's worklist for a day: appointments, contacts overdue or due soon, drug tests drawn and suggested unannounced visits, by priority, with addresses and safety cautions for the field sheet",
          querystring: todayQuery,
          response: { 200: todayList },
        },
      },
      async (request) => today.list(request.context, request.query),
    );
    routes.get(
      "/map-config",
      {
        schema: {
          tags: ["today"],
          summary: "Where maps take their background tiles from (none on an air-gapped network)",
          response: { 200: mapConfig },
        },
      },
      async () => ({ tileUrl: config.mapTiles?.url ?? null, attribution: config.mapTiles?.attribution ?? null }),
    );
  };
}
