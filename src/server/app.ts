import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import fastifyCompress from "@fastify/compress";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
} from "fastify-type-provider-zod";
import type { Config } from "./config";
import { adminRoutes } from "./features/admin/admin.routes";
import { createAdminService } from "./features/admin/admin.service";
import { approvalsRoutes } from "./features/approvals/approvals.routes";
import { createApprovalsService } from "./features/approvals/approvals.service";
import { assessmentsRoutes } from "./features/assessments/assessments.routes";
import { createAssessmentsService } from "./features/assessments/assessments.service";
import { instrumentLibraryRoutes } from "./features/assessments/instrument-library.routes";
import { createInstrumentLibraryService } from "./features/assessments/instrument-library.service";
import { auditRoutes } from "./features/audit/audit.routes";
import { createAuditService } from "./features/audit/audit.service";
import { authRoutes } from "./features/auth/auth.routes";
import { createAuthService } from "./features/auth/auth.service";
import { casePlansRoutes } from "./features/case-plans/case-plans.routes";
import { createCasePlansService } from "./features/case-plans/case-plans.service";
import { caseloadRoutes } from "./features/caseload/caseload.routes";
import { createCaseloadService } from "./features/caseload/caseload.service";
import { casesRoutes } from "./features/cases/cases.routes";
import { createCasesService } from "./features/cases/cases.service";
import { conditionsRoutes } from "./features/conditions/conditions.routes";
import { createConditionsService } from "./features/conditions/conditions.service";
import { appointmentsRoutes } from "./features/contacts/appointments.routes";
import { createAppointmentsService } from "./features/contacts/appointments.service";
import { contactsRoutes } from "./features/contacts/contacts.routes";
import { createContactsService } from "./features/contacts/contacts.service";
import { crisisRoutes } from "./features/crisis/crisis.routes";
import { createCrisisService } from "./features/crisis/crisis.service";
import { earlyDischargeRoutes } from "./features/early-discharge/early-discharge.routes";
import { createEarlyDischargeService } from "./features/early-discharge/early-discharge.service";
import { fairnessRoutes } from "./features/fairness/fairness.routes";
import { createFairnessService } from "./features/fairness/fairness.service";
import { fieldSafetyRoutes } from "./features/field-safety/field-safety.routes";
import { createFieldSafetyService } from "./features/field-safety/field-safety.service";
import { healthRoutes } from "./features/health/health.routes";
import { incentivesRoutes } from "./features/incentives/incentives.routes";
import { createIncentivesService } from "./features/incentives/incentives.service";
import { jobsRoutes } from "./features/jobs/jobs.routes";
import { createJobsService } from "./features/jobs/jobs.service";
import { levelReviewRoutes } from "./features/level-review/level-review.routes";
import { createLevelReviewService } from "./features/level-review/level-review.service";
import { monitoringAlertsRoutes } from "./features/monitoring/alerts/alerts.routes";
import { createAlertsService } from "./features/monitoring/alerts/alerts.service";
import { deviceCommandsRoutes } from "./features/monitoring/commands/commands.routes";
import { createDeviceCommandsService } from "./features/monitoring/commands/commands.service";
import { monitoringDevicesRoutes } from "./features/monitoring/devices/devices.routes";
import { createDevicesService } from "./features/monitoring/devices/devices.service";
import { ingestRoutes } from "./features/monitoring/ingest/ingest.routes";
import { createIngestPipeline, type IngestPipeline, readingsEndpoint } from "./features/monitoring/ingest/pipeline";
import { monitoringMapRoutes } from "./features/monitoring/map/map.routes";
import { createMonitoringMapService } from "./features/monitoring/map/map.service";
import type { DeviceCommandChannel } from "./features/monitoring/mqtt/mqtt-ingest";
import { monitoringZonesRoutes } from "./features/monitoring/zones/zones.routes";
import { createZonesService } from "./features/monitoring/zones/zones.service";
import { notesRoutes } from "./features/notes/notes.routes";
import { createNotesService } from "./features/notes/notes.service";
import { notificationsRoutes } from "./features/notifications/notifications.routes";
import { createNotificationsService } from "./features/notifications/notifications.service";
import { peopleRoutes } from "./features/people/people.routes";
import { createPeopleService } from "./features/people/people.service";
import { createPersonDetailsService } from "./features/people/person-details.service";
import { revocationRoutes } from "./features/revocation/revocation.routes";
import { createRevocationService } from "./features/revocation/revocation.service";
import { tasksRoutes } from "./features/tasks/tasks.routes";
import { createTasksService } from "./features/tasks/tasks.service";
import { testingRoutes } from "./features/testing/testing.routes";
import { createTestingService } from "./features/testing/testing.service";
import { todayRoutes } from "./features/today/today.routes";
import { createTodayService } from "./features/today/today.service";
import { violationsRoutes } from "./features/violations/violations.routes";
import { createViolationsService } from "./features/violations/violations.service";
import { registerAuthentication, sessionCheck } from "./platform/auth/authenticate";
import type { PlatformDeps } from "./platform/context";
import { isDatabaseTimeout, isDatabaseUnavailable } from "./platform/db/database";
import { AppError, type FieldIssue } from "./platform/errors";
import { fastSerializerCompiler } from "./platform/http/fast-serializer";
import { registerNulGuard } from "./platform/http/nul-guard";
import { registerErrorResponses } from "./platform/http/openapi-errors";
import { createLiveHub } from "./platform/live";

