import type { z } from "zod";
import { errorResponse } from "../../shared/contract/common";
import { rememberHome, takeBootResponse } from "../boot-requests";

export type FieldIssue = { field: string; message: string };

/** A failed API call: the HTTP status, the server's error code, its message for people and any field issues. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: FieldIssue[];

  constructor(status: number, code: string, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.issues = issues;
  }

  /** The message of the issue for this form field, if the server named one. */
  issueFor(field: string): string | undefined {
    return this.issues.find((issue) => issue.field === field || issue.field.endsWith(`.${field}`))?.message;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/**
 * A response schema loaded when first needed (a dynamic import of its contract module): the contract's schemas are
 * built when their module runs, so a module the first page does not need stays out of the first chunk. Loaded once,
 * beside the request.
 */
export type LazySchema<T> = () => Promise<z.ZodType<T>>;

export function lazySchema<T>(load: () => Promise<z.ZodType<T>>): LazySchema<T> {
  let loaded: Promise<z.ZodType<T>> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

export type RequestOptions<T> = {
  method?: Method;
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  schema?: z.ZodType<T> | LazySchema<T>;
  /** 401 from this call is an expected answer (e.g. wrong password), not an ended session. */
  expectUnauthenticated?: boolean;
  /** No CSRF token is needed (sign-in creates the session). */
  withoutCsrf?: boolean;
  /** An automatic refresh (polling), not the user's doing: the server does not count it against the idle timeout. */
  background?: boolean;
};

// The CSRF token of the current session lives only in memory, never in web storage.
let csrfToken: string | null = null;
let unauthenticatedHandler: ((error: ApiError) => void) | null = null;

export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** The session is over (signed out, ended, never there): forget its token and what the next load would expect. */
function forgetSession(): void {
  csrfToken = null;
  rememberHome(false);
}

/** Called when a signed-in call answers 401: the session ended (idle timeout, signed out elsewhere...). */
export const onUnauthenticated = (handler: ((error: ApiError) => void) | null) => {
  unauthenticatedHandler = handler;
};

export function buildUrl(path: string, query?: RequestOptions<unknown>["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export const hasCsrfToken = () => csrfToken !== null;

/** No session, found out without a 401 (no console error): the same global answer as an ended session. */
export function notSignedIn(): ApiError {
  const error = new ApiError(401, "unauthenticated", "Sign in to continue.");
  forgetSession();
  unauthenticatedHandler?.(error);
  return error;
}

async function ensureCsrfToken(): Promise<string | null> {
  if (csrfToken) return csrfToken;
  const response = await fetch("/api/auth/session", { credentials: "same-origin", headers: { accept: "application/json" } });
  if (!response.ok) return null;
  const body = (await response.json()) as { csrfToken?: unknown };
  csrfToken = typeof body.csrfToken === "string" ? body.csrfToken : null;
  return csrfToken;
}

export async function apiRequest<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  // A Blob (an uploaded file) goes as it is, with its own type; anything else as JSON.
  const raw = options.body instanceof Blob ? options.body : null;
  if (options.body !== undefined) headers["content-type"] = raw ? raw.type || "application/octet-stream" : "application/json";
  if (options.background) headers["x-waypoint-background"] = "1";
  if (method !== "GET" && !options.withoutCsrf) {
    const token = await ensureCsrfToken();
    if (token) headers["x-csrf-token"] = token;
  }

  const url = buildUrl(path, options.query);
  const schema = typeof options.schema === "function" ? options.schema() : options.schema;
  // Settled below; a schema that cannot load (a missing chunk after a deploy) is not an unhandled rejection meanwhile.
  if (schema instanceof Promise) schema.catch(() => undefined);
  let response: Response;
  try {
    // The first page's GETs may already be on their way (boot-requests.ts): the same request, answered once.
    const early = method === "GET" ? await takeBootResponse(url) : null;
    response =
      early ??
      (await fetch(url, {
        method,
        headers,
        credentials: "same-origin",
        body: options.body === undefined ? undefined : (raw ?? JSON.stringify(options.body)),
      }));
  } catch {
    throw new ApiError(0, "network_error", "Waypoint could not be reached. Check your connection and try again.");
  }

  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }

  if (!response.ok) {
    const parsed = errorResponse.safeParse(json);
    const error = parsed.success
      ? new ApiError(response.status, parsed.data.error, parsed.data.message, parsed.data.issues ?? [])
      : new ApiError(response.status, "http_error", `The request failed (HTTP ${response.status}). Try again.`);
    if (response.status === 401 && !options.expectUnauthenticated) {
      forgetSession();
      unauthenticatedHandler?.(error);
    }
    throw error;
  }

  if (!schema) return json as T;
  const parsed = (await schema).safeParse(json);
  if (!parsed.success) {
    throw new ApiError(response.status, "unexpected_response", "Waypoint sent an unexpected answer. Reload the page and try again.");
  }
  return parsed.data;
}

export const api = {
  get: <T>(path: string, options: Omit<RequestOptions<T>, "method" | "body"> = {}) => apiRequest<T>(path, { ...options, method: "GET" }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions<T>, "method" | "body"> = {}) =>
    apiRequest<T>(path, { ...options, method: "POST", body }),
  patch: <T>(path: string, body?: unknown, options: Omit<RequestOptions<T>, "method" | "body"> = {}) =>
    apiRequest<T>(path, { ...options, method: "PATCH", body }),
  put: <T>(path: string, body?: unknown, options: Omit<RequestOptions<T>, "method" | "body"> = {}) =>
    apiRequest<T>(path, { ...options, method: "PUT", body }),
};
