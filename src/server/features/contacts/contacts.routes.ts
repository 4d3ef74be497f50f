import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams } from "../../../shared/contract/common";
import { caseStandards, contact, contactBody, contactStandards, contactStandardsBody } from "../../../shared/contract/contacts";
import type { ContactsService } from "./contacts.service";

export function contactsRoutes(contacts: ContactsService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.post(
      "/cases/:id/contacts",
      {
        schema: {
          tags: ["contacts"],
          summary: "Record a contact (office, home, field, collateral, phone…) and its outcome",
          params: idParams,
          body: contactBody,
          response: { 201: contact },
        },
      },
      async (request, reply) => reply.code(201).send(await contacts.record(request.context, request.params.id, request.body)),
    );
    routes.get(
      "/cases/:id/contacts",
      {
        schema: { tags: ["contacts"], summary: "The case's contacts, newest first", params: idParams, response: { 200: z.array(contact) } },
      },
      async (request) => contacts.list(request.context, request.params.id),
    );
    routes.get(
      "/cases/:id/standards",
      {
        schema: {
          tags: ["contacts"],
          summary: "What is met, due, due soon and overdue under the agency's contact standards",
          params: idParams,
          response: { 200: caseStandards },
        },
      },
      async (request) => contacts.standardsForCase(request.context, request.params.id),
    );
    routes.get(
      "/contact-standards",
      {
        schema: {
          tags: ["contacts"],
          summary: "The agency's contact standards (the CSOSA default until configured)",
          response: { 200: contactStandards },
        },
      },
      async (request) => contacts.getPolicy(request.context),
    );
    routes.put(
      "/contact-standards",
      {
        schema: {
          tags: ["contacts"],
          summary: "Replace the agency's contact standards (administrators)",
          body: contactStandardsBody,
          response: { 200: contactStandards },
        },
      },
      async (request) => contacts.setPolicy(request.context, request.body),
    );
  };
}
