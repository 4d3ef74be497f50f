import type { FastifyInstance } from "fastify";
import { AppError, type FieldIssue } from "../errors";

const nulMessage = "must not contain the NUL character (U+0000)";

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, so a NUL that reached a query would fail as a 500 after
 * the access decision. Every parsed string of the query, path parameters and JSON body (keys included) is
 * checked once, before validation and before any service runs: a clear 400 naming the field.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    const issues = [...nulIssues(request.params, "params"), ...nulIssues(request.query, "querystring"), ...nulIssues(request.body, "body")];
    if (issues.length === 0) return;
    const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ");
    throw new AppError("validation_failed", `Invalid request. ${summary}`, issues);
  });
}

export function nulIssues(value: unknown, path: string, issues: FieldIssue[] = [], depth = 0): FieldIssue[] {
  if (typeof value === "string") {
    if (value.includes("\u0000")) issues.push({ field: path, message: nulMessage });
  } else if (value !== null && typeof value === "object" && depth < 64) {
    for (const [key, item] of Object.entries(value)) {
      const field = `${path}.${key.replaceAll("\u0000", "\\u0000")}`;
      if (key.includes("\u0000")) issues.push({ field, message: `${nulMessage} in its name` });
      nulIssues(item, field, issues, depth + 1);
    }
  }
  return issues;
}

/** For text that is stored whatever it holds (a User-Agent in an audit row): NUL becomes U+FFFD. */
export const withoutNul = (text: string): string => text.replaceAll("\u0000", "\uFFFD");
