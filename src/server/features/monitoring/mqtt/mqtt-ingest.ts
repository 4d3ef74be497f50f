import type { Logger } from "pino";
import type { Config } from "../../../config";
import { type EmbeddedBroker, startEmbeddedBroker } from "./embedded-broker";
import type { IngestReadings, RecordCommandReply } from "./ingest-port";
import { createDeviceMessageHandler, type MqttCounters } from "./message-handler";
import { type MqttSubscriber, startMqttSubscriber } from "./subscriber";

/** Sends a command to a device (commands topic, QoS 1); null when MQTT is off. */
export type DeviceCommandChannel = { publish(serial: string, payload: string): Promise<void> };

export type MqttIngest = {
  commands: DeviceCommandChannel;
  counters: MqttCounters;
  /** Where devices connect: the embedded broker's port, or the external broker's URL (credentials hidden). */
  describe: string;
  close(): Promise<void>;
};

/**
 * Starts MQTT telemetry as configured: the embedded broker (readings stored before the device's PUBACK), or a
 * subscriber of the external broker (PUBACK to the broker after storing). main.ts calls it after the database is ready.
 */
export async function startMqttIngest(options: {
  config: NonNullable<Config["mqtt"]>;
  ingest: IngestReadings;
  recordReply: RecordCommandReply;
  log: Logger;
}): Promise<MqttIngest> {
  const log = options.log.child({ part: "mqtt" });
  const handler = createDeviceMessageHandler({ ingest: options.ingest, recordReply: options.recordReply, log });
  const config = options.config;
  let transport: EmbeddedBroker | MqttSubscriber;
  let describe: string;
  if (config.kind === "embedded") {
    try {
      transport = await startEmbeddedBroker({ host: config.host, port: config.port, deviceSecret: config.deviceSecret, handler, log });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
        throw new Error(
          `MQTT_PORT ${config.port} on ${config.host} is in use: set MQTT_PORT to a free port (0: any), MQTT_URL for an external broker, or MQTT_ENABLED=false`,
        );
      }
      throw error;
    }
    describe = `mqtt://${config.host}:${transport.port}`;
  } else {
    const subscriber = startMqttSubscriber({ url: config.url, clientId: config.clientId, sharedGroup: config.sharedGroup, handler, log });
    transport = subscriber;
    describe = config.url.replace(/\/\/[^@/]*@/, "//***@");
  }
  return {
    commands: { publish: (serial, payload) => transport.publishCommand(serial, payload) },
    counters: handler.counters,
    describe,
    close: async () => {
      await transport.close();
      log.info({ counters: handler.counters }, "MQTT stopped");
    },
  };
}
