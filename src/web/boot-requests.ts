/**
 * The first page's requests, started by the first module the browser runs (it imports nothing), so they travel
 * while the rest of the app's JavaScript is still being parsed and run instead of after it: whether this browser
 * holds a session, then the session, then, on the caseload (the home page of officers and supervisors, without
 * filters), its first page. The API client takes each answer (once) for the same GET instead of asking again
 * (takeBootResponse), and goes through its usual checks and error handling; what no page took is dropped at the
 * first navigation (dropBootResponses). The sign-in page asks for nothing, as before.
 */
const started = new Map<string, Promise<Response | null>>();

const get = (url: string) => fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } });

/** The caseload's first page with no filters, as the caseload page asks for it (sort, then page size). */
export const bootCaseloadUrl = "/api/v1/caseload?sort=priority&limit=50";

/** A request already started for this GET, if any: taken once. */
export function takeBootResponse(url: string): Promise<Response | null> | undefined {
  const response = started.get(url);
  started.delete(url);
  return response;
}

export function dropBootResponses(): void {
  started.clear();
}

type SessionShape = { next?: unknown; user?: { roles?: unknown } };

function start(): void {
  if (window.location.pathname === "/sign-in") return;
  const status = get("/api/auth/session-status");
  started.set("/api/auth/session-status", status);
  const signedIn = status.then(
    async (response) => response.ok && ((await response.clone().json()) as { signedIn?: unknown }).signedIn === true,
    () => false,
  );
  const session = signedIn.then((yes) => (yes ? get("/api/auth/session") : null)).catch(() => null);
  started.set("/api/auth/session", session);
  if (window.location.pathname !== "/" || window.location.search !== "") return;
  started.set(
    bootCaseloadUrl,
    session
      .then(async (response) => {
        if (!response?.ok) return null;
        const body = (await response.clone().json()) as SessionShape;
        const roles = Array.isArray(body.user?.roles) ? body.user.roles : [];
        const caseworker = roles.includes("officer") || roles.includes("supervisor");
        return body.next === "done" && caseworker ? get(bootCaseloadUrl) : null;
      })
      .catch(() => null),
  );
}

// Only in a browser: unit tests import the API client in Node.
if (typeof window !== "undefined") start();
