import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams } from "../../../shared/contract/common";
import {
  appointment,
  appointmentBody,
  calendarFeed,
  calendarQuery,
  cancelBody,
  outcomeCorrectionBody,
  rescheduleBody,
} from "../../../shared/contract/contacts";
import type { AppointmentsService } from "./appointments.service";

export function appointmentsRoutes(appointments: AppointmentsService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.post(
      "/v1/cases/:id/appointments",
      {
        schema: {
          tags: ["appointments"],
          summary: "Schedule an appointment (not in the past)",
          params: idParams,
          body: appointmentBody,
          response: { 201: appointment },
        },
      },
      async (request, reply) => reply.code(201).send(await appointments.schedule(request.context, request.params.id, request.body)),
    );
    routes.get(
      "/v1/cases/:id/appointments",
      {
        schema: {
          tags: ["appointments"],
          summary: "The case's appointments (upcoming=true: the next scheduled ones)",
          params: idParams,
          querystring: z.strictObject({ upcoming: z.enum(["true", "false"]).default("true") }),
          response: { 200: z.array(appointment) },
        },
      },
      async (request) => appointments.forCase(request.context, request.params.id, request.query.upcoming === "true"),
    );
    routes.patch(
      "/v1/appointments/:id",
      { schema: { tags: ["appointments"], summary: "Reschedule", params: idParams, body: rescheduleBody, response: { 200: appointment } } },
      async (request) => appointments.reschedule(request.context, request.params.id, request.body),
    );
    routes.post(
      "/v1/appointments/:id/cancel",
      {
        schema: {
          tags: ["appointments"],
          summary: "Cancel, with the reason",
          params: idParams,
          body: cancelBody,
          response: { 200: appointment },
        },
      },
      async (request) => appointments.cancel(request.context, request.params.id, request.body),
    );
    routes.post(
      "/v1/appointments/:id/outcome-correction",
      {
        schema: {
          tags: ["appointments"],
          summary:
            "Correct a finished appointment's outcome (completed or missed), with the reason; withdraws or raises its missed-appointment event",
          params: idParams,
          body: outcomeCorrectionBody,
          response: { 200: appointment },
        },
      },
      async (request) => appointments.correctOutcome(request.context, request.params.id, request.body),
    );
    routes.get(
      "/v1/appointments",
      {
        schema: {
          tags: ["appointments"],
          summary: "An officer's calendar for a day, a week or up to 92 days",
          querystring: calendarQuery,
          response: { 200: z.array(appointment) },
        },
      },
      async (request) => appointments.calendar(request.context, request.query),
    );
    routes.post(
      "/v1/calendar-feed",
      {
        schema: {
          tags: ["appointments"],
          summary: "A new secret iCalendar subscription URL for the signed-in officer (the previous one stops working)",
          response: { 200: calendarFeed },
        },
      },
      async (request) => appointments.rotateFeed(request.context),
    );
    routes.get(
      "/calendar/:file",
      {
        config: { access: "public" },
        schema: {
          tags: ["appointments"],
          summary: "iCalendar feed for calendar apps: initials and appointment types only",
          params: z.strictObject({ file: z.string().regex(/^[A-Za-z0-9_-]{43}\.ics$/, "not a calendar feed address") }),
          security: [],
        },
      },
      async (request, reply) => {
        const ics = await appointments.feed(request.context, request.params.file.slice(0, -4));
        return reply.header("content-type", "text/calendar; charset=utf-8").send(ics);
      },
    );
  };
}
