import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams } from "../../../shared/contract/common";
import { colleague, fieldVisit, startFieldVisitBody } from "../../../shared/contract/field-safety";
import type { FieldSafetyService } from "./field-safety.service";

export function fieldSafetyRoutes(fieldSafety: FieldSafetyService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.post(
      "/field-visits",
      {
        schema: {
          tags: ["field safety"],
          summary:
            "Check in to a field visit: where, and for how long (a second officer is required for cautioned cases unless a reason is given)",
          body: startFieldVisitBody,
          response: { 201: fieldVisit },
        },
      },
      async (request, reply) => reply.code(201).send(await fieldSafety.start(request.context, request.body)),
    );
    routes.post(
      "/field-visits/check-out",
      { schema: { tags: ["field safety"], summary: "Check out of the field visit in progress", response: { 200: fieldVisit } } },
      async (request) => fieldSafety.checkOut(request.context),
    );
    routes.get(
      "/field-visits/active",
      {
        schema: {
          tags: ["field safety"],
          summary: "Field visits in progress: own, the unit's for supervisors, all for the duty contact",
          response: { 200: z.array(fieldVisit) },
        },
      },
      async (request) => fieldSafety.active(request.context),
    );
    routes.get(
      "/field-visits/colleagues",
      {
        schema: {
          tags: ["field safety"],
          summary: "Colleagues who can go along as the second officer (active officers and supervisors, own unit first)",
          response: { 200: z.array(colleague) },
        },
      },
      async (request) => fieldSafety.colleagues(request.context),
    );
    routes.post(
      "/field-visits/:id/acknowledge",
      {
        schema: {
          tags: ["field safety"],
          summary: "Take charge of an overdue visit's escalation",
          params: idParams,
          response: { 200: fieldVisit },
        },
      },
      async (request) => fieldSafety.acknowledge(request.context, request.params.id),
    );
  };
}
