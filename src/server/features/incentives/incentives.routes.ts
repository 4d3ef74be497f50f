import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../shared/contract/common";
import {
  caseIncentives,
  caseIncentivesQuery,
  incentive,
  incentiveSettings,
  incentiveSettingsBody,
  newIncentiveBody,
  unitIncentives,
  unitIncentivesQuery,
} from "../../../shared/contract/incentives";
import type { IncentivesService } from "./incentives.service";

export function incentivesRoutes(incentives: IncentivesService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/cases/:id/incentives",
      {
        schema: {
          tags: ["incentives"],
          summary:
            "The case's incentives, the achievements and goals an incentive may reward, and the incentive-to-sanction ratio of a period",
          params: idParams,
          querystring: caseIncentivesQuery,
          response: { 200: caseIncentives },
        },
      },
      async (request) => incentives.listForCase(request.context, request.params.id, request.query),
    );
    routes.post(
      "/cases/:id/incentives",
      {
        schema: {
          tags: ["incentives"],
          summary: "Record an incentive, optionally for an achievement and/or a case plan goal (409 on a closed case)",
          params: idParams,
          body: newIncentiveBody,
          response: { 201: incentive },
        },
      },
      async (request, reply) => reply.code(201).send(await incentives.record(request.context, request.params.id, request.body)),
    );
    routes.get(
      "/incentives/unit",
      {
        schema: {
          tags: ["incentives"],
          summary: "A unit's incentive-to-sanction ratio over a period, in total and by officer (its supervisors)",
          querystring: unitIncentivesQuery,
          response: { 200: unitIncentives },
        },
      },
      async (request) => incentives.unit(request.context, request.query),
    );
    routes.get(
      "/incentive-settings",
      {
        schema: { tags: ["incentives"], summary: "The agency's target ratio and its own incentives", response: { 200: incentiveSettings } },
      },
      async (request) => incentives.settings(request.context),
    );
    routes.put(
      "/incentive-settings",
      {
        schema: {
          tags: ["incentives"],
          summary: "Set the agency's target ratio and its own incentives (administrators)",
          body: incentiveSettingsBody,
          response: { 200: incentiveSettings },
        },
      },
      async (request) => incentives.setSettings(request.context, request.body),
    );
  };
}
