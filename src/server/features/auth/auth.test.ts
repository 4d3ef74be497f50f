import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPassword } from "../../bootstrap/demo-accounts";
import {
  auditRows,
  clientFor,
  createTestApp,
  demoSecret,
  engineName,
  passwordStage,
  sessionCookie,
  signIn,
  type TestApp,
  totpCode,
} from "../../test-support/harness";

describe(`sign-in and sessions (${engineName})`, () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ sessionIdleTimeoutSeconds: 600, sessionAbsoluteTimeoutSeconds: 3_600 });
  });
  afterAll(() => test.close());

  it("refuses sign-in without acknowledging the use notice", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { username: "officer.north1", password: demoPassword, acknowledgedUseNotice: false },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/acknowledgedUseNotice.*use notice/);
  });

  it("says quietly (200) whether the browser holds a session, so the sign-in page logs no error", async () => {
    const none = await test.app.inject({ method: "GET", url: "/api/auth/session-status" });
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ signedIn: false });
    const unknown = await test.app.inject({
      method: "GET",
      url: "/api/auth/session-status",
      headers: { cookie: "waypoint_session=nonsense" },
    });
    expect(unknown.json()).toEqual({ signedIn: false });
    const client = await passwordStage(test, "officer.north1");
    const status = (await client.get("/api/auth/session-status")).json();
    expect(status).toMatchObject({ signedIn: true, session: { next: "verify-mfa", csrfToken: client.csrfToken } });
  });

  it("answers session-status with the session while it is valid (one request on a page load), restarting the idle timeout", async () => {
    const client = await signIn(test, "officer.south2");
    const session = (await client.get("/api/auth/session")).json();
    // Nine minutes apart, twice: past the 10-minute idle timeout only if the status were not the user's activity.
    for (let step = 0; step < 2; step++) {
      test.clock.advance(9 * 60_000);
      const status = await client.get("/api/auth/session-status");
      expect(status.statusCode).toBe(200);
      expect(status.json()).toEqual({ signedIn: true, session });
    }
    // Idle past the timeout: still "signed in" but without the session, so the app asks /session, which says why.
    test.clock.advance(601_000);
    expect((await client.get("/api/auth/session-status")).json()).toEqual({ signedIn: true });
    const ended = await client.get("/api/auth/session");
    expect(ended.statusCode).toBe(401);
    expect(ended.json().message).toMatch(/expired/);
  });

  it("refuses a speculative request of an expired session without ending it, so the session check still says why", async () => {
    const client = await signIn(test, "supervisor.south");
    test.clock.advance(601_000);
    const early = await test.app.inject({
      method: "GET",
      url: "/api/v1/caseload?sort=priority&limit=50",
      headers: { cookie: client.cookie, "x-waypoint-speculative": "1" },
    });
    expect(early.statusCode).toBe(401);
    const ended = await client.get("/api/auth/session");
    expect(ended.statusCode).toBe(401);
    expect(ended.json().message).toMatch(/expired/);
  });

  it("gives a password-only session no access beyond finishing sign-in", async () => {
    const client = await passwordStage(test, "officer.north1");
    const units = await client.get("/api/v1/units");
    expect(units.statusCode).toBe(401);
    expect(units.json().error).toBe("mfa_required");
    expect((await client.get("/api/auth/session")).json().next).toBe("verify-mfa");
  });

  it("signs in with password and TOTP, issuing a new session id at each step, secure cookie flags and no-store", async () => {
    test.clock.advance(30_000);
    const first = await passwordStage(test, "officer.north2");
    const verified = await first.post("/api/auth/mfa/verify", {
      code: await totpCode(demoSecret(test, "officer.north2"), test.clock.now()),
    });
    expect(verified.statusCode).toBe(200);
    const cookie = verified.cookies.find((candidate) => candidate.name === "waypoint_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(sessionCookie(verified)).not.toBe(first.cookie);
    // The password-stage session is gone after MFA.
    expect((await first.get("/api/auth/session")).statusCode).toBe(401);
    const session = await test.app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie: sessionCookie(verified) } });
    expect(session.json()).toMatchObject({ next: "done", user: { username: "officer.north2", unitName: "North Field Office" } });
    expect(session.headers["cache-control"]).toBe("no-store");
    expect(session.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    // Map tiles may load from the configured tile server only.
    expect(session.headers["content-security-policy"]).toContain("img-src 'self' data: blob: https://tile.openstreetmap.org;");
    expect(session.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("ends the session a new sign-in was made from, and audits it", async () => {
    const earlier = await signIn(test, "officer.south1");
    expect((await earlier.get("/api/v1/units")).statusCode).toBe(200);
    // Someone signs in from the same browser (the request carries the earlier session's cookie).
    const next = await test.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      headers: { cookie: earlier.cookie },
      payload: { username: "officer.north2", password: demoPassword, acknowledgedUseNotice: true },
    });
    expect(next.statusCode).toBe(200);
    expect((await earlier.get("/api/v1/units")).statusCode).toBe(401);
    const ended = await auditRows(test.db, "action = 'auth.session_ended' AND actor_username = 'officer.north2'");
    expect(ended).toHaveLength(1);
    const [owner] = await test.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'officer.south1'");
    expect(ended[0]!.record_id).toBe(owner!.id);
  });

  it("accepts a TOTP code only once", async () => {
    test.clock.advance(30_000);
    const code = await totpCode(demoSecret(test, "supervisor.north"), test.clock.now());
    const first = await passwordStage(test, "supervisor.north");
    expect((await first.post("/api/auth/mfa/verify", { code })).statusCode).toBe(200);
    const second = await passwordStage(test, "supervisor.north");
    const replay = await second.post("/api/auth/mfa/verify", { code });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().message).toMatch(/already used/);
    const rows = await auditRows(test.db, "action = 'auth.mfa_verify' AND outcome = 'failed' AND actor_username = 'supervisor.north'");
    expect(rows).toHaveLength(1);
  });

  it("locks an account after 5 wrong passwords, refuses the right one, and an administrator releases it", async () => {
    const attempt = (username: string, password: string) =>
      test.app.inject({ method: "POST", url: "/api/auth/sign-in", payload: { username, password, acknowledgedUseNotice: true } });
    const unknown = await attempt("nobody.here", "wrong password number 0");
    expect(unknown.statusCode).toBe(401);
    // Every wrong password answers as an unknown username does, the one that locks the account included.
    for (let count = 1; count <= 5; count++) {
      const response = await attempt("officer.south2", `wrong password number ${count}`);
      expect([response.statusCode, response.json()]).toEqual([401, unknown.json()]);
    }
    // Locked: a wrong password still cannot tell a locked account from an unknown one.
    const lockedWrong = await attempt("officer.south2", "wrong password number 6");
    expect([lockedWrong.statusCode, lockedWrong.json()]).toEqual([401, unknown.json()]);
    // Only the right password learns of the lock (and is refused).
    const refused = await attempt("officer.south2", demoPassword);
    expect(refused.statusCode).toBe(423);
    expect(refused.json().message).toMatch(/locked/);
    expect(await auditRows(test.db, "action = 'auth.lockout' AND actor_username = 'officer.south2'")).toHaveLength(1);
    expect(await auditRows(test.db, "action = 'auth.sign_in' AND outcome = 'denied' AND actor_username = 'officer.south2'")).toHaveLength(
      2,
    );

    const admin = await signIn(test, "admin");
    const user = (await admin.get("/api/v1/users"))
      .json()
      .find((candidate: { username: string }) => candidate.username === "officer.south2");
    expect(user.status).toBe("locked");
    expect((await admin.post(`/api/v1/users/${user.id}/actions/release-lockout`)).statusCode).toBe(200);
    await signIn(test, "officer.south2");
  });

  it("releases a lockout by itself after the agency's configured time", async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      await test.app.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        payload: { username: "officer.south2", password: `another wrong one ${attempt}`, acknowledgedUseNotice: true },
      });
    }
    const stillLocked = await test.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { username: "officer.south2", password: demoPassword, acknowledgedUseNotice: true },
    });
    expect(stillLocked.statusCode).toBe(423);
    test.clock.advance(31 * 60_000); // the demo agency releases after 30 minutes
    await signIn(test, "officer.south2");
  });

  it("ends a session idle past the timeout and one older than the absolute limit", async () => {
    const idle = await signIn(test, "officer.south1");
    test.clock.advance(601_000);
    const expired = await idle.get("/api/v1/units");
    expect(expired.statusCode).toBe(401);
    expect(expired.json().message).toMatch(/expired/);
    expect((await idle.get("/api/v1/units")).statusCode).toBe(401);

    const busy = await signIn(test, "officer.south1");
    // Active every 5 minutes, so never idle; the absolute limit (60 minutes here) still ends it.
    for (let elapsedMinutes = 5; elapsedMinutes <= 65; elapsedMinutes += 5) {
      test.clock.advance(5 * 60_000);
      const response = await busy.get("/api/v1/units");
      expect(response.statusCode).toBe(elapsedMinutes <= 60 ? 200 : 401);
    }
  });

  it("does not count automatic refreshes (polling) as activity", async () => {
    const client = await signIn(test, "officer.south1");
    const poll = () =>
      test.app.inject({ method: "GET", url: "/api/v1/notifications", headers: { cookie: client.cookie, "x-waypoint-background": "1" } });
    for (let minute = 0; minute < 9; minute++) {
      test.clock.advance(60_000);
      expect((await poll()).statusCode).toBe(200);
    }
    // Ten minutes and a second since the last request the user made: the session has ended.
    test.clock.advance(61_000);
    expect((await poll()).statusCode).toBe(401);
  });

  it("requires the CSRF token on state-changing requests", async () => {
    const client = await signIn(test, "officer.north1");
    const withoutToken = await test.app.inject({ method: "POST", url: "/api/auth/sign-out", headers: { cookie: client.cookie } });
    expect(withoutToken.statusCode).toBe(403);
    const wrongToken = clientFor(test.app, client.cookie, "x".repeat(43));
    expect((await wrongToken.post("/api/auth/sign-out")).statusCode).toBe(403);
    expect((await client.get("/api/v1/units")).statusCode).toBe(200);
  });

  it("signs out one session, and everywhere", async () => {
    const one = await signIn(test, "officer.north1");
    const two = await signIn(test, "officer.north1");
    expect((await one.post("/api/auth/sign-out")).statusCode).toBe(200);
    expect((await one.get("/api/v1/units")).statusCode).toBe(401);
    expect((await two.get("/api/v1/units")).statusCode).toBe(200);
    const three = await signIn(test, "officer.north1");
    expect((await three.post("/api/auth/sign-out-everywhere")).statusCode).toBe(200);
    expect((await two.get("/api/v1/units")).statusCode).toBe(401);
    expect((await three.get("/api/v1/units")).statusCode).toBe(401);
  });

  it("ends a disabled user's sessions at once", async () => {
    const officer = await signIn(test, "officer.south1");
    const admin = await signIn(test, "admin");
    const user = (await admin.get("/api/v1/users"))
      .json()
      .find((candidate: { username: string }) => candidate.username === "officer.south1");
    expect((await admin.post(`/api/v1/users/${user.id}/actions/disable`)).statusCode).toBe(200);
    expect((await officer.get("/api/v1/units")).statusCode).toBe(401);
    const again = await test.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { username: "officer.south1", password: demoPassword, acknowledgedUseNotice: true },
    });
    expect(again.statusCode).toBe(403);
    expect(again.json().message).toMatch(/disabled/);
    expect((await admin.post(`/api/v1/users/${user.id}/actions/enable`)).statusCode).toBe(200);
  });

  it("takes a new user from a temporary password through password change and MFA enrolment", async () => {
    const admin = await signIn(test, "admin");
    const units = (await admin.get("/api/v1/units")).json();
    const created = await admin.post("/api/v1/users", {
      username: "new.officer",
      displayName: "Nia Officer",
      roles: ["officer"],
      unitId: units[0].id,
    });
    expect(created.statusCode).toBe(201);
    const temporaryPassword: string = created.json().temporaryPassword;

    const fresh = await passwordStage(test, "new.officer", temporaryPassword);
    expect((await fresh.get("/api/auth/session")).json().next).toBe("change-password");
    const refusals: [string, RegExp][] = [
      ["short pass", /at least 12/],
      ["my waypoint password", /waypoint/],
      ["i am new.officer ok", /username/],
      ["123qweasdzxc", /too easy to guess/],
      [" ".repeat(12), /other than spaces/],
      ["Password123!", /commonly used password/],
      ["qwertyuiopasdfgh", /too easy to guess/],
      ["Nia Officer 2026", /your name/],
    ];
    for (const [newPassword, reason] of refusals) {
      const refused = await fresh.post("/api/auth/password", { currentPassword: temporaryPassword, newPassword });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toMatch(reason);
    }
    const passphrase = "a long passphrase with spaces that is sixty-four characters long";
    expect(passphrase).toHaveLength(64);
    expect((await fresh.post("/api/auth/password", { currentPassword: temporaryPassword, newPassword: passphrase })).statusCode).toBe(200);
    expect((await fresh.get("/api/auth/session")).json().next).toBe("enroll-mfa");
    expect((await fresh.get("/api/v1/units")).statusCode).toBe(401);

    const enrollment = (await fresh.post("/api/auth/mfa/enrollment")).json();
    expect(enrollment.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(enrollment.qrCodeSvg).toContain("<svg");
    expect((await fresh.post("/api/auth/mfa/enrollment/confirm", { code: "000000" })).statusCode).toBe(400);
    const confirmed = await fresh.post("/api/auth/mfa/enrollment/confirm", { code: await totpCode(enrollment.secret, test.clock.now()) });
    expect(confirmed.statusCode).toBe(200);
    const signedIn = await test.app.inject({ method: "GET", url: "/api/v1/units", headers: { cookie: sessionCookie(confirmed) } });
    expect(signedIn.statusCode).toBe(200);
    // The TOTP secret is stored encrypted, never in the clear.
    const [row] = await test.db.query<{ totp_secret_encrypted: string }>(
      "SELECT totp_secret_encrypted FROM app_user WHERE username = 'new.officer'",
    );
    expect(row!.totp_secret_encrypted).not.toContain(enrollment.secret);
  });

  it("audits failed sign-ins without storing unknown usernames or passwords", async () => {
    await test.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { username: "nobody.here", password: "my secret guess 123", acknowledgedUseNotice: true },
    });
    const rows = await test.db.query<{ details: unknown; actor_username: string | null }>(
      "SELECT details, actor_username FROM audit_log WHERE action = 'auth.sign_in' AND outcome = 'failed' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]!.actor_username).toBeNull();
    const everything = JSON.stringify(await test.db.query("SELECT * FROM audit_log"));
    expect(everything).not.toContain("nobody.here");
    expect(everything).not.toContain("my secret guess");
    expect(everything).not.toContain(demoPassword);
  });

  it("refuses codes calmly when the server clock is set back behind the last accepted code", async () => {
    await signIn(test, "officer.north1");
    test.clock.advance(-10 * 60_000);
    const again = await passwordStage(test, "officer.north1");
    const response = await again.post("/api/auth/mfa/verify", {
      code: await totpCode(demoSecret(test, "officer.north1"), test.clock.now()),
    });
    expect(response.statusCode).toBe(400);
    test.clock.advance(11 * 60_000);
  });
});
