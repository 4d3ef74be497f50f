// The MQTT transport's acknowledgement rules, against a real Mosquitto (external broker mode) and the embedded aedes
// broker. The ingest pipeline is another part: here a small real ingest function that records what it was given in an
// array stands in for it (a test double for that module, not for a database; the end-to-end test is in
// mqtt-ingest.e2e.test.ts once the pipeline is merged).
import mqtt, { type MqttClient } from "mqtt";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mosquittoTestsRun, type RunningMosquitto, startMosquitto } from "../../../test-support/mosquitto";
import { devicePassword } from "./device-credentials";
import { type EmbeddedBroker, startEmbeddedBroker } from "./embedded-broker";
import type { CommandReply, IngestReadings, MqttIngestSource } from "./ingest-port";
import { createDeviceMessageHandler } from "./message-handler";
import { type MqttSubscriber, startMqttSubscriber } from "./subscriber";
import { commandsTopic, readingsTopic, repliesTopic } from "./topics";

const log = pino({ level: "silent" });

type Deferred = { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void };
function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A recording ingest: stores each call in `calls`; `gate` (when set) decides when, or whether, a call resolves. */
function recordingIngest() {
  const calls: Array<{ readings: unknown[]; source: MqttIngestSource }> = [];
  const state: { gate: (() => Promise<void>) | null } = { gate: null };
  const ingest: IngestReadings = async (readings, source) => {
    if (state.gate) await state.gate();
    calls.push({ readings: [...readings], source });
    return { stored: readings.length, duplicates: 0, errors: [] };
  };
  return { ingest, calls, state };
}

function reading(serial: string, sequence: number) {
  return {
    deviceId: serial,
    sequence,
    eventTime: new Date(Date.UTC(2026, 0, 1, 12, 0, sequence)).toISOString(),
    latitude: 51.5,
    longitude: -0.12,
  };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const clients: MqttClient[] = [];
const subscribers: MqttSubscriber[] = [];
afterEach(async () => {
  await Promise.allSettled(subscribers.splice(0).map((subscriber) => subscriber.close()));
  await Promise.allSettled(clients.splice(0).map((client) => client.endAsync(true)));
});

async function connect(url: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 200, connectTimeout: 5_000, ...options });
  clients.push(client);
  return client;
}

let runId = 0;
const uniqueId = (name: string) => `${name}-${process.pid}-${++runId}`;

