import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, okResponse } from "../../../shared/contract/common";
import { colleague, fieldVisit, markAllReadResponse, notification, startFieldVisitBody } from "../../../shared/contract/field-safety";
import type { FieldSafetyService } from "./field-safety.service";
import type { NotificationsService } from "./notifications.service";

export function fieldSafetyRoutes(fieldSafety: FieldSafetyService, notifications: NotificationsService) {
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
    routes.get(
      "/notifications",
      {
        schema: {
          tags: ["notifications"],
          summary: "The signed-in user's notifications, unread and urgent first",
          response: { 200: z.array(notification) },
        },
      },
      async (request) => notifications.list(request.context),
    );
    routes.post(
      "/notifications/:id/read",
      { schema: { tags: ["notifications"], summary: "Mark a notification read", params: idParams, response: { 200: okResponse } } },
      async (request) => {
        await notifications.markRead(request.context, request.params.id);
        return { ok: true as const };
      },
    );
    routes.post(
      "/notifications/read-all",
      {
        schema: {
          tags: ["notifications"],
          summary: "Mark all of the signed-in user's notifications read",
          response: { 200: markAllReadResponse },
        },
      },
      async (request) => ({ marked: await notifications.markAllRead(request.context) }),
    );
  };
}
