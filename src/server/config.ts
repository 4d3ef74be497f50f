import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";

// The only reader of process.env: everything else receives a parsed Config.
const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const positiveInt = z.coerce.number().int().positive();

/**
 * Which reverse proxies may set X-Forwarded-For: a number of hops (the proxies in front of Waypoint) or
 * their addresses and CIDR ranges. "true" is refused: it would trust the left-most address, which any client writes.
 */
const trustProxyFromEnv = z.string().transform((value, context): false | number | string[] => {
  const text = value.trim().toLowerCase();
  if (text === "false" || text === "no" || text === "0") return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === "true" || text === "yes") {
    context.addIssue({
      code: "custom",
      message:
        "true would trust whatever X-Forwarded-For a client sends; give the number of proxies in front of Waypoint (e.g. 1) or their addresses (e.g. 10.0.0.5,10.1.0.0/16)",
    });
    return z.NEVER;
  }
  const entries = text.split(",").map((entry) => entry.trim());
  const invalid = entries.filter((entry) => !isProxyAddress(entry));
  if (invalid.length > 0) {
    context.addIssue({
      code: "custom",
      message: `${invalid.map((entry) => `"${entry}"`).join(", ")} is not a hop count, an IP address or a CIDR range (e.g. 1, or 10.0.0.5,10.1.0.0/16)`,
    });
    return z.NEVER;
  }
  return entries;
});

function isProxyAddress(entry: string): boolean {
  if (entry === "loopback" || entry === "linklocal" || entry === "uniquelocal") return true;
  const [address = "", bits, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  // The owner role that runs `npm run db:migrate`; the server itself uses DATABASE_URL.
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  DATABASE_RUNTIME_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a PostgreSQL role name (lower-case letters, digits, _)")
    .optional(),
  MIGRATE_ON_START: booleanFromEnv.default(true),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt.default(10_000),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt.default(5_000),
  SECRET_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  SESSION_IDLE_TIMEOUT_SECONDS: positiveInt.default(30 * 60),
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: positiveInt.default(12 * 60 * 60),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: positiveInt.default(30),
  BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
  TRUST_PROXY: trustProxyFromEnv.optional(),
  DEMO_DATA: booleanFromEnv.optional(),
  // Browser journeys and demos: a route that raises a monitoring alert on a case (through the alerts' one way in),
  // for the case's officer, without a device feed. Never in production.
  DEMO_ALERT_ROUTE: booleanFromEnv.default(false),
  MONITORING_TIMERS: booleanFromEnv.default(true),
  DEMO_ALLOW_REMOTE: booleanFromEnv.default(false),
  FIELD_VISIT_CHECK_SECONDS: positiveInt.default(30),
  MAP_TILE_URL: z
    .union([
      z.literal("none"),
      z.string().regex(/^https?:\/\/[^/]+\/.*\{z\}.*\{x\}.*\{y\}/, "must be an http(s) URL template with {z}, {x} and {y}, or none"),
    ])
    .default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
  MAP_TILE_ATTRIBUTION: z.string().max(300).default("© OpenStreetMap contributors"),
  // The address users reach the server at, for links it hands out (the calendar feed); never taken from a request's Host.
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://waypoint.agency.example" })
    .refine((value) => {
      if (!URL.canParse(value)) return true; // reported by the check above
      const url = new URL(value);
      return !url.search && !url.hash && !url.username && !url.password;
    }, "must be an http(s) URL with no query, fragment or credentials")
    .optional(),
  // E-mail notifications: an SMTP server (none: e-mail is written to DATA_DIR/outbox outside production, off in production).
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: booleanFromEnv.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).default("Waypoint <waypoint@localhost>"),
  // SMS notifications: "file" writes them to DATA_DIR/outbox (development); "none" turns SMS off; "http" posts each to
  // a provider's REST API (Twilio-style form post with basic auth, README).
  SMS_SENDER: z.enum(["file", "none", "http"]).optional(),
  SMS_HTTP_URL: z.url({ protocol: /^https?$/, error: "must be the provider's https URL for sending a message" }).optional(),
  SMS_HTTP_USERNAME: z.string().min(1).optional(),
  SMS_HTTP_PASSWORD: z.string().min(1).optional(),
  SMS_HTTP_FROM: z.string().min(1).max(100).optional(),
  NOTIFY_MAX_ATTEMPTS: positiveInt.default(8),
  NOTIFY_DISPATCH_SECONDS: positiveInt.default(5),
  SSE_HEARTBEAT_SECONDS: positiveInt.default(25),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Device telemetry over MQTT (docs/MONITORING.md "## MQTT"): an embedded broker unless MQTT_URL names an external one.
  MQTT_ENABLED: booleanFromEnv.default(true),
  MQTT_URL: z
    .string()
    .regex(/^(mqtts?|wss?):\/\//, "must start with mqtt://, mqtts://, ws:// or wss://")
    .optional(),
  MQTT_HOST: z.string().min(1).default("127.0.0.1"),
  // 0: any free port (tests, several servers on one machine); the port chosen is logged.
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1883),
  // Key from which each device's MQTT password is derived (HMAC-SHA256 of its serial); at least 32 characters.
  MQTT_DEVICE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  MQTT_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1–64 letters, digits, dots, dashes or underscores")
    .optional(),
  // Shared-subscription group (MQTT 5 $share) so several instances split the readings; "none" for a broker without it.
  MQTT_SHARED_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, dashes or underscores (or none)")
    .default("waypoint"),
});

