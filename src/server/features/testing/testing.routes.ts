import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams } from "../../../shared/contract/common";
import {
  callInResponse,
  caseTests,
  confirmationBody,
  custodyStepBody,
  drawBody,
  drawVerification,
  drugTest,
  drugTestBody,
  randomDraw,
  recordedDrugTest,
  substanceName,
  testingProgram,
  testingProgramBody,
  todaysSelections,
} from "../../../shared/contract/testing";
import type { TestingService } from "./testing.service";

export function testingRoutes(testing: TestingService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.put(
      "/cases/:id/testing-program",
      {
        schema: {
          tags: ["testing"],
          summary: "Set the case's drug and alcohol testing program",
          params: idParams,
          body: testingProgramBody,
          response: { 200: testingProgram },
        },
      },
      async (request) => testing.setProgram(request.context, request.params.id, request.body),
    );
    routes.get(
      "/cases/:id/tests",
      {
        schema: {
          tags: ["testing"],
          summary: "The case's testing program and tests, newest first (for the trend chart)",
          params: idParams,
          response: { 200: caseTests },
        },
      },
      async (request) => testing.list(request.context, request.params.id),
    );
    routes.post(
      "/cases/:id/tests",
      {
        schema: {
          tags: ["testing"],
          summary: "Record a test: collected with results and chain of custody, missed or refused",
          params: idParams,
          body: drugTestBody,
          response: { 201: recordedDrugTest },
        },
      },
      async (request, reply) => reply.code(201).send(await testing.record(request.context, request.params.id, request.body)),
    );
    routes.patch(
      "/tests/:id/results/:substance",
      {
        schema: {
          tags: ["testing"],
          summary: "Record the lab's confirmation (or overturning) of one result",
          params: z.strictObject({ id: z.uuid(), substance: substanceName }),
          body: confirmationBody,
          response: { 200: drugTest },
        },
      },
      async (request) => testing.confirm(request.context, request.params.id, request.params.substance, request.body.confirmation),
    );
    routes.post(
      "/tests/:id/custody",
      {
        schema: {
          tags: ["testing"],
          summary: "Add the next step of a specimen's chain of custody (append-only, never earlier than the last step)",
          params: idParams,
          body: custodyStepBody,
          response: { 201: drugTest },
        },
      },
      async (request, reply) => reply.code(201).send(await testing.addCustodyStep(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/testing/draws",
      {
        schema: {
          tags: ["testing"],
          summary: "Make the day's random selection (once per day; a re-run is refused)",
          body: drawBody,
          response: { 201: randomDraw },
        },
      },
      async (request, reply) => reply.code(201).send(await testing.draw(request.context, request.body.date)),
    );
    routes.get(
      "/testing/draws/:date",
      {
        schema: {
          tags: ["testing"],
          summary: "A day's draw with its seed",
          params: z.strictObject({ date: z.iso.date() }),
          response: { 200: randomDraw },
        },
      },
      async (request) => testing.getDraw(request.context, request.params.date),
    );
    routes.post(
      "/testing/draws/:id/verify",
      {
        schema: {
          tags: ["testing"],
          summary: "Re-run a draw from its stored seed and compare",
          params: idParams,
          response: { 200: drawVerification },
        },
      },
      async (request) => testing.verifyDraw(request.context, request.params.id),
    );
    routes.get(
      "/testing/today",
      {
        schema: { tags: ["testing"], summary: "Today's selections among the signed-in user's cases", response: { 200: todaysSelections } },
      },
      async (request) => testing.todaysSelections(request.context),
    );
    routes.get(
      "/cases/:id/call-in",
      {
        schema: {
          tags: ["testing"],
          summary: "Call-in check: must this person test today? (never reveals future days)",
          params: idParams,
          response: { 200: callInResponse },
        },
      },
      async (request) => testing.callIn(request.context, request.params.id),
    );
  };
}
