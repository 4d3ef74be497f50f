// A throw-away PostgreSQL cluster for tests and benchmarks: initdb in a temp folder, a free port,
// stopped and removed afterwards. initdb refuses to run as root, so as root it runs as "postgres".
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Cluster = { url: string; dataDir: string; port: number; stop(): void; start(): void; remove(): void };

const runningAsRoot = process.getuid?.() === 0;

function run(command: string, args: string[]): void {
  if (runningAsRoot) {
    const quoted = [command, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(" ");
    execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", quoted], { stdio: "pipe" });
  } else {
    execFileSync(command, args, { stdio: "pipe" });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export function pgCtlControls(dataDir: string, port: number) {
  const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  return {
    start: () => run("pg_ctl", ["-D", join(dataDir, "db"), "-o", options, "-l", join(dataDir, "server.log"), "-w", "start"]),
    stop: () => run("pg_ctl", ["-D", join(dataDir, "db"), "-m", "fast", "-w", "stop"]),
  };
}

export async function startCluster(): Promise<Cluster> {
  const dataDir = mkdtempSync(join(tmpdir(), "waypoint-pg-"));
  chmodSync(dataDir, 0o777);
  const port = await freePort();
  run("initdb", ["-D", join(dataDir, "db"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  const controls = pgCtlControls(dataDir, port);
  controls.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    port,
    ...controls,
    remove() {
      try {
        controls.stop();
      } catch {
        // already stopped
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
