import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams } from "../../../shared/contract/common";
import { caseNote, noteBody, notePage, noteSearchResponse, noteUpdateBody, signNoteBody } from "../../../shared/contract/notes";
import type { NotesService } from "./notes.service";

export function notesRoutes(notes: NotesService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/cases/:id/notes",
      {
        schema: {
          tags: ["notes"],
          summary: "The case's notes timeline, newest event first (drafts only to their author)",
          params: idParams,
          querystring: z.strictObject({
            cursor: z
              .string()
              .regex(/^\d{1,7}$/)
              .optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: notePage },
        },
      },
      async (request) => notes.list(request.context, request.params.id, Number(request.query.cursor ?? 0), request.query.limit),
    );
    routes.post(
      "/cases/:id/notes",
      { schema: { tags: ["notes"], summary: "Write a draft case note", params: idParams, body: noteBody, response: { 201: caseNote } } },
      async (request, reply) => reply.code(201).send(await notes.create(request.context, request.params.id, request.body)),
    );
    routes.patch(
      "/notes/:id",
      {
        schema: {
          tags: ["notes"],
          summary: "Edit one's own draft note (signed notes never change)",
          params: idParams,
          body: noteUpdateBody,
          response: { 200: caseNote },
        },
      },
      async (request) => notes.updateDraft(request.context, request.params.id, request.body),
    );
    routes.post(
      "/notes/:id/sign",
      {
        schema: {
          tags: ["notes"],
          summary: "Sign one's own draft: it becomes final",
          params: idParams,
          body: signNoteBody,
          response: { 200: caseNote },
        },
      },
      async (request) => notes.sign(request.context, request.params.id, request.body?.expectedVersion),
    );
    routes.post(
      "/notes/:id/amendments",
      {
        schema: {
          tags: ["notes"],
          summary: "Correct a signed note with a linked amendment (a new draft)",
          params: idParams,
          body: noteBody,
          response: { 201: caseNote },
        },
      },
      async (request, reply) => reply.code(201).send(await notes.amend(request.context, request.params.id, request.body)),
    );
    routes.get(
      "/notes/search",
      {
        schema: {
          tags: ["notes"],
          summary: "Full-text search of the notes of every case visible to the signed-in user",
          querystring: z.strictObject({ q: z.string().trim().min(2).max(200), limit: z.coerce.number().int().min(1).max(100).default(25) }),
          response: { 200: noteSearchResponse },
        },
      },
      async (request) => ({ notes: await notes.search(request.context, request.query.q, request.query.limit) }),
    );
  };
}
