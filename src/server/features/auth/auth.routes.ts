import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  changePasswordRequest,
  mfaCodeRequest,
  mfaEnrollment,
  nextStepResponse,
  sessionResponse,
  sessionStatus,
  signInRequest,
} from "../../../shared/contract/auth";
import { okResponse } from "../../../shared/contract/common";
import { clearSessionCookie, readSessionToken, setSessionCookie } from "../../platform/auth/authenticate";
import type { LoadedSession } from "../../platform/auth/sessions";
import { unauthenticated } from "../../platform/errors";
import type { AuthService } from "./auth.service";

function sessionOf(request: FastifyRequest): LoadedSession {
  if (!request.session) throw unauthenticated();
  return request.session;
}

export function authRoutes(auth: AuthService, options: { signInRateLimitPerMinute: number }) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    const throttled = { rateLimit: { max: options.signInRateLimitPerMinute, timeWindow: "1 minute" } };

    routes.post(
      "/sign-in",
      {
        config: { access: "public", ...throttled },
        schema: {
          tags: ["auth"],
          summary: "First factor: username and password, after acknowledging the system use notice",
          body: signInRequest,
          response: { 200: nextStepResponse },
        },
      },
      async (request, reply) => {
        const result = await auth.signIn(request.context, request.body, readSessionToken(request));
        setSessionCookie(request, reply, result.token);
        return { next: result.next };
      },
    );

    routes.get(
      "/session-status",
      {
        config: { access: "public" },
        schema: {
          tags: ["auth"],
          summary: "Whether this browser holds a session (200 either way, so a first visit logs no error)",
          response: { 200: sessionStatus },
        },
      },
      async (request) => auth.sessionStatus(readSessionToken(request) ?? null, request.context.now),
    );

    routes.get(
      "/session",
      {
        config: { access: "first-factor" },
        schema: {
          tags: ["auth"],
          summary: "The current session, its next sign-in step and CSRF token",
          response: { 200: sessionResponse },
        },
      },
      async (request) => auth.describe(sessionOf(request)),
    );

    routes.post(
      "/mfa/enrollment",
      {
        config: { access: "first-factor", ...throttled },
        schema: {
          tags: ["auth"],
          summary: "Start authenticator (TOTP) enrolment: a new secret and its QR code",
          response: { 200: mfaEnrollment },
        },
      },
      async (request) => auth.beginMfaEnrollment(request.context, sessionOf(request)),
    );

    routes.post(
      "/mfa/enrollment/confirm",
      {
        config: { access: "first-factor", ...throttled },
        schema: {
          tags: ["auth"],
          summary: "Finish enrolment with a current code; signs the session in",
          body: mfaCodeRequest,
          response: { 200: nextStepResponse },
        },
      },
      async (request, reply) => {
        const result = await auth.confirmMfaEnrollment(request.context, sessionOf(request), request.body.code);
        setSessionCookie(request, reply, result.token);
        return { next: result.next };
      },
    );

    routes.post(
      "/mfa/verify",
      {
        config: { access: "first-factor", ...throttled },
        schema: {
          tags: ["auth"],
          summary: "Second factor: a code from the enrolled authenticator, accepted once",
          body: mfaCodeRequest,
          response: { 200: nextStepResponse },
        },
      },
      async (request, reply) => {
        const result = await auth.verifyMfa(request.context, sessionOf(request), request.body.code);
        setSessionCookie(request, reply, result.token);
        return { next: result.next };
      },
    );

    routes.post(
      "/password",
      {
        config: { access: "first-factor", ...throttled },
        schema: {
          tags: ["auth"],
          summary: "Change own password (12 to 1024 characters, not a common password)",
          body: changePasswordRequest,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await auth.changePassword(request.context, sessionOf(request), request.body);
        return { ok: true as const };
      },
    );

    routes.post(
      "/sign-out",
      { config: { access: "first-factor" }, schema: { tags: ["auth"], summary: "End this session", response: { 200: okResponse } } },
      async (request, reply) => {
        await auth.signOut(request.context, sessionOf(request));
        clearSessionCookie(request, reply);
        return { ok: true as const };
      },
    );

    routes.post(
      "/sign-out-everywhere",
      { schema: { tags: ["auth"], summary: "End every session of the signed-in user", response: { 200: okResponse } } },
      async (request, reply) => {
        await auth.signOutEverywhere(request.context, sessionOf(request));
        clearSessionCookie(request, reply);
        return { ok: true as const };
      },
    );
  };
}
