import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../../shared/contract/common";
import { deviceCommand, deviceCommandBody, deviceCommands } from "../../../../shared/contract/monitoring-commands";
import type { DeviceCommandsService } from "./commands.service";

export function deviceCommandsRoutes(commands: DeviceCommandsService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/cases/:id/monitoring/commands",
      {
        schema: {
          tags: ["monitoring"],
          summary: "The case's GPS device and the last commands sent to it, with the device's answers",
          params: idParams,
          response: { 200: deviceCommands },
        },
      },
      async (request) => commands.list(request.context, request.params.id),
    );
    routes.post(
      "/cases/:id/monitoring/commands",
      {
        schema: {
          tags: ["monitoring"],
          summary: "Send a command to the case's GPS device: locate now, or report faster for a while (pursuit)",
          params: idParams,
          body: deviceCommandBody,
          response: { 201: deviceCommand },
        },
      },
      async (request, reply) => reply.status(201).send(await commands.send(request.context, request.params.id, request.body)),
    );
  };
}
