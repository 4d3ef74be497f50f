import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../shared/contract/common";
import {
  earlyDischargeDenyBody,
  earlyDischargeRecommendBody,
  earlyDischargeReviewBody,
  earlyDischargeSnoozeBody,
  earlyDischargeState,
} from "../../../shared/contract/early-discharge";
import type { EarlyDischargeService } from "./early-discharge.service";

export function earlyDischargeRoutes(discharge: EarlyDischargeService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    const tags = ["early discharge"];
    routes.get(
      "/cases/:id/early-discharge",
      {
        schema: {
          tags,
          summary:
            "The case's early-discharge eligibility (latest nightly or on-demand evaluation, each criterion with its evidence), the decisions on it, its recommendations, and days past the expected end",
          params: idParams,
          response: { 200: earlyDischargeState },
        },
      },
      async (request) => discharge.read(request.context, request.params.id),
    );
    routes.post(
      "/cases/:id/early-discharge/evaluate",
      {
        schema: {
          tags,
          summary: "Evaluate the case's early-discharge eligibility now (as the nightly job does) and store the result",
          params: idParams,
          response: { 200: earlyDischargeState },
        },
      },
      async (request) => discharge.evaluate(request.context, request.params.id),
    );
    routes.post(
      "/cases/:id/early-discharge/recommend",
      {
        schema: {
          tags,
          summary: "Recommend the eligible case for early discharge, with a note: the unit's supervisors get it to approve",
          params: idParams,
          body: earlyDischargeRecommendBody,
          response: { 201: earlyDischargeState },
        },
      },
      async (request, reply) => reply.code(201).send(await discharge.recommend(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/cases/:id/early-discharge/deny",
      {
        schema: {
          tags,
          summary: "Deny the case's early-discharge opportunity with the reason (not listed again while it stays the same)",
          params: idParams,
          body: earlyDischargeDenyBody,
          response: { 200: earlyDischargeState },
        },
      },
      async (request) => discharge.deny(request.context, request.params.id, request.body),
    );
    routes.post(
      "/cases/:id/early-discharge/snooze",
      {
        schema: {
          tags,
          summary: "Snooze the case's early-discharge opportunity until a day, with the reason",
          params: idParams,
          body: earlyDischargeSnoozeBody,
          response: { 200: earlyDischargeState },
        },
      },
      async (request) => discharge.snooze(request.context, request.params.id, request.body),
    );
    routes.post(
      "/early-discharge-recommendations/:id/decision",
      {
        schema: {
          tags,
          summary:
            "Approve (the officer then sends the request to the parole board or court) or return (with the reason) an early-discharge recommendation; never one's own",
          params: idParams,
          body: earlyDischargeReviewBody,
          response: { 200: earlyDischargeState },
        },
      },
      async (request) => discharge.review(request.context, request.params.id, request.body),
    );
  };
}