export type Config = {
  environment: "development" | "production" | "test";
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** For `npm run db:migrate`: an owner role's URL (falls back to databaseUrl). */
  migrationDatabaseUrl: string | undefined;
  /** The least-privilege role the server runs as; db:migrate grants it what the server needs. */
  databaseRuntimeRole: string | undefined;
  /** false: never migrate at start-up (the runtime role cannot); refuse to start while migrations are pending. */
  migrateOnStart: boolean;
  /** A statement running longer is cancelled and the request answers 503 (PostgreSQL server only). */
  databaseStatementTimeoutMs: number;
  /** Waiting longer for a connection (a new one, or a free one in the pool) answers 503. */
  databaseConnectTimeoutMs: number;
  secretKey: string;
  sessionIdleTimeoutSeconds: number;
  sessionAbsoluteTimeoutSeconds: number;
  signInRateLimitPerMinute: number;
  bodyLimitBytes: number;
  /** false, a number of proxy hops, or the proxies' addresses/CIDRs (Fastify's trustProxy). */
  trustProxy: false | number | string[];
  loadDemoData: boolean;
  logLevel: string;
  /** Origin (and optional path prefix) of the server as users reach it, without a trailing slash. */
  publicUrl: string;
  /** How often each instance looks for field visits past their expected end. */
  fieldVisitCheckSeconds: number;
  /** Background tiles for maps; null on a network without a tile server (maps still show stops, routes and scale). */
  mapTiles: { url: string; attribution: string } | null;
  /** How e-mail notifications leave: an SMTP server, files in the data directory (development), or not at all. */
  email:
    | { kind: "smtp"; host: string; port: number; secure: boolean; user?: string; password?: string; from: string }
    | { kind: "file"; dir: string }
    | null;
  /** How SMS notifications leave: a provider's REST API, files in the data directory (development), or not at all. */
  sms: { kind: "file"; dir: string } | { kind: "http"; url: string; username: string; password: string; from: string } | null;
  /** Attempts of an e-mail or SMS before it becomes a dead letter. */
  notifyMaxAttempts: number;
  /** How often each instance sends what is due in the notification outbox. */
  notifyDispatchSeconds: number;
  /** A live stream's keep-alive comment, and how often it checks its session is still valid. */
  sseHeartbeatSeconds: number;
  /**
   * Device telemetry over MQTT: an embedded broker on this machine (laptop mode), an external broker the server
   * subscribes to (several instances share its readings through a shared subscription), or none.
   */
  mqtt:
    | { kind: "embedded"; host: string; port: number; deviceSecret: string }
    | { kind: "external"; url: string; clientId: string; sharedGroup: string | null }
    | null;
  demoAlertRoute: boolean;
  /** The monitoring rules' clock (no signal, curfew with no readings); off only for deterministic browser journeys. */
  monitoringTimers: boolean;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const values = parsed.data;
  const production = values.NODE_ENV === "production";
  if (production && !values.SECRET_KEY) {
    throw new ConfigError(
      "Invalid configuration:\n  SECRET_KEY: required in production (at least 32 random characters, the same on every instance)",
    );
  }
  if (production && values.DEMO_ALERT_ROUTE) {
    throw new ConfigError("Invalid configuration:\n  DEMO_ALERT_ROUTE: the demo alert route is never served in production");
  }
  if (production && values.DEMO_DATA) {
    throw new ConfigError("Invalid configuration:\n  DEMO_DATA: demo accounts are never created in production");
  }
  const loadDemoData = values.DEMO_DATA ?? !production;
  // The demo accounts' password is public: the demo listens on this machine only unless asked otherwise.
  if (loadDemoData && !isLoopback(values.HOST) && !values.DEMO_ALLOW_REMOTE) {
    throw new ConfigError(
      `Invalid configuration:\n  HOST: with demo data (public demo passwords) Waypoint listens only on a loopback address (127.0.0.1, ::1, localhost), not ${values.HOST}; set DEMO_ALLOW_REMOTE=true to serve the demo to other machines anyway, or DEMO_DATA=false`,
    );
  }
  const dataDir = resolve(values.DATA_DIR);
  const secretKey = values.SECRET_KEY ?? developmentSecretKey(dataDir);
  return {
    environment: values.NODE_ENV,
    host: values.HOST,
    port: values.PORT,
    dataDir,
    databaseUrl: values.DATABASE_URL,
    migrationDatabaseUrl: values.MIGRATION_DATABASE_URL,
    databaseRuntimeRole: values.DATABASE_RUNTIME_ROLE,
    migrateOnStart: values.MIGRATE_ON_START,
    databaseStatementTimeoutMs: values.DATABASE_STATEMENT_TIMEOUT_MS,
    databaseConnectTimeoutMs: values.DATABASE_CONNECT_TIMEOUT_MS,
    secretKey,
    sessionIdleTimeoutSeconds: values.SESSION_IDLE_TIMEOUT_SECONDS,
    sessionAbsoluteTimeoutSeconds: values.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
    signInRateLimitPerMinute: values.SIGN_IN_RATE_LIMIT_PER_MINUTE,
    bodyLimitBytes: values.BODY_LIMIT_BYTES,
    trustProxy: values.TRUST_PROXY ?? false,
    loadDemoData,
    logLevel: values.LOG_LEVEL,
    publicUrl: (values.PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, ""),
    fieldVisitCheckSeconds: values.FIELD_VISIT_CHECK_SECONDS,
    mapTiles: values.MAP_TILE_URL === "none" ? null : { url: values.MAP_TILE_URL, attribution: values.MAP_TILE_ATTRIBUTION },
    email: values.SMTP_HOST
      ? {
          kind: "smtp",
          host: values.SMTP_HOST,
          port: values.SMTP_PORT,
          secure: values.SMTP_SECURE,
          ...(values.SMTP_USER ? { user: values.SMTP_USER } : {}),
          ...(values.SMTP_PASSWORD ? { password: values.SMTP_PASSWORD } : {}),
          from: values.SMTP_FROM,
        }
      : production
        ? null
        : { kind: "file", dir: join(dataDir, "outbox") },
    sms: smsConfig(values, production, dataDir),
    notifyMaxAttempts: values.NOTIFY_MAX_ATTEMPTS,
    notifyDispatchSeconds: values.NOTIFY_DISPATCH_SECONDS,
    sseHeartbeatSeconds: values.SSE_HEARTBEAT_SECONDS,
    demoAlertRoute: values.DEMO_ALERT_ROUTE,
    monitoringTimers: values.MONITORING_TIMERS,
    mqtt: mqttConfig(values, secretKey),
  };
}

