import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { guarded } from "../access/guarded";
import type { RequestContext } from "../context";
import { signedInActor } from "../context";
import { AppError } from "../errors";
import { declaredAccess } from "./authenticate";

describe(`authentication follows the matched route (${engineName})`, () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it("refuses an API route reached through a percent-encoded path without a session (401, not the handler)", async () => {
    for (const url of ["/%61pi/v1/caseload", "/%61%70%69/v1/units", "/api/v1/%63aseload", "/API/v1/caseload"]) {
      const response = await test.app.inject({ method: "GET", url });
      expect([401, 404], `${url} answered ${response.statusCode}: ${response.body}`).toContain(response.statusCode);
      if (response.statusCode === 401) expect(response.json().error).toBe("unauthenticated");
    }
    // The decoded form really is the caseload route, so the check must be the route's, not the URL's.
    expect((await test.app.inject({ method: "GET", url: "/%61pi/v1/caseload" })).statusCode).toBe(401);
  });

  it("still serves public routes and documentation without a session", async () => {
    expect((await test.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    expect((await test.app.inject({ method: "GET", url: "/api/openapi.json" })).statusCode).toBe(200);
    expect((await test.app.inject({ method: "GET", url: "/api/docs/" })).statusCode).toBe(200);
  });

  it("answers a percent-encoded API path with the same result as the plain one once signed in", async () => {
    const officer = await signIn(test, "officer.north1");
    const plain = await officer.get("/api/v1/caseload");
    const encoded = await officer.get("/%61pi/v1/caseload");
    expect(plain.statusCode).toBe(200);
    expect(encoded.statusCode).toBe(200);
    expect(encoded.headers["cache-control"]).toBe("no-store");
  });

  it("treats a missing actor as unauthenticated (401), never as an internal error", async () => {
    const context: RequestContext = {
      actor: null,
      now: test.clock.now(),
      source: { agencyId: null, actorUserId: null, actorUsername: null, sessionRef: null, ip: null, userAgent: null },
    };
    expect(() => signedInActor(context)).toThrow(AppError);
    try {
      signedInActor(context);
    } catch (error) {
      expect((error as AppError).status).toBe(401);
    }
    const denied = guarded(test.deps, context, async (guard) => {
      guard.authorize("unit.read", { agencyId: "00000000-0000-0000-0000-000000000000" }, { action: "unit.read" });
    });
    await expect(denied).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("refuses to commit guarded work in which no access decision was made", async () => {
    const officer = await signIn(test, "officer.north1");
    const context: RequestContext = {
      actor: null,
      now: test.clock.now(),
      source: { agencyId: null, actorUserId: null, actorUsername: null, sessionRef: null, ip: null, userAgent: null },
    };
    const before = await test.db.query<{ count: number }>("SELECT count(*)::int AS count FROM unit");
    const undecided = guarded(test.deps, context, async (guard) => {
      await guard.tx.query("INSERT INTO unit (agency_id, name) SELECT id, 'Undecided Unit' FROM agency LIMIT 1");
      return "done";
    });
    await expect(undecided).rejects.toThrow(/no access decision/);
    const after = await test.db.query<{ count: number }>("SELECT count(*)::int AS count FROM unit");
    expect(after[0]?.count).toBe(before[0]?.count);
    // Work that records an access-neutral event on purpose still commits.
    const recorded = await guarded(test.deps, context, async (guard) => {
      guard.record({ action: "test.neutral", outcome: "allowed" });
      return "done";
    });
    expect(recorded).toBe("done");
    expect((await officer.get("/api/v1/caseload")).statusCode).toBe(200);
  });
});

describe("the access a route declares", () => {
  it("is signed-in by default wherever the route is mounted; only the web app's files and Swagger UI are public", () => {
    expect(declaredAccess("/api/v1/caseload", undefined)).toBe("signed-in");
    expect(declaredAccess("/calendar/:token", undefined)).toBe("signed-in");
    expect(declaredAccess("/*", undefined)).toBe("public");
    expect(declaredAccess("/api/docs/static/*", undefined)).toBe("public");
    expect(declaredAccess("/api/docs", undefined)).toBe("public");
    expect(declaredAccess("/api/docsx", undefined)).toBe("signed-in");
    expect(declaredAccess("/healthz", "public")).toBe("public");
  });
});
