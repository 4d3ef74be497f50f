import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../../shared/contract/common";
import { crimeSceneBody, crimeSceneResult, livePositions, track, trackQuery } from "../../../../shared/contract/monitoring-map";
import type { MonitoringMapService } from "./map.service";

export function monitoringMapRoutes(map: MonitoringMapService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/monitoring/positions",
      {
        schema: {
          tags: ["monitoring"],
          summary: "The last position of each monitored person the user may see (officer: caseload; supervisor: unit), audited",
          response: { 200: livePositions },
        },
      },
      async (request) => map.livePositions(request.context),
    );
    routes.get(
      "/cases/:id/monitoring/track",
      {
        schema: {
          tags: ["monitoring"],
          summary: "The person's track over a window of at most 24 hours with the zones in force (thinned past 5,000 points), audited",
          params: idParams,
          querystring: trackQuery,
          response: { 200: track },
        },
      },
      async (request) => map.track(request.context, request.params.id, request.query),
    );
    routes.post(
      "/monitoring/crime-scene-searches",
      {
        schema: {
          tags: ["monitoring"],
          summary:
            "Supervisors: the agency's monitored people with readings within a radius of a place during a window (at most 7 days), with a stated reason; audited",
          body: crimeSceneBody,
          response: { 200: crimeSceneResult },
        },
      },
      async (request) => map.crimeScene(request.context, request.body),
    );
  };
}
