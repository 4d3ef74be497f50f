import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../shared/contract/common";
import {
  abscondingBody,
  abscondingFoundBody,
  caseRevocations,
  revocationDecisionBody,
  revocationRecommendation,
  startRevocationBody,
  submitRevocationBody,
  updateRevocationBody,
} from "../../../shared/contract/revocation";
import type { RevocationService } from "./revocation.service";

export function revocationRoutes(revocation: RevocationService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    const tags = ["revocation"];
    routes.get(
      "/cases/:id/revocations",
      {
        schema: {
          tags,
          summary: "The case's revocation (recall) recommendations, its open violations to start one from, and its abscondings",
          params: idParams,
          response: { 200: caseRevocations },
        },
      },
      async (request) => revocation.ofCase(request.context, request.params.id),
    );
    routes.post(
      "/cases/:id/revocations",
      {
        schema: {
          tags,
          summary: "Start a revocation recommendation from violations of the case (facts drafted from them), or an emergency one",
          params: idParams,
          body: startRevocationBody,
          response: { 201: revocationRecommendation },
        },
      },
      async (request, reply) => reply.code(201).send(await revocation.start(request.context, request.params.id, request.body)),
    );
    routes.get(
      "/revocations/:id",
      {
        schema: {
          tags,
          summary: "A revocation recommendation in full: the file, the document to the authority or the no-revocation letter",
          params: idParams,
          response: { 200: revocationRecommendation },
        },
      },
      async (request) => revocation.read(request.context, request.params.id),
    );
    routes.patch(
      "/revocations/:id",
      {
        schema: {
          tags,
          summary: "Edit the file: facts, why the alternatives tried were not enough, the recommendation",
          params: idParams,
          body: updateRevocationBody,
          response: { 200: revocationRecommendation },
        },
      },
      async (request) => revocation.update(request.context, request.params.id, request.body),
    );
    routes.post(
      "/revocations/:id/submit",
      {
        schema: {
          tags,
          summary: "Submit the file to the unit's supervisors (an emergency: due within hours), or complete an emergency's file",
          params: idParams,
          body: submitRevocationBody,
          response: { 200: revocationRecommendation },
        },
      },
      async (request) => revocation.submit(request.context, request.params.id, request.body),
    );
    routes.post(
      "/revocations/:id/decision",
      {
        schema: {
          tags,
          summary:
            "A supervisor (never the author) records the discussion and decides: refer to the authority, no revocation (a letter), or an emergency warrant request",
          params: idParams,
          body: revocationDecisionBody,
          response: { 200: revocationRecommendation },
        },
      },
      async (request) => revocation.decide(request.context, request.params.id, request.body),
    );
    routes.post(
      "/cases/:id/absconding",
      {
        schema: {
          tags,
          summary: "Record that the person absconded: the case goes on warrant status and the contact standards pause",
          params: idParams,
          body: abscondingBody,
          response: { 201: caseRevocations },
        },
      },
      async (request, reply) => reply.code(201).send(await revocation.recordAbsconding(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/abscondings/:id/found",
      {
        schema: {
          tags,
          summary: "The absconder was found: the case returns to active supervision or goes to in custody",
          params: idParams,
          body: abscondingFoundBody,
          response: { 200: caseRevocations },
        },
      },
      async (request) => revocation.found(request.context, request.params.id, request.body),
    );
  };
}
