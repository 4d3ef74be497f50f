import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config";
import { createTestApp, engineName, type TestApp } from "../../test-support/harness";

const attempt = (test: TestApp, forwardedFor: string) =>
  test.app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    remoteAddress: "10.0.0.2",
    headers: { "x-forwarded-for": forwardedFor },
    payload: { username: "nobody.here", password: "wrong password 123", acknowledgedUseNotice: true },
  });

describe(`client address behind a reverse proxy (${engineName})`, () => {
  let test: TestApp;

  beforeAll(async () => {
    // One proxy in front: the client is the address that proxy appended, the right-most one.
    test = await createTestApp({ trustProxy: 1, signInRateLimitPerMinute: 3 });
  });
  afterAll(() => test.close());

  it("ignores a forged left-most X-Forwarded-For for the audit address and the rate limit", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) statuses.push((await attempt(test, `198.51.100.${i}, 203.0.113.7`)).statusCode);
    // Four different forged addresses, one real client: the fourth attempt is over the limit of three.
    expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
    expect(statuses[3]).toBe(429);
    const rows = await test.db.query<{ ip: string }>("SELECT DISTINCT ip FROM audit_log WHERE action = 'auth.sign_in'");
    expect(rows).toEqual([{ ip: "203.0.113.7" }]);
    // Another real client behind the same proxy is not limited by the first one.
    expect((await attempt(test, "203.0.113.8")).statusCode).not.toBe(429);
  });
});

describe("TRUST_PROXY configuration", () => {
  it("takes a hop count or proxy addresses, and refuses true with a message saying what to give", () => {
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.5, 10.1.0.0/16,::1" }).trustProxy).toEqual(["10.0.0.5", "10.1.0.0/16", "::1"]);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY: true would trust.*number of proxies/);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(/TRUST_PROXY: "10.0.0.0\/33" is not a hop count/);
    expect(() => loadConfig({ TRUST_PROXY: "proxy.example" })).toThrow(/TRUST_PROXY/);
  });
});
