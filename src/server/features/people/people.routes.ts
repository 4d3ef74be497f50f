import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { z } from "zod";
import { createdResponse, idParams, okResponse } from "../../../shared/contract/common";
import {
  addressBody,
  addressVerificationBody,
  aliasBody,
  cautionBody,
  contactBody,
  employmentBody,
  intakeBody,
  intakeResponse,
  personRecord,
} from "../../../shared/contract/people";
import type { RequestContext } from "../../platform/context";
import { badRequest } from "../../platform/errors";
import type { PeopleService } from "./people.service";
import { maxPhotoBytes, type PersonDetailsService } from "./person-details.service";

export function peopleRoutes(people: PeopleService, details: PersonDetailsService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    app.addContentTypeParser("image/jpeg", { parseAs: "buffer", bodyLimit: maxPhotoBytes }, (_request, body, done) => done(null, body));
    routes.post(
      "/people",
      {
        schema: {
          tags: ["people"],
          summary: "Intake: a new person and their first supervision case, in the signed-in user's unit",
          body: intakeBody,
          response: { 201: intakeResponse },
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

    const addTo = <Body extends z.ZodType>(
      path: string,
      summary: string,
      body: Body,
      add: (context: RequestContext, id: string, input: z.infer<Body>) => Promise<{ id: string }>,
    ) =>
      routes.post(
        `/people/:id/${path}`,
        { schema: { tags: ["people"], summary, params: idParams, body, response: { 201: createdResponse } } },
        async (request, reply) => reply.code(201).send(await add(request.context, request.params.id, request.body as z.infer<Body>)),
      );
    addTo("addresses", "Add the current address (the previous one ends on the move-in date)", addressBody, details.addAddress);
    addTo("employment", "Add an employment record", employmentBody, details.addEmployment);
    addTo("contacts", "Add a household, family or emergency contact", contactBody, details.addContact);
    addTo("cautions", "Add a safety caution shown to anyone visiting", cautionBody, details.addCaution);
    addTo("aliases", "Add an alias", aliasBody, details.addAlias);
    routes.patch(
      "/addresses/:id/verification",
      {
        schema: {
          tags: ["people"],
          summary: "Record a residence verification",
          params: idParams,
          body: addressVerificationBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await details.verifyAddress(request.context, request.params.id, request.body);
        return { ok: true as const };
      },
    );
    routes.post(
      "/cautions/:id/retire",
      {
        schema: {
          tags: ["people"],
          summary: "Retire a safety caution that no longer applies",
          params: idParams,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await details.retireCaution(request.context, request.params.id);
        return { ok: true as const };
      },
    );
    routes.put(
      "/people/:id/photo",
      {
        schema: {
          tags: ["people"],
          summary: "Set the photo (image/jpeg body, up to 512 KB)",
          params: idParams,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body)) throw badRequest("Send the photo as an image/jpeg body.");
        await details.setPhoto(request.context, request.params.id, request.body);
        return { ok: true as const };
      },
    );
    routes.get(
      "/people/:id/photo",
      { schema: { tags: ["people"], summary: "The photo (JPEG)", params: idParams } },
      async (request, reply) => reply.header("content-type", "image/jpeg").send(await details.getPhoto(request.context, request.params.id)),
    );
  };
}
