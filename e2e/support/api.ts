import type { Page } from "playwright-core";

/** A signed-in API call from the page (the session cookie is HttpOnly; the browser sends it, with the CSRF token). */
export async function api<T>(page: Page, path: string, method = "GET", body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ url, method, body }) => {
      const headers: Record<string, string> = { accept: "application/json" };
      if (method !== "GET") {
        const session = (await (await fetch("/api/auth/session", { credentials: "same-origin" })).json()) as { csrfToken: string };
        headers["x-csrf-token"] = session.csrfToken;
        // A DELETE has no body: a JSON content type without one is a 400.
        if (body !== undefined) headers["content-type"] = "application/json";
      }
      const response = await fetch(url, {
        method,
        credentials: "same-origin",
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    { url: path, method, body },
  );
}

/**
 * Takes in a person whose supervision began on the first of last month, with an address moved into that day and never
 * verified: nobody has seen them, so the month's contacts and the home verification are overdue. Returns the new ids
 * and the unique number used for the agency number and the case number.
 */
export async function intakeUnseenSinceLastMonth(
  page: Page,
  options: {
    prefix: string;
    firstName: string;
    lastName: string;
    supervisionType: "parole" | "probation";
    authorityName: string;
    level: string;
    dateOfBirth: string;
    line1: string;
    city: string;
    postalCode: string;
  },
): Promise<{ personId: string; caseId: string; unique: string }> {
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
  const unique = `${options.prefix}${Date.now().toString(36).toUpperCase()}`;
  const created = await api<{ personId: string; caseId: string }>(page, "/api/v1/people", "POST", {
    person: {
      firstName: options.firstName,
      lastName: `${options.lastName}${unique}`,
      dateOfBirth: options.dateOfBirth,
      agencyPersonNumber: unique,
    },
    case: {
      caseNumber: unique,
      supervisionType: options.supervisionType,
      authorityName: options.authorityName,
      supervisionStart: lastMonth,
      supervisionLevel: options.level,
      riskLevel: options.level,
    },
  });
  if (created.status !== 201) throw new Error(`intake failed: ${created.status}`);
  const address = await api(page, `/api/v1/people/${created.body.personId}/addresses`, "POST", {
    line1: options.line1,
    city: options.city,
    state: "GA",
    postalCode: options.postalCode,
    movedIn: lastMonth,
  });
  if (address.status !== 201) throw new Error(`adding the address failed: ${address.status}`);
  return { ...created.body, unique };
}
