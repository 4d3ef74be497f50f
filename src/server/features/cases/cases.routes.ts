import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { caseSummary, caseUpdateBody, coOfficerBody, removeCoOfficerQuery, transferBody } from "../../../shared/contract/cases";
import { idParams, okResponse } from "../../../shared/contract/common";
import type { CasesService } from "./cases.service";

export function casesRoutes(cases: CasesService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/cases/:id",
      { schema: { tags: ["cases"], summary: "Which person a case belongs to", params: idParams, response: { 200: caseSummary } } },
      async (request) => cases.summary(request.context, request.params.id),
    );
    routes.post(
      "/cases/:id/transfer",
      {
        schema: {
          tags: ["cases"],
          summary: "Transfer a case to another officer (supervisors of the case's unit), from the case's version the page showed",
          params: idParams,
          body: transferBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await cases.transfer(request.context, request.params.id, request.body);
        return { ok: true as const };
      },
    );
    routes.post(
      "/cases/:id/co-officers",
      {
        schema: {
          tags: ["cases"],
          summary: "Add a co-officer to a case (supervisors of the case's unit); 409 when they already work it",
          params: idParams,
          body: coOfficerBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await cases.setCoOfficer(request.context, request.params.id, request.body.officerId, true, request.body.expectedVersion);
        return { ok: true as const };
      },
    );
    routes.delete(
      "/cases/:id/co-officers/:officerId",
      {
        schema: {
          tags: ["cases"],
          summary: "Remove a co-officer (the case's version the page showed); 409 when they are not a co-officer of the case",
          params: z.strictObject({ id: z.uuid(), officerId: z.uuid() }),
          querystring: removeCoOfficerQuery,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await cases.setCoOfficer(request.context, request.params.id, request.params.officerId, false, request.query.expectedVersion);
        return { ok: true as const };
      },
    );
    routes.patch(
      "/cases/:id",
      {
        schema: {
          tags: ["cases"],
          summary: "Change supervision level, risk, status (closing needs reason and end date) or tags",
          params: idParams,
          body: caseUpdateBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await cases.update(request.context, request.params.id, request.body);
        return { ok: true as const };
      },
    );
  };
}
