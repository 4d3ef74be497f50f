// A throw-away Mosquitto broker for the MQTT tests: the Debian package's binary, started on a free port with a
// configuration of its own and stopped afterwards. With CI=true a missing Mosquitto fails the run; locally the MQTT
// tests are skipped with a message saying how to install it.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export type RunningMosquitto = { url: string; port: number; stop: () => Promise<void> };

/** The mosquitto binary (on PATH, or where Debian installs it), or null. */
export function mosquittoBinary(): string | null {
  const onPath = spawnSync("sh", ["-c", "command -v mosquitto"], { encoding: "utf8" }).stdout.trim();
  if (onPath) return onPath;
  return ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"].find((path) => existsSync(path)) ?? null;
}

/** Whether the Mosquitto tests run: always under CI (where a missing binary is a failure), else when installed. */
export function mosquittoTestsRun(): boolean {
  if (process.env.CI === "true") return true;
  if (mosquittoBinary()) return true;
  console.warn("Skipping the MQTT tests against Mosquitto: mosquitto is not installed (apt-get install -y mosquitto).");
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startMosquitto(): Promise<RunningMosquitto> {
  const binary = mosquittoBinary();
  if (!binary) throw new Error("CI=true but mosquitto is not installed: .ci/run installs the Debian package mosquitto.");
  const dir = await mkdtemp(join(tmpdir(), "waypoint-mosquitto-"));
  const port = await freePort();
  const configFile = join(dir, "mosquitto.conf");
  await writeFile(
    configFile,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous true",
      // Sessions and queued messages in memory: each test run starts clean.
      "persistence false",
      "max_queued_messages 10000",
      "log_dest stderr",
      "log_type error",
      "log_type warning",
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(binary, ["-c", configFile], { stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-5_000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    if (await accepts(port)) return { url: `mqtt://127.0.0.1:${port}`, port, stop };
    await sleep(50);
  }
  await stop();
  throw new Error(`Mosquitto did not start on port ${port}:\n${output}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
