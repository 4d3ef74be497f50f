/**
 * The first page's requests, started by a script of their own (index.html runs it before the app's, and it imports
 * nothing), so they travel while the rest of the app's JavaScript is still being fetched, compiled and run instead
 * of after it: whether this browser holds a session (the answer carries the session while it is valid) and, on the
 * caseload (the home page of officers and supervisors, without filters), its first page. The caseload goes at
 * once, beside the session check, when this browser's last session was a caseworker's (remembered, not secret: see
 * rememberHome); otherwise only once the check says so (a main-thread step later). The API client takes each answer
 * (once) for the same GET instead of asking again (takeBootResponse), and goes through its usual checks and error
 * handling; what no page took is dropped at the first navigation (dropBootResponses). The sign-in page asks for
 * nothing, as before.
 */
const started = new Map<string, Promise<Response | null>>();

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { credentials: "same-origin", headers: { accept: "application/json", ...headers } });

/**
 * Marks a request sent before the session is known to be valid: the server refuses it (401) without ending an
 * expired session, so the session check that follows ends it and tells the user why.
 */
export const speculativeHeader = "x-waypoint-speculative";

// Whether this browser's last session was signed in with the caseload as its home page. Only that fact, never
// anything of the session or of a record; forgotten when the session ends or the user signs out.
const homeKey = "waypoint.caseload-home";

/** Remembers (or forgets) that the signed-in user's home page is the caseload, for the next page load. */
export function rememberHome(caseload: boolean): void {
  try {
    if (caseload) localStorage.setItem(homeKey, "1");
    else localStorage.removeItem(homeKey);
  } catch {
    // Storage refused (private mode, policy): the next load just waits for the session check.
  }
}

function caseloadRemembered(): boolean {
  try {
    return localStorage.getItem(homeKey) === "1";
  } catch {
    return false;
  }
}

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

type StatusShape = { session?: { next?: unknown; user?: { roles?: unknown } } };

function start(): void {
  if (window.location.pathname === "/sign-in") return;
  const status = get("/api/auth/session-status");
  started.set("/api/auth/session-status", status);
  if (window.location.pathname !== "/" || window.location.search !== "") return;
  if (caseloadRemembered()) {
    started.set(
      bootCaseloadUrl,
      get(bootCaseloadUrl, { [speculativeHeader]: "1" }).catch(() => null),
    );
    return;
  }
  started.set(
    bootCaseloadUrl,
    status
      .then(async (response) => {
        if (!response.ok) return null;
        const { session } = (await response.clone().json()) as StatusShape;
        const roles = Array.isArray(session?.user?.roles) ? session.user.roles : [];
        const caseworker = roles.includes("officer") || roles.includes("supervisor");
        return session?.next === "done" && caseworker ? get(bootCaseloadUrl) : null;
      })
      .catch(() => null),
  );
}

// Only in a browser: unit tests import the API client in Node.
if (typeof window !== "undefined") start();
