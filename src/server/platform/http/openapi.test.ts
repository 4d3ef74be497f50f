import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, engineName, type TestApp } from "../../test-support/harness";

type Operation = { security?: unknown[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

describe(`OpenAPI error responses and public routes (${engineName})`, () => {
  let test: TestApp;
  let document: OpenApi;

  beforeAll(async () => {
    test = await createTestApp();
    document = (await test.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
  });
  afterAll(() => test.close());

  const operation = (path: string, method: string) => {
    const found = document.paths[path]?.[method];
    if (!found) throw new Error(`no ${method} ${path} in the document`);
    return found;
  };
  const statuses = (path: string, method: string) => Object.keys(operation(path, method).responses).sort();

  it("documents the error body on every operation: 400 and 503 everywhere, 401/403 on signed-in routes", () => {
    expect(document.components.schemas.Error).toMatchObject({ properties: { error: {}, message: {}, issues: {} } });
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, entry] of Object.entries(methods)) {
        expect(Object.keys(entry.responses), `${method} ${path}`).toEqual(expect.arrayContaining(["400", "503"]));
        const publicRoute = Array.isArray(entry.security) && entry.security.length === 0;
        if (!publicRoute) expect(Object.keys(entry.responses), `${method} ${path}`).toEqual(expect.arrayContaining(["401", "403"]));
      }
    }
    expect(JSON.stringify(operation("/api/v1/users/{id}", "get").responses["404"])).toContain("#/components/schemas/Error");
    expect(statuses("/api/v1/units", "post")).toEqual(expect.arrayContaining(["401", "403", "409", "413"]));
    expect(statuses("/api/auth/sign-in", "post")).toEqual(expect.arrayContaining(["400", "423", "429", "503"]));
  });

  it("marks public operations with security: [] and keeps the session requirement on the others", () => {
    for (const [path, method] of [
      ["/api/auth/sign-in", "post"],
      ["/healthz", "get"],
      ["/readyz", "get"],
    ] as const) {
      expect(operation(path, method).security, `${method} ${path}`).toEqual([]);
      expect(statuses(path, method)).not.toContain("401");
    }
    expect(operation("/api/v1/caseload", "get").security).toBeUndefined();
    // A route's own documented status is kept: /readyz answers 503 with its readiness body.
    expect(JSON.stringify(operation("/readyz", "get").responses["503"])).toContain("pendingMigrations");
  });
});
