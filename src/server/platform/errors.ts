// One error type with a closed list of codes, mapped to HTTP statuses in one place.
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  mfa_required: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  /** The record changed since the client read it (optimistic concurrency, platform/db/versioned.ts). */
  edit_conflict: 409,
  payload_too_large: 413,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  audit_unavailable: 503,
  database_unavailable: 503,
  /** The MQTT broker did not take a device command. */
  broker_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type FieldIssue = { field: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const badRequest = (message: string, issues?: FieldIssue[]) => new AppError("bad_request", message, issues);
export const forbidden = (message = "You do not have access to this.") => new AppError("forbidden", message);
export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);
export const conflict = (message: string, issues?: FieldIssue[]) => new AppError("conflict", message, issues);
export const unauthenticated = (message = "Sign in to continue.") => new AppError("unauthenticated", message);
