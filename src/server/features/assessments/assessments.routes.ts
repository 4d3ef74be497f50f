import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { assessment, assessmentCompleteBody, assessmentSaveBody, assessmentStartBody } from "../../../shared/contract/assessments";
import { idParams } from "../../../shared/contract/common";
import type { AssessmentsService } from "./assessments.service";

export function assessmentsRoutes(assessments: AssessmentsService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.post(
      "/cases/:id/assessments",
      {
        schema: {
          tags: ["assessments"],
          summary: "Start an assessment of the case on the latest version of an instrument",
          params: idParams,
          body: assessmentStartBody,
          response: { 201: assessment },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await assessments.start(request.context, request.params.id, request.body.instrumentId)),
    );
    routes.get(
      "/assessments/:id",
      {
        schema: {
          tags: ["assessments"],
          summary: "An assessment with its answers and score",
          params: idParams,
          response: { 200: assessment },
        },
      },
      async (request) => assessments.get(request.context, request.params.id),
    );
    routes.put(
      "/assessments/:id/answers",
      {
        schema: {
          tags: ["assessments"],
          summary: "Save answers of an assessment in progress (partial: required items may still be missing)",
          params: idParams,
          body: assessmentSaveBody,
          response: { 200: assessment },
        },
      },
      async (request) => assessments.save(request.context, request.params.id, request.body),
    );
    routes.post(
      "/assessments/:id/complete",
      {
        schema: {
          tags: ["assessments"],
          summary: "Complete an assessment: scored, categorised and mapped to a risk level; 400 listing required items missing",
          params: idParams,
          body: assessmentCompleteBody,
          response: { 200: assessment },
        },
      },
      async (request) => assessments.complete(request.context, request.params.id, request.body.expectedVersion),
    );
  };
}
