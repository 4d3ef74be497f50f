import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { devicePassword } from "./features/monitoring/mqtt/device-credentials";
import { createTestDatabase, engineName, onPostgresServer } from "./test-support/harness";

const root = join(import.meta.dirname, "../..");
const dataDirs: string[] = [];
/** A first start migrates and loads the demo data: ~15 s when idle, well over a minute on two busy cores. */
const startWithinMs = 180_000;

type Server = { child: ChildProcess; output: () => string; exited: Promise<number | null>; printed(pattern: RegExp): Promise<string> };

function startServer(env: Record<string, string>): Server {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    cwd: root,
    // MQTT_PORT 0: the embedded MQTT broker on any free port, so servers started side by side do not clash.
    env: { ...process.env, LOG_LEVEL: "warn", NODE_ENV: "development", DATABASE_URL: "", MQTT_PORT: "0", ...env },
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const collect = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  /** Resolves with the first match of `pattern` in the output as soon as it is printed: no polling. */
  const printed = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (!match) return;
        finish();
        resolve(match[1] ?? match[0]);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${pattern} not printed within ${startWithinMs / 1000} s:\n${output}`));
      }, startWithinMs);
      const onExit = (code: number | null) => {
        finish();
        reject(new Error(`the server exited (${code}) before printing ${pattern}:\n${output}`));
      };
      const finish = () => {
        clearTimeout(timer);
        child.stdout?.off("data", check);
        child.off("exit", onExit);
      };
      child.stdout?.on("data", check);
      child.once("exit", onExit);
      check();
    });
  return { child, output: () => output, exited, printed };
}

afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe(`the server process (${engineName})`, () => {
  it("refuses to start on invalid configuration, naming the variable", async () => {
    const server = startServer({ PORT: "eighty" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Invalid configuration:\s+PORT/);
  });

  it(`starts on an empty ${onPostgresServer ? "PostgreSQL" : "embedded"} database with demo accounts, serves, and stops cleanly on SIGTERM`, {
    timeout: startWithinMs + 60_000,
  }, async () => {
    // On the PostgreSQL pass the server gets a fresh database of its own on that server.
    const database = onPostgresServer ? await createTestDatabase() : null;
    const dataDir = mkdtempSync(join(tmpdir(), "waypoint-main-"));
    dataDirs.push(dataDir);
    const server = startServer({ DATA_DIR: dataDir, PORT: "0", ...(database?.url ? { DATABASE_URL: database.url } : {}) });
    try {
      const url = await server.printed(/running at (http:\/\/\S+)\s/);
      expect(server.output()).toContain(onPostgresServer ? "(database: PostgreSQL server)" : "(database: embedded PostgreSQL");
      // A first start says what it is doing and how long each step took, in order, before it listens.
      const steps = [
        onPostgresServer ? "Connecting to PostgreSQL…" : "Creating the embedded database in",
        "Applying database migrations…",
        "Creating the demo agency and its accounts…",
        "Loading the demo caseloads…",
        "Waypoint is running at",
      ].map((step) => server.output().indexOf(step));
      expect(steps.every((position) => position >= 0)).toBe(true);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      expect(server.output()).toMatch(/done in \d+\.\d s: \d+ applied/);
      expect(server.output()).toMatch(/done in \d+\.\d s: 150 cases, \d+ notes/);
      // The announcement may reach the pipe in more than one piece.
      await server.printed(/officer\.north1/);
      await server.printed(/field training passphrase/);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      // The embedded MQTT broker is up and takes a device signing in with the password derived for its serial.
      const mqttUrl = await server.printed(/over MQTT at (mqtt:\/\/\S+) /);
      const mqttConfig = loadConfig({ DATA_DIR: dataDir, NODE_ENV: "development" }).mqtt;
      const deviceSecret = mqttConfig?.kind === "embedded" ? mqttConfig.deviceSecret : "";
      const device = await mqtt.connectAsync(mqttUrl, {
        username: "SIM-0001",
        password: devicePassword(deviceSecret, "SIM-0001"),
        reconnectPeriod: 0,
      });
      await device.endAsync();
      expect(ready.headers.get("x-request-id")).toMatch(/^[\w-]{8,64}$/);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
      await database?.drop();
    }
  });
});
