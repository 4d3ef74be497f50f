import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../../shared/contract/common";
import {
  caseMonitoring,
  caseZoneImportBody,
  endZoneBody,
  homePositionBody,
  newZoneBody,
  replaceZoneBody,
  sharedZoneImportBody,
  sharedZoneList,
  zone,
  zoneExceptionBody,
  zoneImportResult,
} from "../../../../shared/contract/monitoring-zones";
import type { ZonesService } from "./zones.service";

/** A GeoJSON file of an area's schools is a few megabytes. */
const importBodyLimit = 25 * 1024 * 1024;

export function monitoringZonesRoutes(zones: ZonesService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    const tags = ["monitoring"];
    routes.get(
      "/cases/:id/monitoring",
      {
        schema: {
          tags,
          summary: "The case's monitoring: whether it is monitored, devices installed and removed, zones, and what is missing",
          params: idParams,
          response: { 200: caseMonitoring },
        },
      },
      async (request) => zones.forCase(request.context, request.params.id),
    );
    routes.post(
      "/cases/:id/zones",
      {
        schema: {
          tags,
          summary: "Add a zone drawn on the map or typed as centre and radius, in force from now",
          params: idParams,
          body: newZoneBody,
          response: { 201: zone },
        },
      },
      async (request, reply) => reply.code(201).send(await zones.create(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/cases/:id/zones/import",
      {
        bodyLimit: importBodyLimit,
        schema: {
          tags,
          summary: "Import the case's zones from a GeoJSON FeatureCollection (all or nothing; 400 lists the problems by feature)",
          params: idParams,
          body: caseZoneImportBody,
          response: { 201: zoneImportResult },
        },
      },
      async (request, reply) => reply.code(201).send(await zones.importForCase(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/cases/:id/home-position",
      {
        schema: {
          tags,
          summary: "Place the person's current home on the map, so a curfew's home zone can be made",
          params: idParams,
          body: homePositionBody,
          response: { 200: caseMonitoring },
        },
      },
      async (request) => zones.setHomePosition(request.context, request.params.id, request.body),
    );
    routes.post(
      "/zones/:id/replacement",
      {
        schema: {
          tags,
          summary: "Change a zone: the old one ends now and the changed one is a new zone from now",
          params: idParams,
          body: replaceZoneBody,
          response: { 201: zone },
        },
      },
      async (request, reply) => reply.code(201).send(await zones.replace(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/zones/:id/end",
      { schema: { tags, summary: "End a zone now, with the reason", params: idParams, body: endZoneBody, response: { 200: zone } } },
      async (request) => zones.end(request.context, request.params.id, request.body),
    );
    routes.post(
      "/zones/:id/exceptions",
      {
        schema: {
          tags,
          summary: "Approve a one-off exception to a zone's schedule (supervisors of the case's unit)",
          params: idParams,
          body: zoneExceptionBody,
          response: { 200: zone },
        },
      },
      async (request) => zones.addException(request.context, request.params.id, request.body),
    );
    routes.get(
      "/monitoring/shared-zones",
      { schema: { tags, summary: "The agency's shared zones in force (administrators)", response: { 200: sharedZoneList } } },
      async (request) => zones.listShared(request.context),
    );
    routes.post(
      "/monitoring/shared-zones/import",
      {
        bodyLimit: importBodyLimit,
        schema: {
          tags,
          summary: "Import shared zones for the cases with a tag from a GeoJSON FeatureCollection (all or nothing)",
          body: sharedZoneImportBody,
          response: { 201: zoneImportResult },
        },
      },
      async (request, reply) => reply.code(201).send(await zones.importShared(request.context, request.body)),
    );
    routes.post(
      "/monitoring/shared-zones/:id/end",
      { schema: { tags, summary: "End a shared zone now", params: idParams, body: endZoneBody, response: { 200: zone } } },
      async (request) => zones.endShared(request.context, request.params.id, request.body),
    );
  };
}
