import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../shared/contract/common";
import {
  caseViolations,
  mergeViolationsBody,
  newResponseBody,
  newViolationBody,
  responseDecisionBody,
  responseDoneBody,
  responseMatrixBody,
  severityTableBody,
  updateViolationBody,
  violation,
  violationSettings,
  warningLetter,
} from "../../../shared/contract/violations";
import type { ViolationsService } from "./violations.service";

export function violationsRoutes(violations: ViolationsService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/cases/:id/violations",
      {
        schema: {
          tags: ["violations"],
          summary: "The case's violations with their evidence, responses and the matrix cell each may pick from",
          params: idParams,
          response: { 200: caseViolations },
        },
      },
      async (request) => violations.listForCase(request.context, request.params.id),
    );
    routes.post(
      "/cases/:id/violations",
      {
        schema: {
          tags: ["violations"],
          summary: "Record a violation by hand (409 on a closed case)",
          params: idParams,
          body: newViolationBody,
          response: { 201: violation },
        },
      },
      async (request, reply) => reply.code(201).send(await violations.record(request.context, request.params.id, request.body)),
    );
    routes.get(
      "/warning-letters/:id",
      {
        schema: {
          tags: ["violations"],
          summary: "A warning letter generated from a written warning response when it took effect",
          params: idParams,
          response: { 200: warningLetter },
        },
      },
      async (request) => violations.warningLetter(request.context, request.params.id),
    );
    routes.patch(
      "/violations/:id",
      {
        schema: {
          tags: ["violations"],
          summary: "Correct a violation, record the person's account, or close it (addressed, or withdrawn with a reason)",
          params: idParams,
          body: updateViolationBody,
          response: { 200: violation },
        },
      },
      async (request) => violations.update(request.context, request.params.id, request.body),
    );
    routes.post(
      "/violations/:id/merge",
      {
        schema: {
          tags: ["violations"],
          summary: "Group other open violations of the case (one episode) into this one",
          params: idParams,
          body: mergeViolationsBody,
          response: { 200: violation },
        },
      },
      async (request) => violations.merge(request.context, request.params.id, request.body),
    );
    routes.post(
      "/violations/:id/responses",
      {
        schema: {
          tags: ["violations"],
          summary: "Choose a response from the matrix's cell, or depart from it with a reason (then a supervisor approves)",
          params: idParams,
          body: newResponseBody,
          response: { 201: violation },
        },
      },
      async (request, reply) => reply.code(201).send(await violations.respond(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/violation-responses/:id/decision",
      {
        schema: {
          tags: ["violations"],
          summary: "Approve or refuse a response awaiting approval (a supervisor of the case's unit other than its proposer)",
          params: idParams,
          body: responseDecisionBody,
          response: { 200: violation },
        },
      },
      async (request) => violations.decide(request.context, request.params.id, request.body),
    );
    routes.post(
      "/violation-responses/:id/done",
      {
        schema: {
          tags: ["violations"],
          summary: "Record that a response was carried out",
          params: idParams,
          body: responseDoneBody,
          response: { 200: violation },
        },
      },
      async (request) => violations.complete(request.context, request.params.id, request.body),
    );
    routes.get(
      "/violation-settings",
      {
        schema: {
          tags: ["violations"],
          summary: "The agency's severity per violation type and its response matrix (or the shipped defaults)",
          response: { 200: violationSettings },
        },
      },
      async (request) => violations.settings(request.context),
    );
    routes.put(
      "/violation-settings/severities",
      {
        schema: {
          tags: ["violations"],
          summary: "Set the severity of each violation type (administrators)",
          body: severityTableBody,
          response: { 200: violationSettings },
        },
      },
      async (request) => violations.setSeverities(request.context, request.body),
    );
    routes.put(
      "/violation-settings/matrix",
      {
        schema: {
          tags: ["violations"],
          summary: "Replace the response matrix (administrators); an undefined cell or overlapping severities is a 400 naming it",
          body: responseMatrixBody,
          response: { 200: violationSettings },
        },
      },
      async (request) => violations.setMatrix(request.context, request.body),
    );
  };
}
