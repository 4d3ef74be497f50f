import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, okResponse } from "../../../shared/contract/common";
import {
  deadLetter,
  markAllReadResponse,
  notification,
  notificationPreferences,
  notificationPreferencesView,
} from "../../../shared/contract/notifications";
import type { SessionCheck } from "../../platform/auth/authenticate";
import { signedInActor } from "../../platform/context";
import { badRequest } from "../../platform/errors";
import type { LiveHub } from "../../platform/live";
import type { NotificationsService } from "./notifications.service";

const catchUpBatch = 100;

export type LiveStreams = { hub: LiveHub; sessionCheck: SessionCheck; heartbeatMs: number };

/** A Last-Event-ID as this server writes it: the notification's stream position, a whole number. */
function lastEventId(header: string | string[] | undefined): number | null {
  if (header === undefined) return null;
  if (typeof header !== "string" || !/^\d{1,15}$/.test(header)) {
    throw badRequest("Last-Event-ID must be an event id this server sent (a whole number).", [
      { field: "headers.last-event-id", message: "not an event id" },
    ]);
  }
  return Number(header);
}

export function notificationsRoutes(notifications: NotificationsService, live: LiveStreams) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    /** Open streams, ended when the server closes (a stream never ends by itself). */
    const streams = new Set<() => void>();
    app.addHook("preClose", async () => {
      for (const end of [...streams]) end();
    });

    routes.get(
      "/notifications",
      {
        schema: {
          tags: ["notifications"],
          summary: "The signed-in user's notifications, unread and urgent first",
          response: { 200: z.array(notification) },
        },
      },
      async (request) => notifications.list(request.context),
    );
    routes.get(
      "/notifications/stream",
      {
        // The browser keeps this open by itself: it is not the user's activity and keeps no idle session alive.
        config: { background: true },
        schema: {
          tags: ["notifications"],
          summary:
            "Live stream (Server-Sent Events) of the signed-in user's new notifications ('notification', id = stream position), read marks ('read'), changes of their tasks ('tasks') and of the monitoring alerts they triage ('alerts'); send Last-Event-ID to catch up after a dropped connection",
          produces: ["text/event-stream"],
          querystring: z.strictObject({}),
        },
      },
      async (request, reply) => {
        const { context } = request;
        const { userId } = signedInActor(context);
        const given = lastEventId(request.headers["last-event-id"]);
        let cursor = given ?? (await notifications.latestSeq(context));

        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          ...(reply.getHeaders() as Record<string, string>),
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-store",
          connection: "keep-alive",
          "x-accel-buffering": "no",
        });
        let open = true;
        const write = (text: string) => {
          if (open) raw.write(text);
        };
        // The browser reconnects after 3 s with Last-Event-ID; "ready" carries the position a fresh stream starts from.
        write(`retry: 3000\nid: ${cursor}\nevent: ready\ndata: {}\n\n`);

        // One catch-up at a time per stream; a wake-up during one runs another after it, so nothing is missed.
        let running = false;
        let again = false;
        const pump = async (): Promise<void> => {
          if (running) {
            again = true;
            return;
          }
          running = true;
          try {
            do {
              again = false;
              let batch: Awaited<ReturnType<NotificationsService["after"]>>;
              do {
                batch = await notifications.after(context, cursor, catchUpBatch);
                for (const entry of batch) {
                  write(`id: ${entry.seq}\nevent: notification\ndata: ${JSON.stringify(entry.notification)}\n\n`);
                  cursor = entry.seq;
                }
              } while (open && batch.length === catchUpBatch);
            } while (open && again);
          } catch (error) {
            // The browser reconnects and catches up from its last event id.
            request.log.warn({ err: error }, "live stream catch-up failed; closing it");
            end();
          } finally {
            running = false;
          }
        };

        const unsubscribe = live.hub.subscribe(userId, (message) => {
          if (message.event === "read" || message.event === "tasks" || message.event === "alerts")
            write(`event: ${message.event}\ndata: {}\n\n`);
          else void pump();
        });
        const heartbeat = setInterval(async () => {
          if (await live.sessionCheck(request).catch(() => true)) {
            write(": heartbeat\n\n");
            return;
          }
          // Signed out, disabled or idle too long: tell the page, and let it go to the sign-in.
          write("event: session-ended\ndata: {}\n\n");
          end();
        }, live.heartbeatMs);
        function end() {
          if (!open) return;
          open = false;
          clearInterval(heartbeat);
          unsubscribe();
          streams.delete(end);
          raw.end();
        }
        streams.add(end);
        raw.on("close", end);
        await pump();
      },
    );
    routes.post(
      "/notifications/:id/read",
      { schema: { tags: ["notifications"], summary: "Mark a notification read", params: idParams, response: { 200: okResponse } } },
      async (request) => {
        await notifications.markRead(request.context, request.params.id);
        return { ok: true as const };
      },
    );
    routes.post(
      "/notifications/read-all",
      {
        schema: {
          tags: ["notifications"],
          summary: "Mark all of the signed-in user's notifications read",
          response: { 200: markAllReadResponse },
        },
      },
      async (request) => ({ marked: await notifications.markAllRead(request.context) }),
    );
    routes.get(
      "/notifications/preferences",
      {
        schema: {
          tags: ["notifications"],
          summary: "The signed-in user's delivery preferences: which kinds also go by e-mail or SMS, and quiet hours",
          response: { 200: notificationPreferencesView },
        },
      },
      async (request) => notifications.preferences(request.context),
    );
    routes.put(
      "/notifications/preferences",
      {
        schema: {
          tags: ["notifications"],
          summary: "Change the signed-in user's delivery preferences",
          body: notificationPreferences,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await notifications.savePreferences(request.context, request.body);
        return { ok: true as const };
      },
    );
    routes.get(
      "/notifications/dead-letters",
      {
        schema: {
          tags: ["notifications"],
          summary: "E-mail and SMS that failed every retry (administrators)",
          response: { 200: z.array(deadLetter) },
        },
      },
      async (request) => notifications.deadLetters(request.context),
    );
    routes.post(
      "/notifications/dead-letters/:id/retry",
      {
        schema: {
          tags: ["notifications"],
          summary: "Send a dead letter again (administrators)",
          params: idParams,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await notifications.retryDeadLetter(request.context, request.params.id);
        return { ok: true as const };
      },
    );
  };
}
