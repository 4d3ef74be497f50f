import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPassword } from "../../bootstrap/demo-accounts";
import { type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { writeAuditNow } from "../access/guarded";

// PostgreSQL refuses U+0000 in text and jsonb, so a NUL that reached a query would answer 500.
describe(`the NUL character (U+0000) in a request (${engineName})`, () => {
  let test: TestApp;
  let admin: Client;
  let officer: Client;

  beforeAll(async () => {
    test = await createTestApp();
    admin = await signIn(test, "admin");
    officer = await signIn(test, "officer.north1");
  });
  afterAll(() => test.close());

  it("is refused in the sign-in username with a 400 naming the field", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { username: "admin\u0000", password: demoPassword, acknowledgedUseNotice: true },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "validation_failed", issues: [{ field: "body.username" }] });
    expect(response.json().message).toMatch(/U\+0000/);
  });

  it("is refused in a query string", async () => {
    const response = await officer.get("/api/v1/caseload?search=Smi%00th");
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([{ field: "querystring.search", message: expect.stringMatching(/U\+0000/) }]);
  });

  it("is refused in a path parameter", async () => {
    const response = await admin.get("/api/v1/users/%00");
    expect(response.statusCode).toBe(400);
    expect(response.json().issues[0].field).toBe("params.id");
  });

  it("is refused in the JSON body of a guarded write, and nothing is written", async () => {
    const response = await admin.post("/api/v1/units", { name: "Nul\u0000 Unit", extra: { nested: ["ok", "bad\u0000"] } });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues.map((issue: { field: string }) => issue.field)).toEqual(["body.name", "body.extra.nested.1"]);
    expect(await test.db.query("SELECT 1 FROM unit WHERE name LIKE 'Nul%'")).toHaveLength(0);
  });

  it("is refused in a key of a JSON body", async () => {
    const response = await admin.post("/api/v1/units", { "na\u0000me": "x" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe("validation_failed");
  });

  it("does not stop a denied request from writing its denied audit row (NUL in a header that is audited)", async () => {
    const before = await test.db.query<{ id: number }>("SELECT coalesce(max(id), 0) AS id FROM audit_log");
    const response = await test.app.inject({
      method: "GET",
      url: "/api/v1/audit",
      headers: { cookie: officer.cookie, "user-agent": "Probe\u0000Agent" },
    });
    expect(response.statusCode).toBe(403);
    const rows = await test.db.query<{ outcome: string; user_agent: string; actor_username: string }>(
      "SELECT outcome, user_agent, actor_username FROM audit_log WHERE id > $1 AND outcome = 'denied'",
      [before[0]?.id ?? 0],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: "denied", actor_username: "officer.north1" });
    expect(rows[0]?.user_agent).not.toContain("\u0000");
  });
});

describe(`a denial audit row with unstorable text (${engineName})`, () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it("is still written, with the NUL replaced", async () => {
    const context = {
      actor: null,
      now: test.clock.now(),
      source: { agencyId: null, actorUserId: null, actorUsername: "probe\u0000", sessionRef: null, ip: null, userAgent: "a\u0000b" },
    };
    await writeAuditNow(test.deps, context, {
      action: "test.denied",
      outcome: "denied",
      recordId: "x\u0000y",
      details: { reason: "bad\u0000" },
    });
    const rows = await test.db.query<{ actor_username: string; record_id: string }>(
      "SELECT actor_username, record_id FROM audit_log WHERE action = 'test.denied'",
    );
    expect(rows).toEqual([{ actor_username: "probe\uFFFD", record_id: "x\uFFFDy" }]);
  });
});
