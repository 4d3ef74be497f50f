import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams, okResponse } from "../../../shared/contract/common";
import {
  levelReviewActionBody,
  levelReviewDenyBody,
  levelReviewList,
  levelReviewQuery,
  levelReviewSnoozeBody,
} from "../../../shared/contract/level-review";
import type { LevelReviewService } from "./level-review.service";

export function levelReviewRoutes(reviews: LevelReviewService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/level-reviews",
      {
        schema: {
          tags: ["level review"],
          summary:
            "Cases that may step down a supervision level (above what their assessment supports, or a compliance streak), with the criteria met, and the level/risk mismatch count per officer",
          querystring: levelReviewQuery,
          response: { 200: levelReviewList },
        },
      },
      async (request) => reviews.list(request.context, request.query),
    );
    routes.post(
      "/cases/:id/level-review/snooze",
      {
        schema: {
          tags: ["level review"],
          summary: "Snooze the case's level review opportunity until a day, with the reason",
          params: idParams,
          body: levelReviewSnoozeBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await reviews.snooze(request.context, request.params.id, request.body);
        return { ok: true as const };
      },
    );
    routes.post(
      "/cases/:id/level-review/deny",
      {
        schema: {
          tags: ["level review"],
          summary: "Deny the case's level review opportunity with the reason (not listed again while it stays the same)",
          params: idParams,
          body: levelReviewDenyBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await reviews.deny(request.context, request.params.id, request.body);
        return { ok: true as const };
      },
    );
    routes.post(
      "/cases/:id/level-review/action",
      {
        schema: {
          tags: ["level review"],
          summary: "Act on the case's level review opportunity: lower its supervision level, with the reason",
          params: idParams,
          body: levelReviewActionBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await reviews.action(request.context, request.params.id, request.body);
        return { ok: true as const };
      },
    );
  };
}
