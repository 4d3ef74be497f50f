// Device commands end to end on a real database and the real embedded MQTT broker: the officer's command reaches the
// device subscribed to its commands topic, the device's reply over MQTT is recorded and listed with the command.
import mqtt, { type MqttClient } from "mqtt";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../../test-support/harness";
import { intake } from "../../../test-support/supervision-fixtures";
import { devicePassword } from "../mqtt/device-credentials";
import { type EmbeddedBroker, startEmbeddedBroker } from "../mqtt/embedded-broker";
import { createDeviceMessageHandler } from "../mqtt/message-handler";
import { commandsTopic, repliesTopic } from "../mqtt/topics";
import { commandReplyRecorder } from "./command-replies";

const secret = "device-secret-for-the-commands-test-0123456789";

describe(`device commands (${engineName})`, () => {
  let test: TestApp;
  let broker: EmbeddedBroker;
  let officer: Client;
  let otherOfficer: Client;
  let caseId: string;
  let emptyCaseId: string;
  let device: MqttClient;
  const serial = `CMD-${process.pid}`;
  const received: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    // The broker is built around the test app's database (replies recorded there), then handed to the app as its channel.
    const channel = { publish: (to: string, payload: string) => broker.publishCommand(to, payload) };
    test = await createTestApp({}, { deviceCommands: channel });
    const handler = createDeviceMessageHandler({
      ingest: async () => ({ stored: 0, duplicates: 0, errors: [] }),
      recordReply: commandReplyRecorder(test.deps),
      log: pino({ level: "silent" }),
    });
    broker = await startEmbeddedBroker({ host: "127.0.0.1", port: 0, deviceSecret: secret, handler, log: pino({ level: "silent" }) });
    officer = await signIn(test, "officer.north1");
    otherOfficer = await signIn(test, "officer.north2");
    ({ caseId } = await intake(officer));
    ({ caseId: emptyCaseId } = await intake(officer));
    const [agency] = await test.db.query<{ agency_id: string; officer_id: string }>(
      "SELECT agency_id, officer_id FROM supervision_case WHERE id = $1",
      [caseId],
    );
    const [row] = await test.db.query<{ id: string }>(
      "INSERT INTO monitoring_device (agency_id, serial, device_type, vendor, status) VALUES ($1, $2, 'gps', 'Simulated', 'assigned') RETURNING id",
      [agency!.agency_id, serial],
    );
    await test.db.query("INSERT INTO monitoring_activation (device_id, case_id, installed_at, installed_by) VALUES ($1, $2, $3, $4)", [
      row!.id,
      caseId,
      new Date(test.clock.now().getTime() - 3_600_000),
      agency!.officer_id,
    ]);
    device = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
      clientId: serial,
      username: serial,
      password: devicePassword(secret, serial),
      reconnectPeriod: 0,
    });
    await device.subscribeAsync(commandsTopic(serial), { qos: 1 });
    device.on("message", (_topic, payload) => received.push(JSON.parse(payload.toString())));
  });
  afterAll(async () => {
    await device?.endAsync();
    await broker?.close();
    await test?.close();
  });

  it("sends locate now to the case's device, and lists it with the device's reply", async () => {
    const response = await officer.post(`/api/v1/cases/${caseId}/monitoring/commands`, { command: "locate_now" });
    expect(response.statusCode).toBe(201);
    const sent = response.json();
    expect(sent).toMatchObject({ command: "locate_now", deviceSerial: serial, replyStatus: null });
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]).toMatchObject({ commandId: sent.id, command: "locate_now" });

    await device.publishAsync(repliesTopic(serial), JSON.stringify({ commandId: sent.id, status: "done", detail: "fix sent" }), { qos: 1 });
    const list = (await officer.get(`/api/v1/cases/${caseId}/monitoring/commands`)).json();
    expect(list).toMatchObject({ deviceSerial: serial, available: true });
    expect(list.commands[0]).toMatchObject({ id: sent.id, replyStatus: "done", replyDetail: "fix sent", sentByName: expect.any(String) });
    expect(list.commands[0].sentByName).not.toBe("");
    expect(await auditRows(test.db, "action = 'monitoring.command_send' AND record_id = $1", [caseId])).toEqual([
      expect.objectContaining({ outcome: "allowed", actor_username: "officer.north1" }),
    ]);
  });

  it("sends a pursuit reporting rate with its duration; a reply naming another device is not taken as the answer", async () => {
    const response = await officer.post(`/api/v1/cases/${caseId}/monitoring/commands`, {
      command: "set_reporting_rate",
      seconds: 10,
      durationMinutes: 30,
    });
    expect(response.statusCode).toBe(201);
    const sent = response.json();
    await expect.poll(() => received.length).toBe(2);
    expect(received[1]).toMatchObject({ commandId: sent.id, command: "set_reporting_rate", seconds: 10, durationMinutes: 30 });
    // Another device (not this case's) cannot answer for it: the broker confines it to its own topics, and a reply
    // recorded under another serial does not match.
    await test.db.query(
      "INSERT INTO monitoring_device (agency_id, serial, device_type, vendor) SELECT agency_id, $1, 'gps', 'Simulated' FROM monitoring_device WHERE serial = $2",
      [`${serial}-B`, serial],
    );
    const other = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
      username: `${serial}-B`,
      password: devicePassword(secret, `${serial}-B`),
      reconnectPeriod: 0,
    });
    await other.publishAsync(repliesTopic(`${serial}-B`), JSON.stringify({ commandId: sent.id, status: "rejected" }), { qos: 1 });
    await other.endAsync();
    const list = (await officer.get(`/api/v1/cases/${caseId}/monitoring/commands`)).json();
    expect(list.commands[0]).toMatchObject({
      id: sent.id,
      command: "set_reporting_rate",
      seconds: 10,
      durationMinutes: 30,
      replyStatus: null,
    });
  });

  it("refuses bad input with a clear 400, a case without a device with 409, and an officer off the case with 403", async () => {
    const missing = await officer.post(`/api/v1/cases/${caseId}/monitoring/commands`, { command: "set_reporting_rate", seconds: 10 });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toMatch(/durationMinutes/);
    const tooFast = await officer.post(`/api/v1/cases/${caseId}/monitoring/commands`, {
      command: "set_reporting_rate",
      seconds: 1,
      durationMinutes: 5,
    });
    expect(tooFast.statusCode).toBe(400);
    expect((await officer.post(`/api/v1/cases/${caseId}/monitoring/commands`, { command: "self_destruct" })).statusCode).toBe(400);
    const noDevice = await officer.post(`/api/v1/cases/${emptyCaseId}/monitoring/commands`, { command: "locate_now" });
    expect(noDevice.statusCode).toBe(409);
    expect(noDevice.json().message).toMatch(/no GPS device/);
    expect((await otherOfficer.post(`/api/v1/cases/${caseId}/monitoring/commands`, { command: "locate_now" })).statusCode).toBe(403);
    expect((await otherOfficer.get(`/api/v1/cases/${caseId}/monitoring/commands`)).statusCode).toBe(403);
    expect(received).toHaveLength(2);
    expect(await auditRows(test.db, "action = 'monitoring.command_send' AND outcome = 'denied'")).toEqual([
      expect.objectContaining({ actor_username: "officer.north2", record_id: caseId }),
    ]);
  });
});
