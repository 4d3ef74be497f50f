import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../../shared/contract/common";
import {
  activation,
  createdGateway,
  device,
  deviceList,
  deviceListQuery,
  deviceStatusBody,
  gateway,
  gatewayList,
  installDeviceBody,
  newDeviceBody,
  newGatewayBody,
  removeDeviceBody,
  updateDeviceBody,
} from "../../../../shared/contract/monitoring-devices";
import type { DevicesService } from "./devices.service";

export function monitoringDevicesRoutes(devices: DevicesService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    const tags = ["monitoring"];
    routes.get(
      "/monitoring/devices",
      {
        schema: {
          tags,
          summary: "The agency's monitoring devices, by status and type, or by part of the serial (administrators and supervisors)",
          querystring: deviceListQuery,
          response: { 200: deviceList },
        },
      },
      async (request) => devices.list(request.context, request.query),
    );
    routes.post(
      "/monitoring/devices",
      {
        schema: { tags, summary: "Add a device to the inventory, in stock", body: newDeviceBody, response: { 201: device } },
      },
      async (request, reply) => reply.code(201).send(await devices.add(request.context, request.body)),
    );
    routes.patch(
      "/monitoring/devices/:id",
      {
        schema: {
          tags,
          summary: "Correct a device's serial, type, vendor, firmware or notes",
          params: idParams,
          body: updateDeviceBody,
          response: { 200: device },
        },
      },
      async (request) => devices.update(request.context, request.params.id, request.body),
    );
    routes.post(
      "/monitoring/devices/:id/status",
      {
        schema: {
          tags,
          summary: "Mark a device in stock, lost, in repair or retired (409 while it is on someone)",
          params: idParams,
          body: deviceStatusBody,
          response: { 200: device },
        },
      },
      async (request) => devices.setStatus(request.context, request.params.id, request.body),
    );
    routes.post(
      "/cases/:id/activations",
      {
        schema: {
          tags,
          summary: "Install an in-stock device on the case's person (409 when it is on someone else or the case is closed)",
          params: idParams,
          body: installDeviceBody,
          response: { 201: activation },
        },
      },
      async (request, reply) => reply.code(201).send(await devices.install(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/activations/:id/removal",
      {
        schema: {
          tags,
          summary: "Remove a device from the person (time and reason); it goes back in stock",
          params: idParams,
          body: removeDeviceBody,
          response: { 200: activation },
        },
      },
      async (request) => devices.remove(request.context, request.params.id, request.body),
    );
    routes.get(
      "/monitoring/gateways",
      { schema: { tags, summary: "The vendor gateways that post telemetry (administrators)", response: { 200: gatewayList } } },
      async (request) => devices.listGateways(request.context),
    );
    routes.post(
      "/monitoring/gateways",
      {
        schema: {
          tags,
          summary: "Create a vendor gateway: its API key and HMAC secret are answered this once",
          body: newGatewayBody,
          response: { 201: createdGateway },
        },
      },
      async (request, reply) => reply.code(201).send(await devices.createGateway(request.context, request.body)),
    );
    routes.post(
      "/monitoring/gateways/:id/deactivate",
      {
        schema: {
          tags,
          summary: "Deactivate a vendor gateway: its key is refused from then on",
          params: idParams,
          response: { 200: gateway },
        },
      },
      async (request) => devices.deactivateGateway(request.context, request.params.id),
    );
  };
}
