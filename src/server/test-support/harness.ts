// Integration tests run through HTTP (app.inject) against a real database: an in-memory PGlite,
// or, when TEST_DATABASE_URL is set, a fresh database created on that PostgreSQL server per test file.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { generate } from "otplib";
import type { DestinationStream } from "pino";
import { buildApp } from "../app";
import { createDemoOrganisation, type DemoTotpSecrets } from "../bootstrap/bootstrap";
import { demoPassword } from "../bootstrap/demo-accounts";
import { type Config, loadConfig } from "../config";
import type { DeviceCommandChannel } from "../features/monitoring/mqtt/mqtt-ingest";
import type { PlatformDeps } from "../platform/context";
import { type Database, openPglite, openPostgres } from "../platform/db/database";
import { migrate } from "../platform/db/migrate";
import { createLogger } from "../platform/logger";
import { createSecretBox } from "../platform/secrets";
import { freshServerDatabase } from "./pg-server";

export const onPostgresServer = Boolean(process.env.TEST_DATABASE_URL);
export const engineName = onPostgresServer ? "PostgreSQL server" : "PGlite";

export type TestDatabase = { db: Database; url: string | null; drop(): Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const db = await openPglite(undefined);
    return { db, url: null, drop: () => db.close() };
  }
  const database = await freshServerDatabase(serverUrl, "waypoint_test");
  const db = await openPostgres(database.url, { max: 5 });
  return {
    db,
    url: database.url,
    async drop() {
      await db.close().catch(() => {});
      await database.drop();
    },
  };
}

export type FakeClock = { now(): Date; advance(milliseconds: number): void; set(date: Date): void };

export function fakeClock(start = new Date()): FakeClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (milliseconds) => {
      current += milliseconds;
    },
    set: (date) => {
      current = date.getTime();
    },
  };
}

export type TestApp = {
  app: FastifyInstance;
  db: Database;
  /** The PostgreSQL server database's URL (another instance may open it); null on PGlite. */
  databaseUrl?: string | null;
  clock: FakeClock;
  deps: PlatformDeps;
  /** The TOTP secrets generated for this database's demo accounts. */
  demoSecrets: DemoTotpSecrets;
  close(): Promise<void>;
};

/**
 * logDestination: where the app's log lines go (to assert what is and is not logged); silent unless logLevel is set.
 * webRoot: a built web app to serve (none by default).
 */
export async function createTestApp(
  overrides: Partial<Config> = {},
  options: { logDestination?: DestinationStream; webRoot?: string; deviceCommands?: DeviceCommandChannel } = {},
): Promise<TestApp> {
  const testDatabase = await createTestDatabase();
  const { db } = testDatabase;
  await migrate(db);
  const config: Config = {
    ...loadConfig({ NODE_ENV: "test", SECRET_KEY: "test-secret-key-that-is-long-enough-1234", LOG_LEVEL: "silent" }),
    signInRateLimitPerMinute: 10_000,
    // No e-mail or SMS leaves a test unless it sets up a sender (a test SMTP server, a directory of its own).
    email: null,
    sms: null,
    ...overrides,
  };
  const clock = fakeClock();
  const deps: PlatformDeps = {
    config,
    db,
    clock: clock.now,
    log: createLogger(config.logLevel, options.logDestination),
    secretBox: createSecretBox(config.secretKey),
  };
  const demoSecrets = await createDemoOrganisation(db, deps.secretBox, clock.now());
  const app = await buildApp(deps, {
    ...(options.webRoot ? { serveWeb: true, webRoot: options.webRoot } : { serveWeb: false }),
    ...(options.deviceCommands ? { deviceCommands: options.deviceCommands } : {}),
  });
  await app.ready();
  return {
    app,
    db,
    databaseUrl: testDatabase.url,
    clock,
    deps,
    demoSecrets,
    async close() {
      await app.close();
      await testDatabase.drop();
    },
  };
}

/** A signed-in client: its cookie and CSRF token, and request helpers that send them. */
export type Client = {
  cookie: string;
  csrfToken: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
};

export function clientFor(app: FastifyInstance, cookie: string, csrfToken: string): Client {
  const headers = { cookie, "x-csrf-token": csrfToken };
  return {
    cookie,
    csrfToken,
    get: (url) => app.inject({ method: "GET", url, headers: { cookie } }),
    post: (url, body) => app.inject({ method: "POST", url, headers, ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body) => app.inject({ method: "PATCH", url, headers, payload: body as object }),
    put: (url, body) => app.inject({ method: "PUT", url, headers, payload: body as object }),
    delete: (url) => app.inject({ method: "DELETE", url, headers }),
  };
}

export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((candidate) => candidate.name.endsWith("waypoint_session"));
  if (!cookie) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return `${cookie.name}=${cookie.value}`;
}

/** The authenticator secret generated for a demo account of this test database. */
export const demoSecret = (test: Pick<TestApp, "demoSecrets">, username: string) => {
  const secret = test.demoSecrets[username];
  if (!secret) throw new Error(`no demo account ${username}`);
  return secret;
};

/** A code for the current step of the fake clock; advance the clock 30 s between sign-ins of one user. */
export const totpCode = (secret: string, at: Date) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });

export async function passwordStage(test: TestApp, username: string, password = demoPassword): Promise<Client> {
  const response = await test.app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { username, password, acknowledgedUseNotice: true },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
  const cookie = sessionCookie(response);
  const session = await test.app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie } });
  return clientFor(test.app, cookie, session.json().csrfToken);
}

/** Full sign-in (password, then TOTP) of a demo account. Moves the clock to a fresh 30 s step first. */
export async function signIn(test: TestApp, username: string): Promise<Client> {
  test.clock.advance(30_000);
  const first = await passwordStage(test, username);
  const verified = await first.post("/api/auth/mfa/verify", { code: await totpCode(demoSecret(test, username), test.clock.now()) });
  if (verified.statusCode !== 200) throw new Error(`MFA for ${username} failed: ${verified.statusCode} ${verified.body}`);
  const cookie = sessionCookie(verified);
  const session = await test.app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie } });
  return clientFor(test.app, cookie, session.json().csrfToken);
}

export async function auditRows(db: Database, where: string, params: unknown[] = []) {
  return db.query<{
    action: string;
    outcome: string;
    actor_username: string | null;
    record_id: string | null;
    justification: string | null;
  }>(`SELECT action, outcome, actor_username, record_id, justification FROM audit_log WHERE ${where} ORDER BY id`, params);
}