export const webDistDir = join(import.meta.dirname, "../../dist/web");

export function createServices(deps: PlatformDeps) {
  return {
    auth: createAuthService(deps),
    admin: createAdminService(deps),
    audit: createAuditService(deps),
    people: createPeopleService(deps),
    personDetails: createPersonDetailsService(deps),
    notes: createNotesService(deps),
    assessments: createAssessmentsService(deps),
    instrumentLibrary: createInstrumentLibraryService(deps),
    casePlans: createCasePlansService(deps),
    levelReview: createLevelReviewService(deps),
    fairness: createFairnessService(deps),
    monitoringMap: createMonitoringMapService(deps),
    earlyDischarge: createEarlyDischargeService(deps),
    revocation: createRevocationService(deps),
    caseload: createCaseloadService(deps),
    cases: createCasesService(deps),
    conditions: createConditionsService(deps),
    contacts: createContactsService(deps),
    appointments: createAppointmentsService(deps),
    fieldSafety: createFieldSafetyService(deps),
    notifications: createNotificationsService(deps),
    tasks: createTasksService(deps),
    testing: createTestingService(deps),
    today: createTodayService(deps),
    jobs: createJobsService(deps),
    violations: createViolationsService(deps),
    incentives: createIncentivesService(deps),
    approvals: createApprovalsService(deps),
    crisis: createCrisisService(deps),
    monitoringDevices: createDevicesService(deps),
    monitoringZones: createZonesService(deps),
    monitoringAlerts: createAlertsService(deps),
  };
}
export type Services = ReturnType<typeof createServices>;

/** The tile server's origin for the CSP; a {s} subdomain placeholder becomes a wildcard. */
function tileOrigin(config: Config): string[] {
  if (!config.mapTiles) return [];
  return [new URL(config.mapTiles.url.replace("{s}", "a")).origin.replace("//a.", "//*.")];
}

/**
 * A hop count trusts that many proxies nearest to the server, so request.ip is the address the outermost of them
 * saw; whatever a client writes further left in X-Forwarded-For is ignored. (Fastify's own number option trusts
 * nothing, so the count is a function here.) Only right when the server is reachable through the proxies alone.
 */
function trustedProxies(trust: Config["trustProxy"]): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === "number" ? (_address, hop) => hop < trust : trust;
}

/** Vite names every file under assets/ by its content's hash, so a changed file always has a new name. */
const immutableAsset = "public, max-age=31536000, immutable";

/**
 * serveWeb: serve the built web app (default: when it is built). webRoot: where it is (default dist/web; tests
 * pass a directory of their own).
 */
