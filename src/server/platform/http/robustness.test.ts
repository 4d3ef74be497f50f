import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { intake } from "../../test-support/supervision-fixtures";

type Operation = { method: string; path: string };

/** One account per role: the fuzz runs as each, so every role's code paths meet bad input. */
const fuzzedAs = [
  { role: "officer", username: "officer.north1" },
  { role: "supervisor", username: "supervisor.north" },
  { role: "admin", username: "admin" },
  { role: "auditor", username: "auditor" },
] as const;
/** Runs per role: four roles share what one administrator run used to take. */
const runsPerRole = 100;

function expectSafe(response: LightMyRequestResponse, what: string): void {
  if (response.statusCode >= 500) throw new Error(`${what} answered ${response.statusCode}: ${response.body}`);
  expect(response.body).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|node_modules|Error: /);
}

describe(`bad input and faults (${engineName})`, () => {
  let test: TestApp;
  let admin: Client;
  let operations: Operation[];
  /** Real ids of a person and case on officer.north1's caseload, so some paths reach records and not only 404s. */
  let realIds: string[];

  beforeAll(async () => {
    test = await createTestApp();
    admin = await signIn(test, "admin");
    const document = (await test.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    // The live stream never ends by itself, so an injected request would wait for ever: its bad input (no session,
    // a malformed Last-Event-ID, unknown query parameters) is tested over HTTP in notifications/stream.test.ts.
    operations = Object.entries(document.paths)
      .filter(([path]) => path !== "/api/v1/notifications/stream")
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
    const { personId, caseId } = await intake(await signIn(test, "officer.north1"));
    realIds = [personId, caseId];
  });
  afterAll(() => test.close());

  it("publishes an OpenAPI 3.1 document covering every API route", async () => {
    const document = (await test.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(document.openapi).toBe("3.1.0");
    const paths = Object.keys(document.paths);
    for (const path of [
      "/api/auth/sign-in",
      "/api/auth/mfa/verify",
      "/api/v1/users",
      "/api/v1/users/{id}/actions/{action}",
      "/api/v1/audit",
      "/readyz",
    ]) {
      expect(paths).toContain(path);
    }
    expect((await test.app.inject({ method: "GET", url: "/api/docs/" })).statusCode).toBe(200);
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it("answers malformed JSON, wrong content types, oversized bodies and unknown routes with a clear 4xx", async () => {
    const headers = { cookie: admin.cookie, "x-csrf-token": admin.csrfToken, "content-type": "application/json" };
    const malformed = await test.app.inject({ method: "POST", url: "/api/v1/units", headers, payload: '{"name": "North' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toMatch(/not valid JSON/);

    const oversized = await test.app.inject({
      method: "POST",
      url: "/api/v1/units",
      headers,
      payload: JSON.stringify({ name: "x".repeat(1_100_000) }),
    });
    expect(oversized.statusCode).toBe(413);
    expect(oversized.json().message).toMatch(/larger than the limit of 1 MB/);

    const form = await test.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "username=admin&password=x",
    });
    expect(form.statusCode).toBe(415);

    const missing = await admin.get("/api/v1/nothing-here");
    expect(missing.statusCode).toBe(404);
    const badId = await admin.get("/api/v1/users/not-a-uuid");
    expect(badId.statusCode).toBe(400);
    expect(badId.json().issues[0].field).toBe("params.id");
    expect((await test.db.query("SELECT 1 FROM unit WHERE name LIKE 'North%' AND name <> 'North Field Office'")).length).toBe(0);
  });

  it.each(fuzzedAs)("never answers 5xx or leaks a stack trace, whatever is thrown at any route, as $role", async ({ username }) => {
    const client = username === "admin" ? admin : await signIn(test, username);
    const jsonish = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(
        fc.constantFrom(
          "name",
          "username",
          "displayName",
          "roles",
          "unitId",
          "code",
          "password",
          "newPassword",
          "currentPassword",
          "acknowledgedUseNotice",
          "caseId",
          "date",
          "narrative",
          "noteType",
          "occurredAt",
          "startsAt",
          "__proto__",
          "constructor",
        ),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    );
    const segment = fc.oneof(
      fc.uuid(),
      fc.string({ maxLength: 40 }),
      fc.constantFrom("disable", "reset-mfa", "../..", "%00", "0", "-1", "2030-02-30", ...realIds),
    );
    const query = fc.dictionary(
      fc.constantFrom("limit", "cursor", "from", "to", "unitId", "officerId", "q", "date", "upcoming", "action", "outcome", "x"),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        jsonish,
        segment,
        query,
        fc.constantFrom("application/json", "text/plain", "application/json; charset=latin1", ""),
        fc.boolean(),
        fc.option(fc.string({ maxLength: 60 })),
        async (operation, body, pathSegment, queryValues, contentType, signedIn, csrf) => {
          // Signing out would end the session the rest of the run relies on.
          if (signedIn && operation.path.includes("sign-out")) return;
          const url = `${operation.path.replace(/\{[^}]+\}/g, encodeURIComponent(pathSegment))}?${new URLSearchParams(queryValues)}`;
          const headers: Record<string, string> = {};
          if (contentType) headers["content-type"] = contentType;
          if (signedIn) {
            headers.cookie = client.cookie;
            headers["x-csrf-token"] = csrf ?? client.csrfToken;
          }
          const response = await test.app.inject({
            method: operation.method as "GET",
            url,
            headers,
            ...(operation.method === "GET" ? {} : { payload: typeof body === "string" ? body : JSON.stringify(body) }),
          });
          expectSafe(response, `${operation.method} ${url}`);
        },
      ),
      { numRuns: runsPerRole },
    );
  });

  it("reports readiness from the database", async () => {
    const ready = await test.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: "ready", pendingMigrations: [] });
    expect((await test.app.inject({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
  });
});
