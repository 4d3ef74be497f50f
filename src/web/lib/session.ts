import { type QueryClient, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { type NextStep, type Role, type SessionResponse, sessionResponse, sessionStatus } from "../../shared/contract/auth";
import { localDate, systemTimeZone } from "../../shared/time/calendar-date";
import { rememberHome } from "../boot-requests";
import { api, hasCsrfToken, notSignedIn, setCsrfToken } from "./api-client";

export type Session = z.infer<typeof sessionResponse>;

export const sessionKeys = { current: ["auth", "session"] as const };

export async function getSession(): Promise<SessionResponse> {
  // On a fresh page load, ask quietly first: a browser without a session gets 200 {signedIn: false}, not a 401
  // that the browser would log as an error on every visit to the sign-in page.
  // That answer carries the session itself while it is valid: one request on a page load instead of two.
  const status = hasCsrfToken() ? null : await api.get("/api/auth/session-status", { schema: sessionStatus });
  if (status && !status.signedIn) throw notSignedIn();
  const session = status?.session ?? (await api.get("/api/auth/session", { schema: sessionResponse }));
  setCsrfToken(session.csrfToken);
  rememberHome(session.next === "done" && hasRole(session, ["officer", "supervisor"]));
  return session;
}

export const useSession = () => useQuery({ queryKey: sessionKeys.current, queryFn: getSession, staleTime: 60_000 });

/** The agency's time zone, from the session (the browser's own zone only until the session has loaded). */
export function useAgencyTimeZone(): string {
  return useSession().data?.user.agencyTimeZone ?? systemTimeZone();
}

/** Today's date (YYYY-MM-DD) in the agency's time zone: the day the server plans, draws and counts in. */
export function useAgencyToday(): string {
  return localDate(new Date(), useAgencyTimeZone());
}

/** Reads the session again from the server (after a step that rotates the session cookie) and returns it. */
export function refreshSession(queryClient: QueryClient): Promise<SessionResponse> {
  setCsrfToken(null);
  return queryClient.fetchQuery({ queryKey: sessionKeys.current, queryFn: getSession, staleTime: 0 });
}

export const hasRole = (session: Pick<SessionResponse, "user"> | undefined, roles: readonly Role[]) =>
  Boolean(session?.user.roles.some((role) => roles.includes(role)));

export type { NextStep };