describe.runIf(mosquittoTestsRun())("MQTT subscriber on a real Mosquitto", () => {
  let broker: RunningMosquitto;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  function subscribe(ingest: IngestReadings, options: { clientId: string; group?: string | null; retryAfterMs?: number }) {
    const handler = createDeviceMessageHandler({ ingest, recordReply: async () => {}, log });
    const subscriber = startMqttSubscriber({
      url: broker.url,
      clientId: options.clientId,
      sharedGroup: options.group === undefined ? uniqueId("group") : options.group,
      handler,
      log,
      retryAfterMs: options.retryAfterMs ?? 200,
      reconnectPeriodMs: 200,
    });
    subscribers.push(subscriber);
    return { subscriber, handler };
  }

  it("acknowledges a reading to the broker only after ingest resolved", async () => {
    const { ingest, calls, state } = recordingIngest();
    const gate = deferred();
    state.gate = () => gate.promise;
    const { subscriber } = subscribe(ingest, { clientId: uniqueId("ack") });
    await subscriber.ready;
    const pubacks: number[] = [];
    subscriber.client.on("packetsend", (packet) => {
      if (packet.cmd === "puback") pubacks.push(packet.messageId ?? -1);
    });

    const device = await connect(broker.url, { clientId: uniqueId("dev") });
    await device.publishAsync(readingsTopic("SIM-0001"), JSON.stringify(reading("SIM-0001", 1)), { qos: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pubacks).toEqual([]); // ingest still running: no PUBACK
    gate.resolve();
    await waitFor(() => pubacks.length === 1, "the PUBACK after ingest");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.source).toMatchObject({ transport: "mqtt", deviceSerial: "SIM-0001" });
    expect(calls[0]?.readings).toEqual([reading("SIM-0001", 1)]);
  });

  it("gets an unacknowledged reading again after the subscriber died before acking (persistent session)", async () => {
    const clientId = uniqueId("crash");
    const group = uniqueId("group");
    const first = recordingIngest();
    first.state.gate = () => new Promise(() => {}); // never stores: the process "dies" mid-ingest
    const { subscriber } = subscribe(first.ingest, { clientId, group });
    await subscriber.ready;
    const device = await connect(broker.url, { clientId: uniqueId("dev") });
    await device.publishAsync(readingsTopic("SIM-0002"), JSON.stringify([reading("SIM-0002", 7), reading("SIM-0002", 8)]), { qos: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Killed: the socket goes without a PUBACK or a DISCONNECT.
    subscriber.client.end(true);
    subscribers.splice(subscribers.indexOf(subscriber), 1);

    // Published while no instance is connected: queued in the session.
    await device.publishAsync(readingsTopic("SIM-0002"), JSON.stringify(reading("SIM-0002", 9)), { qos: 1 });

    const second = recordingIngest();
    const restarted = subscribe(second.ingest, { clientId, group });
    await restarted.subscriber.ready;
    await waitFor(() => second.calls.length === 2, "the redelivered and the queued messages");
    const sequences = second.calls.flatMap((call) => call.readings.map((r) => (r as { sequence: number }).sequence)).sort();
    expect(sequences).toEqual([7, 8, 9]);
    expect(first.calls).toHaveLength(0);
  });

  it("does not acknowledge when storing fails, and stores the message when the broker redelivers it", async () => {
    const { ingest, calls, state } = recordingIngest();
    let failures = 0;
    state.gate = async () => {
      if (failures < 2) {
        failures += 1;
        throw new Error("database unavailable");
      }
    };
    const { subscriber, handler } = subscribe(ingest, { clientId: uniqueId("retry"), retryAfterMs: 100 });
    await subscriber.ready;
    const device = await connect(broker.url, { clientId: uniqueId("dev") });
    await device.publishAsync(readingsTopic("SIM-0003"), JSON.stringify(reading("SIM-0003", 1)), { qos: 1 });
    await waitFor(() => calls.length === 1, "the reading stored on redelivery");
    expect(handler.counters.ingestFailures).toBe(2);
    expect(handler.counters.readingsStored).toBe(1);
  });

  it("acknowledges a malformed message (no endless redelivery), counts it and stores nothing", async () => {
    const { ingest, calls } = recordingIngest();
    const { subscriber, handler } = subscribe(ingest, { clientId: uniqueId("bad") });
    await subscriber.ready;
    const pubacks: number[] = [];
    subscriber.client.on("packetsend", (packet) => {
      if (packet.cmd === "puback") pubacks.push(packet.messageId ?? -1);
    });
    const device = await connect(broker.url, { clientId: uniqueId("dev") });
    await device.publishAsync(readingsTopic("SIM-0004"), "{not json", { qos: 1 });
    await device.publishAsync(readingsTopic("SIM-0004"), JSON.stringify(reading("SIM-9999", 1)), { qos: 1 });
    await device.publishAsync(readingsTopic("SIM-0004"), "[]", { qos: 1 });
    await waitFor(() => pubacks.length === 3, "three PUBACKs");
    expect(handler.counters.malformed).toBe(3);
    expect(calls).toHaveLength(0);
  });

  it("splits the readings between two instances of a shared subscription, each message stored once", async () => {
    const group = uniqueId("group");
    const one = recordingIngest();
    const two = recordingIngest();
    const a = subscribe(one.ingest, { clientId: uniqueId("inst-a"), group });
    const b = subscribe(two.ingest, { clientId: uniqueId("inst-b"), group });
    await Promise.all([a.subscriber.ready, b.subscriber.ready]);
    const device = await connect(broker.url, { clientId: uniqueId("dev") });
    for (let sequence = 1; sequence <= 20; sequence++) {
      await device.publishAsync(readingsTopic("SIM-0005"), JSON.stringify(reading("SIM-0005", sequence)), { qos: 1 });
    }
    await waitFor(() => one.calls.length + two.calls.length === 20, "20 messages across the group");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sequences = [...one.calls, ...two.calls].map((call) => (call.readings[0] as { sequence: number }).sequence).sort((x, y) => x - y);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(one.calls.length).toBeGreaterThan(0);
    expect(two.calls.length).toBeGreaterThan(0);
  });

  it("publishes a command to the device's commands topic and records its reply", async () => {
    const replies: CommandReply[] = [];
    const handler = createDeviceMessageHandler({
      ingest: recordingIngest().ingest,
      recordReply: async (reply) => void replies.push(reply),
      log,
    });
    const subscriber = startMqttSubscriber({ url: broker.url, clientId: uniqueId("cmd"), sharedGroup: uniqueId("group"), handler, log });
    subscribers.push(subscriber);
    await subscriber.ready;
    const device = await connect(broker.url, { clientId: uniqueId("dev") });
    await device.subscribeAsync(commandsTopic("SIM-0006"), { qos: 1 });
    const received = new Promise<string>((resolve) => device.on("message", (_topic, payload) => resolve(payload.toString())));
    const commandId = "0b7e2a4c-6f1d-4d0e-9b8a-3f2e1d0c9b8a";
    await subscriber.publishCommand("SIM-0006", JSON.stringify({ commandId, command: "locate_now" }));
    expect(JSON.parse(await received)).toEqual({ commandId, command: "locate_now" });
    await device.publishAsync(repliesTopic("SIM-0006"), JSON.stringify({ commandId, status: "done" }), { qos: 1 });
    await waitFor(() => replies.length === 1, "the reply");
    expect(replies[0]).toMatchObject({ deviceSerial: "SIM-0006", commandId, status: "done" });
  });
});

describe("embedded aedes broker", () => {
  let broker: EmbeddedBroker;
  const secret = "a-device-secret-of-at-least-32-characters!";
  const recorder = recordingIngest();
  const handler = createDeviceMessageHandler({ ingest: recorder.ingest, recordReply: async () => {}, log });
  let url: string;
  beforeAll(async () => {
    broker = await startEmbeddedBroker({ host: "127.0.0.1", port: 0, deviceSecret: secret, handler, log });
    url = `mqtt://127.0.0.1:${broker.port}`;
  });
  afterAll(async () => {
    await broker?.close();
  });
  afterEach(() => {
    recorder.calls.length = 0;
    recorder.state.gate = null;
  });

  const device = (serial: string, options: mqtt.IClientOptions = {}) =>
    connect(url, { clientId: uniqueId(serial), username: serial, password: devicePassword(secret, serial), ...options });

  it("gives the device its PUBACK only once ingest resolved", async () => {
    const gate = deferred();
    recorder.state.gate = () => gate.promise;
    const client = await device("EMB-0001");
    let acked = false;
    const publishing = client.publishAsync(readingsTopic("EMB-0001"), JSON.stringify(reading("EMB-0001", 1)), { qos: 1 }).then(() => {
      acked = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(acked).toBe(false);
    expect(recorder.calls).toHaveLength(0);
    gate.resolve();
    await publishing;
    expect(recorder.calls.map((call) => call.readings)).toEqual([[reading("EMB-0001", 1)]]);
  });

  it("withholds the PUBACK when storing fails; the device resends after reconnecting and it is stored", async () => {
    let failures = 0;
    recorder.state.gate = async () => {
      if (failures++ === 0) throw new Error("database unavailable");
    };
    const client = await device("EMB-0002", { clean: false });
    await client.publishAsync(readingsTopic("EMB-0002"), JSON.stringify(reading("EMB-0002", 5)), { qos: 1 });
    expect(failures).toBe(2);
    expect(recorder.calls.map((call) => call.readings)).toEqual([[reading("EMB-0002", 5)]]);
  });

  it("refuses bad credentials and confines a device to its own topics", async () => {
    await expect(
      mqtt.connectAsync(url, { clientId: uniqueId("intruder"), username: "EMB-0003", password: "wrong", reconnectPeriod: 0 }),
    ).rejects.toThrow(/Bad username or password|Not authorized/i);
    await expect(
      mqtt.connectAsync(url, {
        clientId: uniqueId("intruder"),
        username: "EMB-0003",
        password: devicePassword(secret, "EMB-0004"),
        reconnectPeriod: 0,
      }),
    ).rejects.toThrow(/Bad username or password|Not authorized/i);

    const client = await device("EMB-0003", { reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    // Another device's topic: refused, the connection closes, nothing stored.
    void client.publishAsync(readingsTopic("EMB-0004"), JSON.stringify(reading("EMB-0004", 1)), { qos: 1 }).catch(() => {});
    await closed;
    expect(recorder.calls).toHaveLength(0);

    const subscriber = await device("EMB-0005");
    const granted = await subscriber.subscribeAsync(commandsTopic("EMB-0006"), { qos: 1 }).catch((error: Error) => error);
    const refused = granted instanceof Error || granted.every((grant) => grant.qos === 128);
    expect(refused).toBe(true);
  });

  it("delivers a command to the device subscribed to its commands topic", async () => {
    const client = await device("EMB-0007");
    await client.subscribeAsync(commandsTopic("EMB-0007"), { qos: 1 });
    const received = new Promise<string>((resolve) => client.on("message", (_topic, payload) => resolve(payload.toString())));
    await broker.publishCommand("EMB-0007", JSON.stringify({ command: "locate_now" }));
    expect(JSON.parse(await received)).toEqual({ command: "locate_now" });
  });

  it("acknowledges and counts a malformed message without storing it", async () => {
    const before = handler.counters.malformed;
    const client = await device("EMB-0008");
    await client.publishAsync(readingsTopic("EMB-0008"), "not json", { qos: 1 });
    expect(handler.counters.malformed).toBe(before + 1);
    expect(recorder.calls).toHaveLength(0);
  });
});
