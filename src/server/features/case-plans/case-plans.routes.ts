import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  agreementBody,
  casePlan,
  casePlanBody,
  casePlanOverview,
  planStepParams,
  stepStatusBody,
} from "../../../shared/contract/case-plans";
import { idParams } from "../../../shared/contract/common";
import type { CasePlansService } from "./case-plans.service";

export function casePlansRoutes(plans: CasePlansService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/cases/:id/case-plan",
      {
        schema: {
          tags: ["case plans"],
          summary: "The case's plan: the active version, the earlier ones, and the latest assessment's needs and strengths to build from",
          params: idParams,
          response: { 200: casePlanOverview },
        },
      },
      async (request) => plans.overview(request.context, request.params.id),
    );
    routes.post(
      "/cases/:id/case-plan",
      {
        schema: {
          tags: ["case plans"],
          summary: "Make the case's plan, or review it: a new version replaces the active one, which is kept read-only",
          params: idParams,
          body: casePlanBody,
          response: { 201: casePlanOverview },
        },
      },
      async (request, reply) => reply.code(201).send(await plans.create(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/case-plans/:id/steps/:stepId/status",
      {
        schema: {
          tags: ["case plans"],
          summary: "Mark a step of the active plan done or open again (its task and the goal's progress follow)",
          params: planStepParams,
          body: stepStatusBody,
          response: { 200: casePlan },
        },
      },
      async (request) => plans.setStepStatus(request.context, request.params.id, request.params.stepId, request.body),
    );
    routes.post(
      "/case-plans/:id/agreement",
      {
        schema: {
          tags: ["case plans"],
          summary: "Record the supervisee's agreement to the plan: signed, verbal, or could not agree (with the reason)",
          params: idParams,
          body: agreementBody,
          response: { 200: casePlan },
        },
      },
      async (request) => plans.recordAgreement(request.context, request.params.id, request.body),
    );
  };
}