/**
 * MQTT: MQTT_URL → the external broker (its own device authentication); otherwise the embedded broker, whose device
 * passwords derive from MQTT_DEVICE_SECRET, or when unset from the server's secret key (domain-separated), so
 * `npm run mqtt:device-password` and the simulator on the same installation can compute them.
 */
function mqttConfig(values: z.infer<typeof environmentSchema>, secretKey: string): Config["mqtt"] {
  if (!values.MQTT_ENABLED) return null;
  if (values.MQTT_URL) {
    return {
      kind: "external",
      url: values.MQTT_URL,
      clientId:
        values.MQTT_CLIENT_ID ??
        `waypoint-${hostname()
          .replace(/[^A-Za-z0-9_.-]/g, "-")
          .slice(0, 40)}-${values.PORT}`,
      sharedGroup: values.MQTT_SHARED_GROUP === "none" ? null : values.MQTT_SHARED_GROUP,
    };
  }
  return {
    kind: "embedded",
    host: values.MQTT_HOST,
    port: values.MQTT_PORT,
    deviceSecret: values.MQTT_DEVICE_SECRET ?? createHmac("sha256", secretKey).update("waypoint mqtt device passwords").digest("base64url"),
  };
}

/** The SMS sender: an HTTP provider needs its URL (https, unless on this machine), credentials and sending number. */
function smsConfig(values: z.infer<typeof environmentSchema>, production: boolean, dataDir: string): Config["sms"] {
  const kind = values.SMS_SENDER ?? (production ? "none" : "file");
  if (kind === "none") return null;
  if (kind === "file") return { kind, dir: join(dataDir, "outbox") };
  const { SMS_HTTP_URL: url, SMS_HTTP_USERNAME: username, SMS_HTTP_PASSWORD: password, SMS_HTTP_FROM: from } = values;
  const missing = Object.entries({ SMS_HTTP_URL: url, SMS_HTTP_USERNAME: username, SMS_HTTP_PASSWORD: password, SMS_HTTP_FROM: from })
    .filter(([, value]) => !value)
    .map(([name]) => `  ${name}: required with SMS_SENDER=http`);
  if (missing.length > 0) throw new ConfigError(`Invalid configuration:\n${missing.join("\n")}`);
  const parsedUrl = new URL(url!);
  // Credentials and phone numbers never cross the network in clear text; a provider on this machine (a test) may be http.
  if (parsedUrl.protocol !== "https:" && !isLoopback(parsedUrl.hostname)) {
    throw new ConfigError("Invalid configuration:\n  SMS_HTTP_URL: must be an https URL (http only for a provider on this machine)");
  }
  return { kind, url: url!, username: username!, password: password!, from: from! };
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]));
}

// Outside production a key is generated once and kept beside the data, so a laptop install needs no set-up.
function developmentSecretKey(dataDir: string): string {
  const keyFile = join(dataDir, "secret.key");
  if (existsSync(keyFile)) return readFileSync(keyFile, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString("base64url");
  writeFileSync(keyFile, key, { mode: 0o600 });
  return key;
}
