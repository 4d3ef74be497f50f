import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  assessment,
  assessmentCompleteBody,
  assessmentOverride,
  assessmentSaveBody,
  assessmentStartBody,
  caseAssessments,
  instrumentVersionParams,
  overrideDecisionBody,
  overrideRequestBody,
} from "../../../shared/contract/assessments";
import { idParams } from "../../../shared/contract/common";
import { instrumentDefinition } from "../../../shared/instruments/definition";
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
    routes.get(
      "/cases/:id/assessments",
      {
        schema: {
          tags: ["assessments"],
          summary: "A case's assessments, overrides, the instruments to start, the next assessment's due day and the latest level change",
          params: idParams,
          response: { 200: caseAssessments },
        },
      },
      async (request) => assessments.listOfCase(request.context, request.params.id),
    );
    routes.get(
      "/instruments/:id/versions/:version",
      {
        schema: {
          tags: ["assessments"],
          summary: "An instrument's definition (domains, items with help text, cut-offs): the assessment form is built from it",
          params: instrumentVersionParams,
          response: { 200: instrumentDefinition },
        },
      },
      async (request) => assessments.instrument(request.context, request.params.id, request.params.version),
    );
    routes.post(
      "/assessments/:id/overrides",
      {
        schema: {
          tags: ["assessments"],
          summary: "Ask for another supervision level than the completed assessment sets; a supervisor of the unit decides",
          params: idParams,
          body: overrideRequestBody,
          response: { 201: assessmentOverride },
        },
      },
      async (request, reply) => reply.code(201).send(await assessments.requestOverride(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/assessment-overrides/:id/decision",
      {
        schema: {
          tags: ["assessments"],
          summary: "Approve or deny an override (a supervisor of the case's unit who did not ask for it); approval sets the level",
          params: idParams,
          body: overrideDecisionBody,
          response: { 200: assessmentOverride },
        },
      },
      async (request) => assessments.decideOverride(request.context, request.params.id, request.body),
    );
  };
}
