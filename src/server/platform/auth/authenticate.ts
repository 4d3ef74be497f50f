import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { writeAuditNow } from "../access/guarded";
import type { AuditSource } from "../audit/audit";
import type { PlatformDeps, RequestContext } from "../context";
import { AppError, unauthenticated } from "../errors";
import { withoutNul } from "../http/nul-guard";
import { actorFor, deleteSession, type LoadedSession, loadSession, nextStepFor, sessionRef, touchSession } from "./sessions";

/**
 * public: no session needed; first-factor: a password-stage session may call it (finishing sign-in);
 * signed-in (the default, so a new route is protected unless it says otherwise): password and MFA done.
 */
export type RouteAccess = "public" | "first-factor" | "signed-in";

declare module "fastify" {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** A route the browser calls by itself (the live notification stream): it never counts as the user's activity. */
    background?: boolean;
  }
  interface FastifyRequest {
    session: LoadedSession | null;
    context: RequestContext;
  }
}

const plainCookie = "waypoint_session";
// __Host- pins the cookie to this host and path "/" and requires Secure (ASVS 3.3.3), so only over TLS.
const hostCookie = "__Host-waypoint_session";

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  const secure = request.protocol === "https";
  reply.setCookie(secure ? hostCookie : plainCookie, token, { httpOnly: true, sameSite: "lax", secure, path: "/" });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  const secure = request.protocol === "https";
  reply.clearCookie(secure ? hostCookie : plainCookie, { httpOnly: true, sameSite: "lax", secure, path: "/" });
}

export const readSessionToken = (request: FastifyRequest) => request.cookies[hostCookie] ?? request.cookies[plainCookie];

export function auditSourceFor(request: FastifyRequest, session: LoadedSession | null): AuditSource {
  return {
    agencyId: session?.user.agencyId ?? null,
    actorUserId: session?.user.id ?? null,
    actorUsername: session?.user.username ?? null,
    sessionRef: session ? sessionRef(session.tokenHash) : null,
    ip: request.ip ?? null,
    // Stored in the audit row as sent, except a NUL, which PostgreSQL cannot store and would cost the row.
    userAgent: withoutNul(request.headers["user-agent"] ?? "") || null,
    requestId: request.id,
  };
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The access a request needs, from the route it matched (its declared path and config), never from the raw URL:
 * the router decodes "/%61pi/…" to "/api/…", so a prefix test on request.url would let it through.
 */
export function routeAccess(request: FastifyRequest): RouteAccess {
  const declaredPath = request.routeOptions.url;
  // No route matched: the not-found handler answers, and it has nothing to protect.
  if (declaredPath === undefined) return "public";
  return declaredAccess(declaredPath, request.routeOptions.config?.access);
}

/** The access of a route as declared: its config, or the default for its path. */
export function declaredAccess(declaredPath: string, configured: RouteAccess | undefined): RouteAccess {
  return configured ?? defaultAccess(declaredPath);
}

/**
 * Every route is signed-in unless it says otherwise, wherever it is mounted; the only routes that cannot say so
 * are the plugins' own: the web app's static files ("/*") and the API documentation (Swagger UI), both public.
 */
function defaultAccess(declaredPath: string): RouteAccess {
  return declaredPath === "/*" || declaredPath === "/api/docs" || declaredPath.startsWith("/api/docs/") ? "public" : "signed-in";
}

/** Why a session is over at `now`, or null while it is valid. */
export function sessionEndReason(session: LoadedSession, now: Date, config: PlatformDeps["config"]): string | null {
  const idleSeconds = (now.getTime() - session.lastSeenAt.getTime()) / 1000;
  const ageSeconds = (now.getTime() - session.createdAt.getTime()) / 1000;
  return session.user.disabled
    ? "account disabled"
    : idleSeconds > config.sessionIdleTimeoutSeconds
      ? "idle timeout"
      : ageSeconds > config.sessionAbsoluteTimeoutSeconds
        ? "absolute timeout"
        : null;
}

/** Whether a request's session is still valid now (a long-lived stream asks again on each heartbeat). */
export type SessionCheck = (request: FastifyRequest) => Promise<boolean>;

export function sessionCheck(deps: PlatformDeps): SessionCheck {
  return async (request) => {
    const token = readSessionToken(request);
    const session = token ? await loadSession(deps.db, token, deps.clock()) : null;
    return session !== null && sessionEndReason(session, deps.clock(), deps.config) === null;
  };
}

/**
 * Records the user's activity on the session (its idle timeout restarts), at most every 15 s (or a quarter of the
 * idle timeout): one write per burst of requests, not one per request.
 */
export async function touchSessionIfDue(deps: PlatformDeps, session: LoadedSession, now: Date): Promise<void> {
  const touchIntervalMs = Math.min(15_000, (deps.config.sessionIdleTimeoutSeconds * 1000) / 4);
  if (now.getTime() - session.lastSeenAt.getTime() >= touchIntervalMs) await touchSession(deps.db, session.tokenHash, now);
}

export function registerAuthentication(app: FastifyInstance, deps: PlatformDeps): void {
  app.decorateRequest("session", null);
  app.decorateRequest("context", undefined as unknown as RequestContext);

  app.addHook("onRequest", async (request, reply) => {
    const now = deps.clock();
    request.context = { actor: null, source: auditSourceFor(request, null), now };
    const access = routeAccess(request);
    if (access === "public") return;

    const token = readSessionToken(request);
    if (!token) throw unauthenticated();
    const session = await loadSession(deps.db, token, now);
    if (!session) {
      clearSessionCookie(request, reply);
      throw unauthenticated("Your session has ended. Sign in again.");
    }
    request.context = { actor: null, source: auditSourceFor(request, session), now };

    const endReason = sessionEndReason(session, now, deps.config);
    // A request the web app sent before knowing whether its session is still valid (its first page's, beside the
    // session check): refused, but the session is left for that check to end, which tells the user why.
    if (endReason && request.headers["x-waypoint-speculative"] === "1") throw unauthenticated("Your session has ended. Sign in again.");
    if (endReason) {
      await deleteSession(deps.db, session.tokenHash);
      await writeAuditNow(deps, request.context, {
        action: "auth.session_ended",
        outcome: "allowed",
        recordType: "user",
        recordId: session.user.id,
        details: { reason: endReason },
      });
      clearSessionCookie(request, reply);
      throw unauthenticated(
        endReason === "account disabled" ? "This account has been disabled." : "Your session expired. Sign in again to continue.",
      );
    }

    if (!safeMethods.has(request.method) && !sameSecret(request.headers["x-csrf-token"], session.csrfToken)) {
      throw new AppError("csrf_failed", "The request is missing its CSRF token (X-CSRF-Token header). Reload the page.");
    }

    const next = nextStepFor(session);
    if (access === "signed-in" && next !== "done") {
      throw new AppError("mfa_required", "Finish signing in (password change or authenticator code) first.");
    }

    // Automatic refreshes (polling) mark themselves: they are not the user's activity, so the idle timeout still runs.
    const background = request.headers["x-waypoint-background"] === "1" || request.routeOptions.config?.background === true;
    request.session = session;
    request.context = {
      ...request.context,
      actor: next === "done" ? actorFor(session) : null,
      background,
      readOnly: safeMethods.has(request.method),
    };
    if (!background) await touchSessionIfDue(deps, session, now);
  });
}
