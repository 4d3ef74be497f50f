import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams } from "../../../shared/contract/common";
import { intakeBody, personRecord } from "../../../shared/contract/supervision";
import type { PeopleService } from "./people.service";

export function peopleRoutes(people: PeopleService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.post(
      "/people",
      {
        schema: {
          tags: ["people"],
          summary: "Intake: a new person and their first supervision case, in the signed-in user's unit",
          body: intakeBody,
          response: { 201: z.object({ personId: z.uuid(), caseId: z.uuid() }) },
        },
      },
      async (request, reply) => reply.code(201).send(await people.intake(request.context, request.body)),
    );
    routes.get(
      "/people/:id",
      {
        schema: {
          tags: ["people"],
          summary: "The person page: identity, cautions, addresses, employment, contacts and cases",
          params: idParams,
          response: { 200: personRecord },
        },
      },
      async (request) => people.getRecord(request.context, request.params.id),
    );
  };
}
