// npm run simulate:devices -- --devices N --rate R [--mqtt URL | --http URL --gateway-key K --gateway-secret S]
//   [--scenario breach,curfew,tamper,signal-loss] [--serials A,B,C] [--duration SECONDS] [--seed N] [--geolife]
// Replays the real bus trajectory in ../shared/data/gps/route14_outbound.csv (beside the project) as N ankle monitors,
// shifted to the present, at R readings per second in all, over MQTT (default: the embedded broker of `npm start`)
// or HTTP. Answers device commands (MQTT): locate now → a reading at once; a pursuit rate → faster readings for a while.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import mqtt, { type MqttClient } from "mqtt";
import { loadConfig } from "../src/server/config";
import { devicePassword } from "../src/server/features/monitoring/mqtt/device-credentials";
import { commandsTopic, readingsTopic, repliesTopic, serialPattern } from "../src/server/features/monitoring/mqtt/topics";
import {
  breachPoint,
  createDevices,
  curfewHome,
  gatewayHeaders,
  geolifeRestriction,
  nextReading,
  parseGeolife,
  parseRoute14,
  route14Attribution,
  type Scenario,
  type SimulatedDevice,
  scenarioNames,
  scenarioTiming,
  seededRandom,
  type Track,
  type WireReading,
} from "./lib/device-simulator";

const usage = `usage: npm run simulate:devices -- --devices N --rate R [--mqtt URL | --http URL --gateway-key K --gateway-secret S]
       [--scenario ${scenarioNames.join(",")}] [--serials A,B,C] [--duration SECONDS] [--seed N] [--device-secret S] [--geolife]`;

