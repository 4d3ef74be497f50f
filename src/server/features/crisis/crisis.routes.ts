import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../shared/contract/common";
import {
  caseCrises,
  checklistEntryBody,
  closeCrisisBody,
  crisis,
  crisisContact,
  crisisSettings,
  followUpDefaultsBody,
  newCrisisBody,
  newCrisisContactBody,
  newFollowUpBody,
  updateCrisisContactBody,
} from "../../../shared/contract/crisis";
import type { CrisisService } from "./crisis.service";

export function crisisRoutes(crises: CrisisService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/cases/:id/crises",
      {
        schema: {
          tags: ["crisis"],
          summary: "The case's crises, the crisis contacts of its area, the follow-up defaults and the events a crisis may name",
          params: idParams,
          response: { 200: caseCrises },
        },
      },
      async (request) => crises.listForCase(request.context, request.params.id),
    );
    routes.post(
      "/cases/:id/crises",
      {
        schema: {
          tags: ["crisis"],
          summary: "Open a crisis with its immediate checklist and follow-up tasks (409 on a closed case)",
          params: idParams,
          body: newCrisisBody,
          response: { 201: crisis },
        },
      },
      async (request, reply) => reply.code(201).send(await crises.open(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/crises/:id/checklist",
      {
        schema: {
          tags: ["crisis"],
          summary: "Record a checklist item of an open crisis (person safe, a call, a referral, emergency services)",
          params: idParams,
          body: checklistEntryBody,
          response: { 200: crisis },
        },
      },
      async (request) => crises.recordChecklist(request.context, request.params.id, request.body),
    );
    routes.post(
      "/crises/:id/follow-ups",
      {
        schema: {
          tags: ["crisis"],
          summary: "Add a follow-up (a task of the case's officer) to an open crisis",
          params: idParams,
          body: newFollowUpBody,
          response: { 200: crisis },
        },
      },
      async (request) => crises.addFollowUp(request.context, request.params.id, request.body),
    );
    routes.post(
      "/crises/:id/close",
      {
        schema: {
          tags: ["crisis"],
          summary: "Close a crisis with a summary, saying what happens to its open follow-ups",
          params: idParams,
          body: closeCrisisBody,
          response: { 200: crisis },
        },
      },
      async (request) => crises.close(request.context, request.params.id, request.body),
    );
    routes.get(
      "/crisis-settings",
      {
        schema: {
          tags: ["crisis"],
          summary: "Every crisis contact of the agency and the follow-ups a crisis starts with",
          response: { 200: crisisSettings },
        },
      },
      async (request) => crises.settings(request.context),
    );
    routes.put(
      "/crisis-settings/follow-ups",
      {
        schema: {
          tags: ["crisis"],
          summary: "Set the follow-ups a new crisis starts with (administrators)",
          body: followUpDefaultsBody,
          response: { 200: crisisSettings },
        },
      },
      async (request) => crises.setFollowUpDefaults(request.context, request.body),
    );
    routes.post(
      "/crisis-contacts",
      {
        schema: {
          tags: ["crisis"],
          summary: "Add a crisis contact for an area or every area (administrators)",
          body: newCrisisContactBody,
          response: { 201: crisisContact },
        },
      },
      async (request, reply) => reply.code(201).send(await crises.addContact(request.context, request.body)),
    );
    routes.put(
      "/crisis-contacts/:id",
      {
        schema: {
          tags: ["crisis"],
          summary: "Correct a crisis contact, or take it off the crisis form (administrators)",
          params: idParams,
          body: updateCrisisContactBody,
          response: { 200: crisisContact },
        },
      },
      async (request) => crises.updateContact(request.context, request.params.id, request.body),
    );
  };
}