export async function buildApp(
  deps: PlatformDeps,
  options: { serveWeb?: boolean; webRoot?: string; deviceCommands?: DeviceCommandChannel | null; ingest?: IngestPipeline } = {},
): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: trustedProxies(config.trustProxy),
    // Unknown query parameters are refused by the schemas, not silently dropped.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  // Outside production every answer is also serialised through zod and compared, so a divergence fails the tests.
  app.setSerializerCompiler(fastSerializerCompiler({ verify: config.environment !== "production" }));
  app.setErrorHandler(errorHandler);
  registerErrorResponses(app);

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Inline style attributes (maps, charts) only; no inline scripts.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:", ...tileOrigin(deps.config)],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // HSTS is only meaningful over TLS; added below when the request came over HTTPS.
    strictTransportSecurity: false,
  });
  // API responses compressed as they are sent (brotli at quality 4: fast, still smaller than gzip); the web
  // app's files were compressed at build time and carry their Content-Encoding already, which this skips.
  await app.register(fastifyCompress, { encodings: ["br", "gzip"], threshold: 1024 });
  // BREACH: a page on another site could open API URLs with input of its choosing, the session cookie riding on
  // top-level navigations (SameSite=Lax), and watch the compressed sizes; what another site asked for is sent as is.
  app.addHook("onRequest", async (request) => {
    const site = request.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin" && site !== "none") request.headers["x-no-compression"] = "1";
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Waypoint API",
        version: "1",
        description:
          "Case management for community supervision. Sign in through /api/auth; state-changing requests need the X-CSRF-Token header from GET /api/auth/session.",
      },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "waypoint_session" } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", uiConfig: { docExpansion: "list" } });
  app.get("/api/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () => app.swagger());

  app.addHook("onSend", async (request, reply) => {
    // The same id is on every log line of the request, so a user's report can be matched to the logs.
    reply.header("x-request-id", request.id);
    // The matched route's path: "/%61pi/…" reaches an API route too and must not be cached either.
    if ((request.routeOptions.url ?? request.url).startsWith("/api/")) reply.header("cache-control", "no-store");
    if (request.protocol === "https") reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
  });

  registerAuthentication(app, deps);
  registerNulGuard(app);

  const services = createServices(deps);
  await app.register(healthRoutes(deps.db));
  await app.register(authRoutes(services.auth, config), { prefix: "/api/auth" });
  await app.register(adminRoutes(services.admin), { prefix: "/api/v1" });
  await app.register(auditRoutes(services.audit), { prefix: "/api/v1" });
  await app.register(peopleRoutes(services.people, services.personDetails), { prefix: "/api/v1" });
  await app.register(notesRoutes(services.notes), { prefix: "/api/v1" });
  await app.register(assessmentsRoutes(services.assessments), { prefix: "/api/v1" });
  await app.register(instrumentLibraryRoutes(services.instrumentLibrary), { prefix: "/api/v1" });
  await app.register(casePlansRoutes(services.casePlans), { prefix: "/api/v1" });
  await app.register(levelReviewRoutes(services.levelReview), { prefix: "/api/v1" });
  await app.register(fairnessRoutes(services.fairness), { prefix: "/api/v1" });
  await app.register(monitoringMapRoutes(services.monitoringMap), { prefix: "/api/v1" });
  await app.register(earlyDischargeRoutes(services.earlyDischarge), { prefix: "/api/v1" });
  await app.register(revocationRoutes(services.revocation), { prefix: "/api/v1" });
  await app.register(caseloadRoutes(services.caseload), { prefix: "/api/v1" });
  await app.register(casesRoutes(services.cases), { prefix: "/api/v1" });
  await app.register(conditionsRoutes(services.conditions), { prefix: "/api/v1" });
  await app.register(contactsRoutes(services.contacts), { prefix: "/api/v1" });
  await app.register(appointmentsRoutes(services.appointments), { prefix: "/api" });
  await app.register(fieldSafetyRoutes(services.fieldSafety), { prefix: "/api/v1" });
  // One LISTEN per instance fans new notifications out to the streams open on it.
  const hub = await createLiveHub(deps.db, deps.log);
  app.addHook("onClose", async () => hub.close());
  await app.register(
    notificationsRoutes(services.notifications, { hub, sessionCheck: sessionCheck(deps), heartbeatMs: config.sseHeartbeatSeconds * 1000 }),
    { prefix: "/api/v1" },
  );
  await app.register(tasksRoutes(services.tasks), { prefix: "/api/v1" });
  await app.register(testingRoutes(services.testing), { prefix: "/api/v1" });
  await app.register(todayRoutes(services.today, deps.config), { prefix: "/api/v1" });
  await app.register(jobsRoutes(services.jobs), { prefix: "/api/v1" });
  await app.register(violationsRoutes(services.violations), { prefix: "/api/v1" });
  await app.register(incentivesRoutes(services.incentives), { prefix: "/api/v1" });
  await app.register(approvalsRoutes(services.approvals), { prefix: "/api/v1" });
  await app.register(crisisRoutes(services.crisis), { prefix: "/api/v1" });
  // Device commands go out over MQTT (main.ts starts it and hands the channel in; none: MQTT off).
  await app.register(deviceCommandsRoutes(createDeviceCommandsService(deps, options.deviceCommands ?? null)), { prefix: "/api/v1" });
  // Telemetry from vendor gateways: machine to machine, signed per gateway (no session). main.ts shares its pipeline
  // (caches) with the timer job and the MQTT subscriber.
  const ingest = options.ingest ?? createIngestPipeline(deps);
  await app.register(ingestRoutes(readingsEndpoint(deps, ingest)), { prefix: "/api/monitoring" });
  await app.register(monitoringDevicesRoutes(services.monitoringDevices), { prefix: "/api/v1" });
  await app.register(monitoringZonesRoutes(services.monitoringZones), { prefix: "/api/v1" });
  await app.register(monitoringAlertsRoutes(services.monitoringAlerts, { demoAlertRoute: config.demoAlertRoute }), { prefix: "/api/v1" });

  const webRoot = options.webRoot ?? webDistDir;
  const serveWeb = options.serveWeb ?? existsSync(join(webRoot, "index.html"));
  if (serveWeb) {
    // Files are looked up at request time, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, {
      root: webRoot,
      index: false,
      // file.br / file.gz written by the build (scripts/lib/precompress.ts), chosen by Accept-Encoding.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) =>
        reply.header("cache-control", relative(webRoot, path).startsWith(`assets${sep}`) ? immutableAsset : "no-cache"),
      // Source maps would publish the whole source; the build makes none, and a stray one is not served.
      allowedPath: (pathName) => !pathName.endsWith(".map"),
    });
    app.get("/", { config: { access: "public" }, schema: { hide: true } }, (_request, reply) =>
      reply.header("cache-control", "no-cache").sendFile("index.html"),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes get the app shell; anything under /api is a real 404.
    // A missing asset stays a 404: the app shell in its place would be run as a script by a tab of an older build.
    // So does a missing file the browser asks for by itself (/favicon.ico, /robots.txt): no client route has an extension.
    if (
      serveWeb &&
      request.method === "GET" &&
      !request.url.startsWith("/api/") &&
      !request.url.startsWith("/assets/") &&
      !staticFileName.test(request.url.split("?")[0] ?? "")
    ) {
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    }
    return reply.code(404).send({ error: "not_found", message: `No route for ${request.method} ${request.url.split("?")[0]}.` });
  });

  return app;
}

