import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

export const repoRoot = join(import.meta.dirname, "../..");

export type RunningServer = { url: string; stop: () => Promise<void> };

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * With E2E_ON_POSTGRES=1 and TEST_DATABASE_URL (as scripts/with-postgres.ts sets it), the servers run on a fresh
 * database each on that PostgreSQL server instead of the embedded one: `npm test` runs one journey that way.
 */
export const onPostgres = process.env.E2E_ON_POSTGRES === "1";

async function freshPostgresDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("E2E_ON_POSTGRES=1 needs TEST_DATABASE_URL: run through scripts/with-postgres.ts.");
  const database = `waypoint_e2e_${name.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
  const run = async (sql: string) => {
    const client = new pg.Client(serverUrl);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`) };
}

/** Starts the real Waypoint server on an empty database (demo data loads on first start): embedded, or see `onPostgres`. */
export async function startServer(name: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), `waypoint-e2e-${name}-`));
  const database = onPostgres ? await freshPostgresDatabase(name) : null;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    // Far above what the journeys use together, so none has to wait out the limit.
    SIGN_IN_RATE_LIMIT_PER_MINUTE: "1000",
    ...extraEnv,
  };
  // The browser tests always use a fresh database: embedded unless on PostgreSQL.
  delete env.DATABASE_URL;
  delete env.SECRET_KEY;
  if (database) env.DATABASE_URL = database.url;

  const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "src/server/main.ts")], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const stop = async () => {
    await stopProcess(child);
    await rm(dataDir, { recursive: true, force: true });
    await database?.drop();
  };

  try {
    await waitUntilReady(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** First start migrates and loads the demo data: about 15 s when idle, over a minute on two busy cores. */
const readyWithinMs = 200_000;

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (code ${child.exitCode}) before it was ready:\n${output()}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`The server at ${url} was not ready within ${readyWithinMs / 1000} s:\n${output()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  child.kill("SIGTERM");
  const killed = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
  if (!killed) {
    child.kill("SIGKILL");
    await exited;
  }
}
