import { existsSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { buildApp } from "./app";
import {
  createAdministrator,
  createDemoOrganisation,
  type DemoTotpSecrets,
  hasAnyUser,
  readDemoTotpSecrets,
  writeDemoTotpFile,
} from "./bootstrap/bootstrap";
import { demoAccounts, demoPassword } from "./bootstrap/demo-accounts";
import { loadDemoMonitoring } from "./bootstrap/demo-monitoring";
import { startStep, webBuild } from "./bootstrap/start-progress";
import { generateSupervisionData } from "./bootstrap/synthetic/generate";
import { type Config, ConfigError, loadConfig } from "./config";
import { registerEventConsumers } from "./event-consumers";
import { contactStandingJob } from "./features/contacts/contact-standing";
import { earlyDischargeJob } from "./features/early-discharge/early-discharge.job";
import { escalateOverdueFieldVisits } from "./features/field-safety/field-safety.service";
import { monitoringAlertJobs } from "./features/monitoring/alerts/alert-jobs";
import { commandReplyRecorder } from "./features/monitoring/commands/command-replies";
import { ingestJobs } from "./features/monitoring/ingest/partitions";
import { createIngestPipeline } from "./features/monitoring/ingest/pipeline";
import { startMqttIngest } from "./features/monitoring/mqtt/mqtt-ingest";
import { notificationDispatchJob } from "./features/notifications/delivery";
import { createSenders } from "./features/notifications/senders";
import { dailyDrawJobName, makeDueDraws } from "./features/testing/testing.service";
import { visitSuggestionJob } from "./features/today/today.service";
import { sealPendingAudit } from "./platform/audit/audit";
import type { PlatformDeps } from "./platform/context";
import { type Database, isDatabaseUnavailable, openDatabase, openPostgres } from "./platform/db/database";
import { MigrationsPending, migrateAndGrant, ownsAppendOnlyTables, requireMigrated } from "./platform/db/runtime-role";
import { createConsumerRegistry, enqueueConsumerBackfills, supervisionEventJobs } from "./platform/events/supervision-events";
import { createJobQueue, type Job, purgeFinishedJobs, startTickers } from "./platform/jobs";
import { createLogger } from "./platform/logger";
import { createSecretBox } from "./platform/secrets";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const embeddedIsNew = !config.databaseUrl && !existsSync(join(config.dataDir, "PG_VERSION"));
  const db = await startStep(
    config.databaseUrl
      ? "Connecting to PostgreSQL"
      : embeddedIsNew
        ? `Creating the embedded database in ${config.dataDir} (first start only)`
        : `Opening the embedded database in ${config.dataDir}`,
    () =>
      openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        statementTimeoutMs: config.databaseStatementTimeoutMs,
        connectTimeoutMs: config.databaseConnectTimeoutMs,
      }),
  );
  await prepareSchema(db, config, log);
  const deps: PlatformDeps = { config, db, log, clock: () => new Date(), secretBox: createSecretBox(config.secretKey) };

  const announcements: string[] = [];
  if (!(await hasAnyUser(db))) {
    if (config.loadDemoData) {
      await startStep("Creating the demo agency and its accounts", () => createDemoOrganisation(db, deps.secretBox, new Date()));
      const demo = await startStep(
        "Loading the demo caseloads",
        () => generateSupervisionData(db, { scale: "demo" }),
        (loaded) => `${loaded.cases} cases, ${loaded.notes} notes`,
      );
      announcements.push(`Demo caseloads: ${demo.cases} cases with ${demo.notes} notes.`);
      await startStep(
        "Loading demo electronic monitoring",
        () => loadDemoMonitoring(db, new Date()),
        (loaded) => `${loaded.devices} devices, ${loaded.readings} readings`,
      );
    } else {
      const password = await createAdministrator(db, { agencyName: "Agency", username: "admin", displayName: "Administrator" }, new Date());
      announcements.push(
        "First start: created the administrator account.",
        `  username: admin   one-time password: ${password}`,
        "  Sign in, choose a new password and enrol an authenticator app. This password is not shown again.",
      );
    }
  }
  if (config.loadDemoData) {
    // Read back from the database, so the secrets printed are the ones in force (per install, never fixed).
    const secrets = await readDemoTotpSecrets(db, deps.secretBox);
    if (db.kind === "pglite") writeDemoTotpFile(config.dataDir, secrets);
    announcements.push(...demoAnnouncement(secrets));
  }

  // One telemetry pipeline per process: its caches serve the HTTP endpoint, the MQTT subscriber and the timer job.
  const ingest = createIngestPipeline(deps);
  // Device telemetry over MQTT: the embedded broker (laptop) or a subscriber of MQTT_URL's broker (docs/MONITORING.md).
  // A device's readings are acknowledged only once the pipeline has stored them (any agency's device: agencyId null).
  const ingestReadingsForMqtt = (readings: readonly unknown[]) => ingest.ingestReadings([...readings], { agencyId: null });
  const mqtt = config.mqtt
    ? await startStep(
        config.mqtt.kind === "embedded" ? "Starting the embedded MQTT broker for devices" : "Connecting to the MQTT broker",
        () => startMqttIngest({ config: config.mqtt!, ingest: ingestReadingsForMqtt, recordReply: commandReplyRecorder(deps), log }),
        (started) => started.describe,
      )
    : null;
  if (mqtt) announcements.push(`Devices publish readings over MQTT at ${mqtt.describe} (topic waypoint/devices/<serial>/readings).`);

  await webBuild.pending;
  const app = await buildApp(deps, { ingest, deviceCommands: mqtt?.commands ?? null });
  const senders = createSenders(config);
  // Periodic jobs go through the job queue: one instance enqueues each period's run, one worker runs it.
  const periodicJobs: Job[] = [
    {
      name: "field visit escalation",
      everyMs: config.fieldVisitCheckSeconds * 1000,
      run: (now) => escalateOverdueFieldVisits(deps, now),
    },
    { name: dailyDrawJobName, everyMs: 5 * 60_000, run: (now) => makeDueDraws(deps, now) },
    visitSuggestionJob(deps),
    notificationDispatchJob(deps, senders),
    // Opens new contact-standard periods as days pass; its first run at start is the backfill of an upgraded database.
    contactStandingJob(deps),
    // Evaluates each active case's early-discharge eligibility once a night (agency time).
    earlyDischargeJob(deps),
    purgeFinishedJobs(db),
    // Monitoring: reading partitions ahead and past retention, and the time-driven rules (no signal, curfew).
    ...ingestJobs(db, ingest).filter((job) => config.monitoringTimers || job.name !== "monitoring rule timers"),
  ];
  // Capabilities that act on supervision events (violations, reassessment triggers, incentives): event-consumers.ts.
  const startedAt = new Date();
  const eventConsumers = createConsumerRegistry();
  registerEventConsumers(eventConsumers, startedAt);
  const queue = createJobQueue(deps, {
    periodic: periodicJobs,
    handlers: [...supervisionEventJobs(db, eventConsumers), ...monitoringAlertJobs(db)],
  });
  // Each consumer declares a start point: it is given the standing events from there that it has not had, once.
  await enqueueConsumerBackfills(db, eventConsumers, startedAt);
  const stopQueue = queue.start();
  // The sealer runs each second on every instance's own timer (a queue row a second is not worth it); one seals at a
  // time (advisory lock), so audit:verify finds no row waiting long.
  const stopTickers = startTickers([{ name: "audit chain sealer", everyMs: 1_000, run: (now) => sealPendingAudit(deps, now) }], log);
  const shutdown = async (signal: string) => {
    log.info({ signal }, "shutting down");
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    stopTickers();
    // First stop taking readings: those being stored finish and are acknowledged, the rest wait at the broker/device.
    await mqtt?.close();
    await stopQueue();
    senders.email?.close?.();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));

  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace("127.0.0.1", "localhost");
  console.log(
    [
      "",
      `Waypoint is running at ${url}  (database: ${db.kind === "pglite" ? `embedded PostgreSQL in ${config.dataDir}` : "PostgreSQL server"})`,
      `API documentation: ${url}/api/docs`,
      ...announcements,
      "",
    ].join("\n"),
  );
}

