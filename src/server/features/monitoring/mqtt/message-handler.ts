import type { Logger } from "pino";
import type { IngestReadings, RecordCommandReply } from "./ingest-port";
import { parseReadingsPayload, parseReplyPayload } from "./payload";
import { parseDeviceTopic } from "./topics";

/** What the MQTT transport has seen since start (logged at shutdown; the tests read them). */
export type MqttCounters = {
  messages: number;
  readingsStored: number;
  duplicates: number;
  /** Readings the pipeline refused one by one (the rest of their message was stored). */
  readingErrors: number;
  /** Messages acknowledged without storing anything: not JSON, not readings, wrong device, unknown topic. */
  malformed: number;
  /** Messages not acknowledged because storing failed (they come again: the broker redelivers them). */
  ingestFailures: number;
  replies: number;
};

export type DeviceMessageHandler = {
  /**
   * Resolves when the message may be acknowledged: its readings are durably stored, or it is malformed (acknowledged so
   * the broker does not redeliver it forever: logged and counted). Rejects when storing failed: it must not be acked.
   */
  handle(topic: string, payload: Buffer): Promise<void>;
  counters: MqttCounters;
};

export function createDeviceMessageHandler(deps: {
  ingest: IngestReadings;
  recordReply: RecordCommandReply;
  log: Logger;
  clock?: () => Date;
}): DeviceMessageHandler {
  const clock = deps.clock ?? (() => new Date());
  const counters: MqttCounters = {
    messages: 0,
    readingsStored: 0,
    duplicates: 0,
    readingErrors: 0,
    malformed: 0,
    ingestFailures: 0,
    replies: 0,
  };
  const malformed = (topic: string, reason: string) => {
    counters.malformed += 1;
    deps.log.warn({ alert: "mqtt_malformed_message", topic, reason }, "MQTT message acknowledged without storing: malformed");
  };

  async function handle(topic: string, payload: Buffer): Promise<void> {
    counters.messages += 1;
    const device = parseDeviceTopic(topic);
    if (!device || device.kind === "commands") return malformed(topic, "not a device's readings or replies topic");
    const receivedAt = clock();
    if (device.kind === "replies") {
      const parsed = parseReplyPayload(payload, device.serial, receivedAt);
      if (!parsed.ok) return malformed(topic, parsed.reason);
      await deps.recordReply(parsed.reply);
      counters.replies += 1;
      return;
    }
    const parsed = parseReadingsPayload(payload, device.serial);
    if (!parsed.ok) return malformed(topic, parsed.reason);
    let result: Awaited<ReturnType<IngestReadings>>;
    try {
      result = await deps.ingest(parsed.readings, { transport: "mqtt", deviceSerial: device.serial, receivedAt });
    } catch (error) {
      counters.ingestFailures += 1;
      deps.log.error(
        { alert: "mqtt_ingest_failed", err: error, topic },
        "MQTT readings not stored; not acknowledged, the broker will redeliver",
      );
      throw error;
    }
    counters.readingsStored += result.stored;
    counters.duplicates += result.duplicates;
    counters.readingErrors += result.errors.length;
    if (result.errors.length > 0) {
      deps.log.warn(
        { topic, refused: result.errors.length, first: result.errors[0]?.message },
        "MQTT readings refused one by one; the rest of the message was stored",
      );
    }
  }
  return { handle, counters };
}
