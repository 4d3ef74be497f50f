// MERGER: end to end through the real ingest pipeline (wt-ingest's ingest/pipeline.ts and migration 039), skipped on
// this branch where they are not present. After the merge: remove `.skip`; nothing else should need to change.
// A device publishes over the embedded broker; its PUBACK arrives only once the reading is in monitoring_reading.
import mqtt from "mqtt";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createTestApp, engineName } from "../../../test-support/harness";
import { devicePassword } from "./device-credentials";
import { startEmbeddedBroker } from "./embedded-broker";
import type { IngestReadings } from "./ingest-port";
import { createDeviceMessageHandler } from "./message-handler";
import { readingsTopic } from "./topics";

const pipelineModule = "../ingest/pipeline";

describe.skip(`MQTT readings through the ingest pipeline (${engineName})`, () => {
  it("stores a device's reading before its PUBACK, once however often it is sent", async () => {
    const test = await createTestApp();
    const { createIngestPipeline } = await import(/* @vite-ignore */ pipelineModule);
    const pipeline = createIngestPipeline(test.deps);
    const ingest: IngestReadings = (readings) => pipeline.ingestReadings(readings, { agencyId: null });
    const handler = createDeviceMessageHandler({ ingest, recordReply: async () => {}, log: pino({ level: "silent" }) });
    const secret = "device-secret-for-the-pipeline-test-0123456789";
    const broker = await startEmbeddedBroker({ host: "127.0.0.1", port: 0, deviceSecret: secret, handler, log: pino({ level: "silent" }) });
    try {
      const serial = "PIPE-0001";
      const [caseRow] = await test.db.query<{ id: string; agency_id: string; officer_id: string }>(
        "SELECT id, agency_id, officer_id FROM supervision_case ORDER BY id LIMIT 1",
      );
      const [device] = await test.db.query<{ id: string }>(
        "INSERT INTO monitoring_device (agency_id, serial, device_type, vendor, status) VALUES ($1, $2, 'gps', 'Simulated', 'assigned') RETURNING id",
        [caseRow!.agency_id, serial],
      );
      await test.db.query("INSERT INTO monitoring_activation (device_id, case_id, installed_at, installed_by) VALUES ($1, $2, $3, $4)", [
        device!.id,
        caseRow!.id,
        new Date(Date.now() - 3_600_000),
        caseRow!.officer_id,
      ]);
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
        username: serial,
        password: devicePassword(secret, serial),
        reconnectPeriod: 0,
      });
      const reading = { sequence: 1, eventTime: new Date().toISOString(), latitude: 53.44, longitude: -2.92, accuracyMeters: 8 };
      await client.publishAsync(readingsTopic(serial), JSON.stringify(reading), { qos: 1 });
      const stored = await test.db.query("SELECT sequence FROM monitoring_reading WHERE device_id = $1", [device!.id]);
      expect(stored).toHaveLength(1);
      await client.publishAsync(readingsTopic(serial), JSON.stringify([reading]), { qos: 1 });
      expect(await test.db.query("SELECT sequence FROM monitoring_reading WHERE device_id = $1", [device!.id])).toHaveLength(1);
      expect(handler.counters).toMatchObject({ readingsStored: 1, duplicates: 1 });
      await client.endAsync();
    } finally {
      await broker.close();
      await test.close();
    }
  });
});