/** A path naming a file (an extension browsers and crawlers ask for), never a client-side route of the app. */
const staticFileName = /\.(ico|png|svg|jpe?g|gif|webp|txt|xml|json|webmanifest|js|css|map|woff2?)$/i;

type ErrorBody = { error: string; message: string; issues?: FieldIssue[] };

/** A size limit as people say it: 512 KB, 1 MB. */
function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function errorHandler(this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, body: ErrorBody) => reply.code(status).send(body);

  if (error instanceof AppError) {
    if (error.code === "database_unavailable" || error.code === "audit_unavailable") reply.header("retry-after", "5");
    return send(error.status, { error: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? "request";
    const issues: FieldIssue[] = error.validation.map((item) => {
      const path = item.instancePath.replace(/^\//, "").replace(/\//g, ".");
      const keys = (item.params as { keys?: unknown }).keys;
      if (item.keyword === "unrecognized_keys" && Array.isArray(keys)) {
        return { field: keys.map((key) => [where, path, String(key)].filter(Boolean).join(".")).join(", "), message: "unknown field" };
      }
      return { field: [where, path].filter(Boolean).join("."), message: item.message ?? "is not valid" };
    });
    const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ");
    return send(400, { error: "validation_failed", message: `Invalid request. ${summary}`, issues });
  }
  if (isDatabaseTimeout(error)) {
    request.log.error({ err: error }, "database timeout");
    reply.header("retry-after", "5");
    return send(503, { error: "database_unavailable", message: "The database did not answer in time. Try again in a moment." });
  }
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: error }, "database unavailable");
    reply.header("retry-after", "5");
    return send(503, { error: "database_unavailable", message: "The database is not reachable right now. Try again in a moment." });
  }
  const pgCode = (error as { code?: string }).code;
  if (pgCode === "23505") return send(409, { error: "conflict", message: "This conflicts with an existing record." });
  if (pgCode === "22P02" || pgCode === "22007" || pgCode === "22008" || pgCode === "22003") {
    return send(400, { error: "bad_request", message: "A value in the request is not valid." });
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return send(429, { error: "rate_limited", message: "Too many attempts. Wait a minute and try again." });
  if (status >= 400 && status < 500) {
    const message =
      error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? `The request body is larger than the limit of ${formatBytes(request.routeOptions.bodyLimit ?? this.initialConfig.bodyLimit ?? 0)}.`
        : error instanceof SyntaxError || error.code === "FST_ERR_CTP_INVALID_JSON_BODY"
          ? "The request body is not valid JSON."
          : error.message;
    return send(status, { error: status === 413 ? "payload_too_large" : "bad_request", message });
  }
  request.log.error({ err: error }, "unhandled error");
  // 5xx details stay in the log; the response says only what the user can act on (ASVS 16.5.1).
  return send(500, { error: "internal", message: `Something went wrong. The error was logged with request id ${request.id}.` });
}
