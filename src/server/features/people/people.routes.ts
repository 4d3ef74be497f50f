import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { z } from "zod";
import { createdResponse, idParams, okResponse } from "../../../shared/contract/common";
import {
  addressBody,
  addressCorrectionBody,
  addressVerificationBody,
  aliasBody,
  cautionBody,
  contactBody,
  contactUpdateBody,
  employmentBody,
  employmentUpdateBody,
  employmentVerificationBody,
  intakeBody,
  intakeResponse,
  moveOutBody,
  personRecord,
  personUpdateBody,
  photoQuery,
  removeContactQuery,
  retireCautionBody,
} from "../../../shared/contract/people";
import type { RequestContext } from "../../platform/context";
import { badRequest } from "../../platform/errors";
import type { PeopleService } from "./people.service";
import { maxPhotoBytes, type PersonDetailsService } from "./person-details.service";

export function peopleRoutes(people: PeopleService, details: PersonDetailsService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    // The photo's bytes, whatever type the browser names: its real type is read from its first bytes (photo-type.ts).
    app.addContentTypeParser(
      ["image/jpeg", "image/png", "image/webp", "application/octet-stream"],
      { parseAs: "buffer", bodyLimit: maxPhotoBytes },
      (_request, body, done) => done(null, body),
    );
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
    routes.patch(
      "/people/:id",
      {
        schema: {
          tags: ["people"],
          summary: "Correct the person's own fields (name, date of birth, identifiers, contact details)",
          params: idParams,
          body: personUpdateBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await people.update(request.context, request.params.id, request.body);
        return { ok: true as const };
      },
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
    /** A change to one row of the record, answered { ok: true }. */
    const change = <Body extends z.ZodType>(
      method: "patch" | "post",
      path: string,
      summary: string,
      body: Body,
      apply: (context: RequestContext, id: string, input: z.infer<Body>) => Promise<void>,
    ) =>
      routes[method](
        path,
        { schema: { tags: ["people"], summary, params: idParams, body, response: { 200: okResponse } } },
        async (request) => {
          await apply(request.context, (request.params as { id: string }).id, request.body as z.infer<Body>);
          return { ok: true as const };
        },
      );
    change("patch", "/addresses/:id", "Correct an address as recorded (not a move)", addressCorrectionBody, details.correctAddress);
    change("post", "/addresses/:id/move-out", "The person moved out (the address stays as history)", moveOutBody, details.moveOut);
    change("patch", "/addresses/:id/verification", "Record a residence verification", addressVerificationBody, details.verifyAddress);
    change("patch", "/employment/:id", "Correct or end an employment record", employmentUpdateBody, details.updateEmployment);
    change(
      "post",
      "/employment/:id/verification",
      "Record that the employer confirmed the job",
      employmentVerificationBody,
      details.verifyEmployment,
    );
    change("patch", "/person-contacts/:id", "Correct a household, family or emergency contact", contactUpdateBody, details.updateContact);
    change(
      "post",
      "/cautions/:id/retire",
      "Retire a safety caution that no longer applies, with the reason",
      retireCautionBody,
      details.retireCaution,
    );
    routes.delete(
      "/person-contacts/:id",
      {
        schema: {
          tags: ["people"],
          summary: "Remove a household, family or emergency contact (the version the page showed)",
          params: idParams,
          querystring: removeContactQuery,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await details.removeContact(request.context, request.params.id, request.query);
        return { ok: true as const };
      },
    );
    // An alias has no fields to correct, so no version: removing it twice is a 409.
    routes.delete(
      "/aliases/:id",
      { schema: { tags: ["people"], summary: "Remove an alias", params: idParams, response: { 200: okResponse } } },
      async (request) => {
        await details.removeAlias(request.context, request.params.id);
        return { ok: true as const };
      },
    );
    routes.put(
      "/people/:id/photo",
      {
        // The route's own limit (also the parser's above), so a 413 names 512 KB, not the global body limit.
        bodyLimit: maxPhotoBytes,
        schema: {
          tags: ["people"],
          summary: "Set or replace the photo (a JPEG, PNG or WebP body, up to 512 KB; the type is read from the bytes)",
          params: idParams,
          querystring: photoQuery,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body)) throw badRequest("Send the photo as the request body (a JPEG, PNG or WebP image).");
        await details.setPhoto(request.context, request.params.id, request.body, request.query);
        return { ok: true as const };
      },
    );
    routes.get(
      "/people/:id/photo",
      { schema: { tags: ["people"], summary: "The photo (JPEG, PNG or WebP)", params: idParams } },
      async (request, reply) => {
        const { image, type } = await details.getPhoto(request.context, request.params.id);
        return reply.header("content-type", type).header("cache-control", "private, no-cache").send(image);
      },
    );
  };
}
