import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  agencySettings,
  agencySettingsBody,
  createUserBody,
  createUserResponse,
  unit,
  unitBody,
  updateUserBody,
  user,
  userAction,
  userActionResponse,
} from "../../../shared/contract/admin";
import { idParams } from "../../../shared/contract/common";
import type { AdminService } from "./admin.service";

export function adminRoutes(admin: AdminService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();

    routes.get(
      "/units",
      { schema: { tags: ["organisation"], summary: "Units (offices) visible to the signed-in user", response: { 200: z.array(unit) } } },
      async (request) => admin.listUnits(request.context),
    );
    routes.post(
      "/units",
      { schema: { tags: ["organisation"], summary: "Create a unit (administrators)", body: unitBody, response: { 201: unit } } },
      async (request, reply) => reply.code(201).send(await admin.createUnit(request.context, request.body.name)),
    );
    routes.patch(
      "/units/:id",
      {
        schema: {
          tags: ["organisation"],
          summary: "Rename a unit (administrators)",
          params: idParams,
          body: unitBody,
          response: { 200: unit },
        },
      },
      async (request) => admin.renameUnit(request.context, request.params.id, request.body.name),
    );

    routes.get(
      "/users",
      {
        schema: {
          tags: ["organisation"],
          summary: "Staff accounts: the whole agency for administrators, the own unit for supervisors",
          querystring: z.strictObject({ unitId: z.uuid().optional() }),
          response: { 200: z.array(user) },
        },
      },
      async (request) => admin.listUsers(request.context, request.query.unitId),
    );
    routes.get(
      "/users/:id",
      { schema: { tags: ["organisation"], summary: "One staff account", params: idParams, response: { 200: user } } },
      async (request) => admin.getUser(request.context, request.params.id),
    );
    routes.post(
      "/users",
      {
        schema: {
          tags: ["organisation"],
          summary: "Create a staff account with a one-time temporary password (administrators)",
          body: createUserBody,
          response: { 201: createUserResponse },
        },
      },
      async (request, reply) => reply.code(201).send(await admin.createUser(request.context, request.body)),
    );
    routes.patch(
      "/users/:id",
      {
        schema: {
          tags: ["organisation"],
          summary: "Change name, roles or unit (administrators)",
          params: idParams,
          body: updateUserBody,
          response: { 200: user },
        },
      },
      async (request) => admin.updateUser(request.context, request.params.id, request.body),
    );
    routes.post(
      "/users/:id/actions/:action",
      {
        schema: {
          tags: ["organisation"],
          summary: "Disable or enable an account, release a lockout, reset MFA or password (administrators)",
          params: z.strictObject({ id: z.uuid(), action: userAction }),
          response: { 200: userActionResponse },
        },
      },
      async (request) => admin.applyUserAction(request.context, request.params.id, request.params.action),
    );

    routes.get(
      "/agency/settings",
      { schema: { tags: ["organisation"], summary: "Agency security settings (administrators)", response: { 200: agencySettings } } },
      async (request) => admin.getAgencySettings(request.context),
    );
    routes.patch(
      "/agency/settings",
      {
        schema: {
          tags: ["organisation"],
          summary: "Change agency security settings (administrators)",
          body: agencySettingsBody,
          response: { 200: agencySettings },
        },
      },
      async (request) => admin.updateAgencySettings(request.context, request.body),
    );
  };
}
