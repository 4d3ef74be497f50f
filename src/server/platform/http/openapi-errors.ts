import type { FastifyInstance, RouteOptions } from "fastify";
import type { ZodType } from "zod";
import { errorResponse } from "../../../shared/contract/common";
import { declaredAccess } from "../auth/authenticate";

const reasons = {
  400: "The request is not valid (the issues name each field)",
  401: "Not signed in, the session ended, or sign-in is not finished",
  403: "No access to this record, or the CSRF token is missing",
  404: "No such record",
  409: "Conflicts with the record's current state or an existing record; `edit_conflict` when the record changed since its `version` was read (send `expectedVersion`)",
  413: "The request body is larger than the limit",
  423: "The account is locked after too many failed attempts",
  429: "Too many attempts; wait a minute",
  503: "The database or the audit log cannot be reached; retry after the Retry-After seconds",
} as const;

/**
 * Documents the error answers of every route in one place, from what the route is: its access (public routes
 * have no 401/403 and say `security: []`), its path parameters (404), its method (409, 413) and its rate limit
 * (423, 429). Statuses a route documents itself are left as they are. Must be registered before any route.
 */
export function registerErrorResponses(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    if (route.schema?.hide) return;
    route.schema ??= {};
    const schema = route.schema as NonNullable<RouteOptions["schema"]> & {
      response?: Record<string, unknown>;
      security?: unknown;
    };
    const isPublic = declaredAccess(route.url, route.config?.access) === "public";
    const methods = [route.method].flat();
    const writes = methods.some((method) => method !== "GET" && method !== "HEAD" && method !== "OPTIONS");
    const limited = Boolean((route.config as { rateLimit?: unknown } | undefined)?.rateLimit);
    const statuses: (keyof typeof reasons)[] = [
      400,
      ...(isPublic ? [] : ([401, 403] as const)),
      ...(route.url.includes(":") ? ([404] as const) : []),
      ...(writes ? ([409, 413] as const) : []),
      ...(limited ? ([423, 429] as const) : []),
      503,
    ];
    const response = { ...(schema.response ?? {}) };
    for (const status of statuses) {
      if (!(status in response)) response[status] = errorResponse.describe(reasons[status]) as ZodType;
    }
    schema.response = response;
    if (isPublic) schema.security = [];
  });
}
