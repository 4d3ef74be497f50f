import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams } from "../../../../shared/contract/common";
import {
  acknowledgeAlertBody,
  alertKind,
  alertList,
  alertListQuery,
  alertNoteBody,
  alertReport,
  alertReportQuery,
  alertSettings,
  alertSettingsBody,
  alertSeverity,
  alertSuspension,
  bulkAlertBody,
  caseAlerts,
  monitoringAlert,
  monitoringAlertWithNotes,
  newSuspensionBody,
  resolveAlertBody,
} from "../../../../shared/contract/monitoring-alerts";
import type { AlertsService } from "./alerts.service";

export function monitoringAlertsRoutes(alerts: AlertsService, options: { demoAlertRoute: boolean } = { demoAlertRoute: false }) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    const tags = ["monitoring alerts"];
    routes.get(
      "/monitoring/alerts",
      {
        schema: {
          tags,
          summary: "The alert queue: alerts of the officer's caseload, or of the supervisor's unit, unresolved first by severity",
          querystring: alertListQuery,
          response: { 200: alertList },
        },
      },
      async (request) => alerts.list(request.context, request.query),
    );
    routes.get(
      "/cases/:id/monitoring/alerts",
      {
        schema: {
          tags,
          summary: "A case's monitoring alerts (open, and resolved in the last 90 days) and its alert suspensions",
          params: idParams,
          response: { 200: caseAlerts },
        },
      },
      async (request) => alerts.listForCase(request.context, request.params.id),
    );
    routes.get(
      "/monitoring/alerts/:id",
      { schema: { tags, summary: "One alert with its notes", params: idParams, response: { 200: monitoringAlertWithNotes } } },
      async (request) => alerts.get(request.context, request.params.id),
    );
    routes.post(
      "/monitoring/alerts/:id/acknowledge",
      {
        schema: {
          tags,
          summary: "Acknowledge a new alert (409 when it changed since it was read, or is no longer new)",
          params: idParams,
          body: acknowledgeAlertBody,
          response: { 200: monitoringAlert },
        },
      },
      async (request) => alerts.acknowledge(request.context, request.params.id, request.body),
    );
    routes.post(
      "/monitoring/alerts/:id/resolve",
      {
        schema: {
          tags,
          summary: "Resolve an alert with a disposition and an optional note; a confirmed violation raises a supervision event",
          params: idParams,
          body: resolveAlertBody,
          response: { 200: monitoringAlert },
        },
      },
      async (request) => alerts.resolve(request.context, request.params.id, request.body),
    );
    routes.post(
      "/monitoring/alerts/:id/notes",
      {
        schema: {
          tags,
          summary: "Add a note to an alert",
          params: idParams,
          body: alertNoteBody,
          response: { 200: monitoringAlertWithNotes },
        },
      },
      async (request) => alerts.addNote(request.context, request.params.id, request.body),
    );
    routes.post(
      "/monitoring/alerts/bulk",
      {
        schema: {
          tags,
          summary: "Acknowledge or resolve several alerts at once: all or nothing, each change audited",
          body: bulkAlertBody,
          response: { 200: z.object({ alerts: z.array(monitoringAlert) }) },
        },
      },
      async (request) => alerts.bulk(request.context, request.body),
    );
    routes.post(
      "/cases/:id/monitoring/suspensions",
      {
        schema: {
          tags,
          summary: "Suspend all or some alert kinds of a case with a reason: one-off (15 min – 2 h) or weekly",
          params: idParams,
          body: newSuspensionBody,
          response: { 201: alertSuspension },
        },
      },
      async (request, reply) => reply.code(201).send(await alerts.suspend(request.context, request.params.id, request.body)),
    );
    routes.post(
      "/monitoring/suspensions/:id/lift",
      { schema: { tags, summary: "Lift an alert suspension now", params: idParams, response: { 200: alertSuspension } } },
      async (request) => alerts.lift(request.context, request.params.id),
    );
    routes.get(
      "/monitoring/alert-report",
      {
        schema: {
          tags,
          summary: "Supervisors: alerts per officer per day, time to acknowledge (p50, p90) and the false-alert rate by kind",
          querystring: alertReportQuery,
          response: { 200: alertReport },
        },
      },
      async (request) => alerts.report(request.context, request.query),
    );
    if (options.demoAlertRoute) {
      // Only with DEMO_ALERT_ROUTE (browser journeys, demos; refused in production): an alert without a device feed.
      routes.post(
        "/cases/:id/monitoring/demo-alerts",
        {
          schema: {
            tags,
            summary: "Demo and browser journeys only: raise a monitoring alert on a case as a device feed would",
            params: idParams,
            body: z.strictObject({ kind: alertKind, severity: alertSeverity, detail: z.string().trim().min(1).max(1000) }),
            response: { 201: monitoringAlert },
          },
        },
        async (request, reply) => reply.code(201).send(await alerts.raiseDemoAlert(request.context, request.params.id, request.body)),
      );
    }
    routes.get(
      "/monitoring/alert-settings",
      {
        schema: {
          tags,
          summary: "The agency's alert grouping window, no-signal grace period and escalation minutes",
          response: { 200: alertSettings },
        },
      },
      async (request) => alerts.settings(request.context),
    );
    routes.put(
      "/monitoring/alert-settings",
      {
        schema: {
          tags,
          summary: "Administrators: change the agency's alert settings",
          body: alertSettingsBody,
          response: { 200: alertSettings },
        },
      },
      async (request) => alerts.saveSettings(request.context, request.body),
    );
  };
}
