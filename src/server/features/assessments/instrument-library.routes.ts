import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  instrumentImportBody,
  instrumentLibrary,
  instrumentLibraryEntry,
  instrumentVersionParams,
} from "../../../shared/contract/assessments";
import type { InstrumentLibraryService } from "./instrument-library.service";

export function instrumentLibraryRoutes(library: InstrumentLibraryService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/instruments",
      {
        schema: {
          tags: ["assessments"],
          summary: "The agency's instrument library: shipped and imported versions, their source and status (administrators)",
          response: { 200: instrumentLibrary },
        },
      },
      async (request) => library.list(request.context),
    );
    routes.post(
      "/instruments",
      {
        schema: {
          tags: ["assessments"],
          summary:
            "Import an agency's own instrument as a draft, checked as the shipped ones are (400 listing each problem with its path; 409 for a changed definition under an existing version)",
          body: instrumentImportBody,
          response: { 200: instrumentLibraryEntry, 201: instrumentLibraryEntry },
        },
      },
      async (request, reply) => {
        const { created, entry } = await library.import(request.context, request.body);
        return reply.code(created ? 201 : 200).send(entry);
      },
    );
    routes.post(
      "/instruments/:id/versions/:version/publish",
      {
        schema: {
          tags: ["assessments"],
          summary: "Publish an instrument version: officers may start assessments on it",
          params: instrumentVersionParams,
          response: { 200: instrumentLibraryEntry },
        },
      },
      async (request) => library.setStatus(request.context, request.params.id, request.params.version, "active"),
    );
    routes.post(
      "/instruments/:id/versions/:version/retire",
      {
        schema: {
          tags: ["assessments"],
          summary: "Retire an instrument version: no new assessments on it; those made keep it",
          params: instrumentVersionParams,
          response: { 200: instrumentLibraryEntry },
        },
      },
      async (request) => library.setStatus(request.context, request.params.id, request.params.version, "retired"),
    );
  };
}
