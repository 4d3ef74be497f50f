import type { CommandReply } from "./ingest-port";

// Payloads as devices send them. Checking the readings' own fields is the ingest pipeline's job; here only what the
// transport must know: is it JSON, one reading or an array, and does every reading name the device of its topic.

/** Most readings one MQTT message may carry (a device's backlog after a signal gap); more is a malformed message. */
export const maxReadingsPerMessage = 5_000;

export type ParsedReadings = { ok: true; readings: unknown[] } | { ok: false; reason: string };

export function parseReadingsPayload(payload: Buffer, topicSerial: string): ParsedReadings {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString("utf8"));
  } catch {
    return { ok: false, reason: "payload is not JSON" };
  }
  const readings = Array.isArray(value) ? value : [value];
  if (readings.length === 0) return { ok: false, reason: "empty array: no reading" };
  if (readings.length > maxReadingsPerMessage) return { ok: false, reason: `more than ${maxReadingsPerMessage} readings in one message` };
  for (const [index, reading] of readings.entries()) {
    if (typeof reading !== "object" || reading === null || Array.isArray(reading)) {
      return { ok: false, reason: `reading ${index} is not a JSON object` };
    }
    const deviceId = (reading as Record<string, unknown>).deviceId;
    // A device speaks for itself only: a reading naming another device is refused, not re-attributed.
    if (deviceId !== undefined && deviceId !== topicSerial) {
      return { ok: false, reason: `reading ${index} names device ${String(deviceId)}, not the topic's ${topicSerial}` };
    }
  }
  // The topic names the device; a reading that leaves deviceId out gets it from there.
  return { ok: true, readings: readings.map((reading) => ({ deviceId: topicSerial, ...(reading as object) })) };
}

export function parseReplyPayload(
  payload: Buffer,
  topicSerial: string,
  receivedAt: Date,
): { ok: true; reply: CommandReply } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString("utf8"));
  } catch {
    return { ok: false, reason: "payload is not JSON" };
  }
  if (typeof value !== "object" || value === null) return { ok: false, reason: "reply is not a JSON object" };
  const { commandId, status, detail } = value as Record<string, unknown>;
  if (typeof commandId !== "string" || !/^[0-9a-f-]{36}$/i.test(commandId))
    return { ok: false, reason: "commandId must be the command's id" };
  if (status !== "done" && status !== "rejected") return { ok: false, reason: 'status must be "done" or "rejected"' };
  const text = typeof detail === "string" ? detail.slice(0, 500) : null;
  return { ok: true, reply: { deviceSerial: topicSerial, commandId, status, detail: text, receivedAt } };
}