function demoAnnouncement(secrets: DemoTotpSecrets): string[] {
  return [
    "",
    `Demo accounts (password for all: "${demoPassword}"). Each needs a code from an authenticator app:`,
    "add its secret (generated for this install) to any TOTP app, or print the current code with: npm run demo:totp -- <username>",
    ...demoAccounts.map(
      (account) =>
        `  ${account.username.padEnd(18)} ${account.roles.join(",").padEnd(11)} ${
          secrets[account.username] ? `TOTP secret ${secrets[account.username]}` : "enrols an authenticator at next sign-in"
        }`,
    ),
  ];
}

/**
 * MIGRATE_ON_START=true (default): apply pending migrations (and the runtime role's grants when configured).
 * false: the server runs as a least-privilege role that cannot migrate; it only checks nothing is pending.
 */
async function prepareSchema(db: Database, config: Config, log: ReturnType<typeof createLogger>): Promise<void> {
  if (!config.migrateOnStart) {
    try {
      await whenReachable(log, () => requireMigrated(db));
    } catch (error) {
      if (!(error instanceof MigrationsPending)) throw error;
      console.error(error.message);
      process.exit(1);
    }
    if (await ownsAppendOnlyTables(db)) {
      log.warn(
        { alert: "audit_tables_owned" },
        "the server's database role owns the audit tables, so it could disable their append-only trigger; run it as DATABASE_RUNTIME_ROLE",
      );
    }
    return;
  }
  // Migrations may run longer than a request's statement timeout: on a server they get a connection without one.
  const migrationDb =
    db.kind === "postgres" && config.databaseUrl ? await openPostgres(config.databaseUrl, { max: 1, statementTimeoutMs: 0 }) : db;
  try {
    const { applied } = await startStep(
      "Applying database migrations",
      () => whenReachable(log, () => migrateAndGrant(migrationDb, config.databaseRuntimeRole)),
      (result) => (result.applied.length > 0 ? `${result.applied.length} applied` : "none pending"),
    );
    if (applied.length > 0) log.info({ applied }, "migrations applied");
  } finally {
    if (migrationDb !== db) await migrationDb.close();
  }
}

async function whenReachable<T>(log: ReturnType<typeof createLogger>, step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || attempt >= 30) throw error;
      log.warn({ attempt }, "database not reachable yet; retrying in 2 s");
      await sleep(2_000);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
