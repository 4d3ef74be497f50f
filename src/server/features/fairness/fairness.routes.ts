import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams, okResponse } from "../../../shared/contract/common";
import { fairnessQuery, fairnessReport, raceEthnicityBody, raceEthnicityRecord } from "../../../shared/contract/fairness";
import type { FairnessService } from "./fairness.service";

export function fairnessRoutes(fairness: FairnessService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/people/:id/race-ethnicity",
      {
        schema: {
          tags: ["fairness"],
          summary: "The person's self-reported race and ethnicity (read on its own and audited; never part of the person's record)",
          params: idParams,
          response: { 200: raceEthnicityRecord },
        },
      },
      async (request) => fairness.raceEthnicity(request.context, request.params.id),
    );
    routes.put(
      "/people/:id/race-ethnicity",
      {
        schema: {
          tags: ["fairness"],
          summary: "Record what the person reports (any number of categories) or that they declined; a correction sends the version read",
          params: idParams,
          body: raceEthnicityBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await fairness.recordRaceEthnicity(request.context, request.params.id, request.body);
        return { ok: true as const };
      },
    );
    routes.get(
      "/fairness/responses",
      {
        schema: {
          tags: ["fairness"],
          summary:
            "Response severity by race and ethnicity, sex or age band for the same violation severity and risk level, in the supervisor's unit: counts, restrictive share and disparity ratio, groups under 10 suppressed",
          querystring: fairnessQuery,
          response: { 200: fairnessReport },
        },
      },
      async (request) => fairness.report(request.context, request.query),
    );
  };
}
