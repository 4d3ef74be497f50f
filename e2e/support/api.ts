import type { Page } from "playwright-core";

/** A signed-in API call from the page (the session cookie is HttpOnly; the browser sends it, with the CSRF token). */
export async function api<T>(page: Page, path: string, method = "GET", body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ url, method, body }) => {
      const headers: Record<string, string> = { accept: "application/json" };
      if (method !== "GET") {
        const session = (await (await fetch("/api/auth/session", { credentials: "same-origin" })).json()) as { csrfToken: string };
        headers["x-csrf-token"] = session.csrfToken;
        headers["content-type"] = "application/json";
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
