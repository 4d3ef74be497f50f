import { appendFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { build } from "vite";
import type { TestProject } from "vitest/node";
import "./context";
import { type RunningServer, repoRoot, startServer } from "./server";

export default async function setup(project: TestProject) {
  if (process.env.E2E_SKIP_BUILD !== "1") {
    // The production build, as served: under Vitest NODE_ENV is "test", with which Vite would bundle React's
    // development build (431 kB instead of 219 kB; what made bench:web once count 202 kB on a first load).
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await build({ configFile: join(repoRoot, "vite.config.ts"), root: repoRoot, logLevel: "warn" });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
  }

  const stateDir = await mkdtemp(join(tmpdir(), "waypoint-e2e-state-"));
  const totpStateFile = join(stateDir, "totp-steps.json");
  await writeFile(totpStateFile, "{}");

  // A real SMTP server for the main test server's e-mail notifications: each message received is a line of JSON
  // in the mailbox file, for the journeys to read.
  const mailboxFile = join(stateDir, "mailbox.jsonl");
  await writeFile(mailboxFile, "");
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        appendFileSync(mailboxFile, `${JSON.stringify({ to, raw: Buffer.concat(chunks).toString("utf8") })}\n`);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const servers: RunningServer[] = [];
  const teardown = async () => {
    await Promise.allSettled(servers.map((server) => server.stop()));
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await rm(stateDir, { recursive: true, force: true });
  };

  const started = await Promise.allSettled([
    startServer("main", {
      FIELD_VISIT_CHECK_SECONDS: "5",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(smtpPort),
      NOTIFY_DISPATCH_SECONDS: "1",
      DEMO_ALERT_ROUTE: "true",
      // The demo devices' no-signal and curfew clocks would raise alerts part-way through the run; journeys raise their own.
      MONITORING_TIMERS: "false",
    }),
    startServer("short-idle", { SESSION_IDLE_TIMEOUT_SECONDS: "3" }),
  ]);
  for (const result of started) if (result.status === "fulfilled") servers.push(result.value);
  const failure = started.find((result) => result.status === "rejected");
  if (failure || servers.length !== 2) {
    await teardown();
    throw failure?.reason ?? new Error("A test server did not start.");
  }
  const [main, shortIdle] = servers as [RunningServer, RunningServer];
  project.provide("baseUrl", main.url);
  project.provide("shortIdleBaseUrl", shortIdle.url);
  project.provide("totpStateFile", totpStateFile);
  project.provide("mailboxFile", mailboxFile);
  project.provide("demoTotpSecrets", Object.fromEntries(servers.map((server) => [server.url, server.totpSecrets])));

  return teardown;
}