const { values } = parseArgs({
  options: {
    devices: { type: "string", default: "5" },
    rate: { type: "string", default: "2" },
    mqtt: { type: "string" },
    http: { type: "string" },
    "gateway-key": { type: "string" },
    "gateway-secret": { type: "string" },
    "device-secret": { type: "string" },
    scenario: { type: "string", default: "" },
    serials: { type: "string" },
    duration: { type: "string" },
    seed: { type: "string" },
    geolife: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

if (values.help) {
  console.log(usage);
  process.exit(0);
}
const deviceCount = Number(values.devices);
const rate = Number(values.rate);
if (!Number.isInteger(deviceCount) || deviceCount < 1 || deviceCount > 10_000) fail("--devices must be a whole number from 1 to 10000");
if (!Number.isFinite(rate) || rate <= 0 || rate > 10_000) fail("--rate must be readings per second in all, above 0 and at most 10000");
const scenarios = (values.scenario ?? "")
  .split(",")
  .map((name) => name.trim())
  .filter(Boolean) as Scenario[];
const unknown = scenarios.filter((name) => !scenarioNames.includes(name));
if (unknown.length > 0) fail(`unknown scenario ${unknown.join(", ")}: choose from ${scenarioNames.join(", ")}`);
if (scenarios.length > deviceCount) fail("each scenario needs a device of its own: raise --devices");
const serials = values.serials
  ? values.serials.split(",").map((serial) => serial.trim())
  : Array.from({ length: deviceCount }, (_, index) => `SIM-${String(index + 1).padStart(4, "0")}`);
if (serials.length !== deviceCount) fail(`--serials names ${serials.length} devices but --devices is ${deviceCount}`);
const badSerial = serials.find((serial) => !serialPattern.test(serial));
if (badSerial !== undefined) fail(`serial "${badSerial}" must be 1–64 letters, digits, dots, dashes, colons or underscores`);
if (values.http && values.mqtt) fail("choose --mqtt or --http, not both");
if (values.http && (!values["gateway-key"] || !values["gateway-secret"])) fail("--http needs --gateway-key and --gateway-secret");
const durationMs = values.duration ? Number(values.duration) * 1000 : Number.POSITIVE_INFINITY;
if (Number.isNaN(durationMs) || durationMs <= 0) fail("--duration must be seconds above 0");

// Trajectories are read at run time from the shared data folder beside the project; never copied into it.
const dataDir = join(import.meta.dirname, "../../shared/data/gps");
let track: Track;
try {
  if (values.geolife) {
    console.log(`Using GeoLife, as asked. ${geolifeRestriction}`);
    track = parseGeolife(readFileSync(join(dataDir, "geolife_small.csv"), "utf8"));
  } else {
    track = parseRoute14(readFileSync(join(dataDir, "route14_outbound.csv"), "utf8"));
    console.log(`Trajectory: Arriva route 14 outbound, Liverpool. ${route14Attribution}`);
  }
} catch (error) {
  fail(`cannot read the trajectories in ${dataDir}: ${(error as Error).message}`);
}

const random = seededRandom(values.seed ? Number(values.seed) : Date.now());
const devices = createDevices(serials, track, scenarios, random);
const perDeviceIntervalMs = (deviceCount / rate) * 1000;
for (const device of devices.filter((candidate) => candidate.scenario)) {
  const starts = `${scenarioTiming.startAfterMs / 1000} s in`;
  const description: Record<Scenario, string> = {
    breach: `passes through an exclusion zone ${starts}: draw a circle of 150 m at ${breachPoint(track).latitude}, ${breachPoint(track).longitude}`,
    curfew: `stays home for ${scenarioTiming.curfewHomeForMs / 60_000} min from ${starts}, then leaves: home zone (curfew now) at ${curfewHome(track).latitude}, ${curfewHome(track).longitude}`,
    tamper: `reports a strap tamper for ${scenarioTiming.tamperForMs / 60_000} min from ${starts}`,
    "signal-loss": `goes silent for ${scenarioTiming.signalLossForMs / 60_000} min from ${starts}`,
  };
  console.log(`Scenario ${device.scenario} on ${device.serial}: ${description[device.scenario!]}`);
}

type Transport = { send(device: SimulatedDevice, reading: WireReading): Promise<void>; close(): Promise<void> };
const stats = { sent: 0, acked: 0, failed: 0, commands: 0, lastError: "" };
/** Pursuit: a faster interval until a time, per device. */
const pursuit = new Map<string, { intervalMs: number; until: number }>();
const started = Date.now();
const lastSent = new Map<string, number>();

async function emit(device: SimulatedDevice, transport: Transport): Promise<WireReading | null> {
  const now = Date.now();
  const reading = nextReading(device, track, new Date(now), now - started, now - (lastSent.get(device.serial) ?? now), random);
  lastSent.set(device.serial, now);
  if (!reading) return null;
  stats.sent += 1;
  try {
    await transport.send(device, reading);
    stats.acked += 1;
  } catch (error) {
    stats.failed += 1;
    stats.lastError = (error as Error).message;
  }
  return reading;
}

async function mqttTransport(url: string): Promise<Transport> {
  const parsed = new URL(url);
  const sharedCredentials = parsed.username
    ? { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) }
    : null;
  parsed.username = "";
  parsed.password = "";
  // Passwords for the embedded broker: derived from the device secret of this installation (same env and DATA_DIR).
  const deviceSecret =
    values["device-secret"] ??
    (() => {
      const config = loadConfig().mqtt;
      return config?.kind === "embedded" ? config.deviceSecret : "";
    })();
  const clients = new Map<string, MqttClient>();
  await Promise.all(
    devices.map(async (device) => {
      const client = await mqtt.connectAsync(parsed.toString(), {
        clientId: device.serial,
        clean: false,
        reconnectPeriod: 2_000,
        ...(sharedCredentials ?? { username: device.serial, password: devicePassword(deviceSecret, device.serial) }),
      });
      client.on("error", (error) => {
        stats.lastError = error.message;
      });
      await client.subscribeAsync(commandsTopic(device.serial), { qos: 1 });
      client.on("message", (_topic, payload) => void answer(device, client, payload));
      clients.set(device.serial, client);
    }),
  );
  const transport: Transport = {
    send: async (device, reading) => {
      await clients.get(device.serial)!.publishAsync(readingsTopic(device.serial), JSON.stringify(reading), { qos: 1 });
    },
    close: async () => {
      await Promise.all([...clients.values()].map((client) => client.endAsync()));
    },
  };
  // A command: locate now → a reading at once; set_reporting_rate → the pursuit interval for its duration.
  async function answer(device: SimulatedDevice, client: MqttClient, payload: Buffer) {
    stats.commands += 1;
    let command: { commandId?: string; command?: string; seconds?: number; durationMinutes?: number };
    try {
      command = JSON.parse(payload.toString());
    } catch {
      return;
    }
    if (!command.commandId) return;
    let status: "done" | "rejected" = "done";
    let detail = "";
    if (command.command === "locate_now") {
      const reading = await emit(device, transport);
      detail = reading ? `position sent (reading ${reading.sequence})` : "no GPS fix available";
      if (!reading) status = "rejected";
    } else if (command.command === "set_reporting_rate" && command.seconds && command.durationMinutes) {
      pursuit.set(device.serial, { intervalMs: command.seconds * 1000, until: Date.now() + command.durationMinutes * 60_000 });
      detail = `reporting every ${command.seconds} s for ${command.durationMinutes} min`;
    } else {
      status = "rejected";
      detail = "unknown command";
    }
    await client.publishAsync(repliesTopic(device.serial), JSON.stringify({ commandId: command.commandId, status, detail }), { qos: 1 });
  }
  return transport;
}

function httpTransport(base: string, key: string, secret: string): Transport {
  const url = `${base.replace(/\/+$/, "")}/api/monitoring/readings`;
  return {
    async send(_device, reading) {
      const body = JSON.stringify([reading]);
      const response = await fetch(url, { method: "POST", headers: await gatewayHeaders(key, secret, body, new Date()), body });
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
      const result = (await response.json()) as { errors?: Array<{ message: string }> };
      if (result.errors && result.errors.length > 0) throw new Error(result.errors[0]!.message);
    },
    close: async () => {},
  };
}

const target = values.http ?? values.mqtt ?? "mqtt://127.0.0.1:1883";
console.log(
  `Simulating ${deviceCount} device(s) at ${rate} reading(s)/s in all (each every ${(perDeviceIntervalMs / 1000).toFixed(1)} s) → ${target.replace(/\/\/[^@/]*@/, "//***@")}`,
);
if (values.http) console.log("Over HTTP devices cannot receive commands; use --mqtt for locate now and pursuit.");
let transport: Transport;
try {
  transport = values.http ? httpTransport(values.http, values["gateway-key"]!, values["gateway-secret"]!) : await mqttTransport(target);
} catch (error) {
  fail(`cannot connect to ${target}: ${(error as Error).message}`);
}

// Each device on its own timer, started spread over one interval so the overall rate is even.
const timers: NodeJS.Timeout[] = [];
for (const [index, device] of devices.entries()) {
  const schedule = () => {
    const chase = pursuit.get(device.serial);
    const interval = chase && chase.until > Date.now() ? Math.min(chase.intervalMs, perDeviceIntervalMs) : perDeviceIntervalMs;
    // ±10 % jitter: real devices drift.
    timers[index] = setTimeout(
      () => {
        void emit(device, transport);
        schedule();
      },
      interval * (0.9 + random() * 0.2),
    );
  };
  timers[index] = setTimeout(schedule, (index / deviceCount) * perDeviceIntervalMs);
}

const progress = setInterval(() => {
  const seconds = (Date.now() - started) / 1000;
  const line = `${seconds.toFixed(0)} s: ${stats.sent} sent, ${stats.acked} acknowledged (${(stats.acked / Math.max(seconds, 1)).toFixed(1)}/s), ${stats.failed} failed, ${stats.commands} command(s)${stats.lastError ? ` — last error: ${stats.lastError}` : ""}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(120).slice(0, 160)}`);
  else console.log(line);
}, 1000);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  for (const timer of timers) clearTimeout(timer);
  clearInterval(progress);
  await transport.close();
  console.log(`\nStopped: ${stats.sent} sent, ${stats.acked} acknowledged, ${stats.failed} failed, ${stats.commands} command(s) answered.`);
  process.exit(stats.acked === 0 && stats.sent > 0 ? 1 : 0);
}
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
if (Number.isFinite(durationMs)) setTimeout(() => void stop(), durationMs);
