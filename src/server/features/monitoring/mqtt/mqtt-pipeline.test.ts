// End to end through the real ingest pipeline: a device publishes over the embedded broker; its PUBACK arrives only once the reading is in monitoring_reading.
import mqtt from "mqtt";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createTestApp, engineName } from "../../../test-support/harness";
import { addMonitoredPeople } from "../../../test-support/monitoring-fixtures";
import { createIngestPipeline } from "../ingest/pipeline";
import { devicePassword } from "./device-credentials";
import { startEmbeddedBroker } from "./embedded-broker";
import type { IngestReadings } from "./ingest-port";
import { createDeviceMessageHandler } from "./message-handler";
import { readingsTopic } from "./topics";

describe(`MQTT readings through the ingest pipeline (${engineName})`, () => {
  it("stores a device's reading before its PUBACK, once however often it is sent", async () => {
    const test = await createTestApp();
    const pipeline = createIngestPipeline(test.deps);
    const ingest: IngestReadings = (readings) => pipeline.ingestReadings(readings, { agencyId: null });
    const handler = createDeviceMessageHandler({ ingest, recordReply: async () => {}, log: pino({ level: "silent" }) });
    const secret = "device-secret-for-the-pipeline-test-0123456789";
    const broker = await startEmbeddedBroker({ host: "127.0.0.1", port: 0, deviceSecret: secret, handler, log: pino({ level: "silent" }) });
    try {
      const [person] = await addMonitoredPeople(test.db, {
        count: 1,
        serialPrefix: "PIPE-",
        installedAt: new Date(Date.now() - 3_600_000),
      });
      const { serial, deviceId } = person!;
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
        username: serial,
        password: devicePassword(secret, serial),
        reconnectPeriod: 0,
      });
      const reading = { sequence: 1, eventTime: new Date().toISOString(), latitude: 53.44, longitude: -2.92, accuracyMeters: 8 };
      await client.publishAsync(readingsTopic(serial), JSON.stringify(reading), { qos: 1 });
      const stored = await test.db.query("SELECT sequence FROM monitoring_reading WHERE device_id = $1", [deviceId]);
      expect(stored).toHaveLength(1);
      await client.publishAsync(readingsTopic(serial), JSON.stringify([reading]), { qos: 1 });
      expect(await test.db.query("SELECT sequence FROM monitoring_reading WHERE device_id = $1", [deviceId])).toHaveLength(1);
      expect(handler.counters).toMatchObject({ readingsStored: 1, duplicates: 1 });
      await client.endAsync();
    } finally {
      await broker.close();
      await test.close();
    }
  });
});
