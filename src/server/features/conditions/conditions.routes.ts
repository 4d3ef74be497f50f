import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { createdResponse, idParams, okResponse } from "../../../shared/contract/common";
import {
  attachConditionBody,
  complianceBody,
  conditionType,
  conditionTypeBody,
  endConditionBody,
  modificationRequest,
  modificationRequestBody,
  modificationRequestStatus,
  modifyConditionBody,
  pendingModificationRequest,
} from "../../../shared/contract/conditions";
import type { ConditionsService } from "./conditions.service";

export function conditionsRoutes(conditions: ConditionsService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/condition-types",
      {
        schema: {
          tags: ["conditions"],
          summary: "The agency's catalogue of standard and special conditions",
          response: { 200: z.array(conditionType) },
        },
      },
      async (request) => conditions.listCatalogue(request.context),
    );
    routes.post(
      "/condition-types",
      {
        schema: {
          tags: ["conditions"],
          summary: "Add a condition to the catalogue (administrators)",
          body: conditionTypeBody,
          response: { 201: conditionType },
        },
      },
      async (request, reply) => reply.code(201).send(await conditions.addToCatalogue(request.context, request.body)),
    );
    routes.post(
      "/cases/:id/conditions",
      {
        schema: {
          tags: ["conditions"],
          summary: "Attach a condition as ordered, with parameters typed by its kind (e.g. curfew start and end as HH:MM)",
          params: idParams,
          body: attachConditionBody,
          response: { 201: createdResponse },
        },
      },
      async (request, reply) => reply.code(201).send(await conditions.attach(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/conditions/:id/modifications",
      {
        schema: {
          tags: ["conditions"],
          summary: "Record a modification: a new version superseding the current one (history kept)",
          params: idParams,
          body: modifyConditionBody,
          response: { 201: createdResponse },
        },
      },
      async (request, reply) => reply.code(201).send(await conditions.modify(request.context, request.params.id, request.body)),
    );
    routes.patch(
      "/conditions/:id/compliance",
      {
        schema: {
          tags: ["conditions"],
          summary: "Set the compliance status of a condition",
          params: idParams,
          body: complianceBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await conditions.setCompliance(request.context, request.params.id, request.body.compliance);
        return { ok: true as const };
      },
    );
    routes.post(
      "/conditions/:id/end",
      {
        schema: {
          tags: ["conditions"],
          summary: "End a condition: its last day in force, with the reason (audited)",
          params: idParams,
          body: endConditionBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await conditions.end(request.context, request.params.id, request.body);
        return { ok: true as const };
      },
    );
    routes.get(
      "/modification-requests",
      {
        schema: {
          tags: ["conditions"],
          summary: "Condition modification requests awaiting a decision, in the units the supervisor supervises",
          response: { 200: z.array(pendingModificationRequest) },
        },
      },
      async (request) => conditions.listPendingModificationRequests(request.context),
    );
    routes.get(
      "/cases/:id/modification-requests",
      {
        schema: {
          tags: ["conditions"],
          summary: "Condition modification requests of a case (to the court for probation, the parole board for parole)",
          params: idParams,
          response: { 200: z.array(modificationRequest) },
        },
      },
      async (request) => conditions.listModificationRequests(request.context, request.params.id),
    );
    routes.post(
      "/cases/:id/modification-requests",
      {
        schema: {
          tags: ["conditions"],
          summary: "Draft a request to add, change or end a condition, for the case's authority",
          params: idParams,
          body: modificationRequestBody,
          response: { 201: modificationRequest },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await conditions.requestModification(request.context, request.params.id, request.body)),
    );
    routes.patch(
      "/modification-requests/:id",
      {
        schema: {
          tags: ["conditions"],
          summary:
            "Move a request on: drafted → submitted (officer) → granted or denied (a supervisor of the unit, not the requester); a grant applies the change",
          params: idParams,
          body: z.strictObject({ status: modificationRequestStatus }),
          response: { 200: modificationRequest },
        },
      },
      async (request) => conditions.setModificationRequestStatus(request.context, request.params.id, request.body.status),
    );
  };
}
