// The MQTT topics devices and Waypoint speak on (docs/MONITORING.md "## MQTT"). One topic tree per device, so a
// broker's access list can confine each device to its own serial.

export const topicRoot = "waypoint/devices";

/** A device publishes its readings here (QoS 1): one reading JSON object or an array of them. */
export const readingsTopic = (serial: string) => `${topicRoot}/${serial}/readings`;
/** Waypoint publishes commands for a device here (QoS 1); the device subscribes to its own. */
export const commandsTopic = (serial: string) => `${topicRoot}/${serial}/commands`;
/** A device answers a command here (QoS 1): {"commandId": "...", "status": "done" | "rejected", ...}. */
export const repliesTopic = (serial: string) => `${topicRoot}/${serial}/replies`;

export const allReadings = `${topicRoot}/+/readings`;
export const allReplies = `${topicRoot}/+/replies`;

/** Serials as the inventory allows them (1–64 characters) and never a topic wildcard or separator. */
export const serialPattern = /^[A-Za-z0-9._:-]{1,64}$/;

export type DeviceTopic = { serial: string; kind: "readings" | "commands" | "replies" };

/** The device and kind a topic names, or null for anything outside the device tree. */
export function parseDeviceTopic(topic: string): DeviceTopic | null {
  const parts = topic.split("/");
  if (parts.length !== 4 || `${parts[0]}/${parts[1]}` !== topicRoot) return null;
  const [, , serial = "", kind = ""] = parts;
  if (!serialPattern.test(serial)) return null;
  if (kind !== "readings" && kind !== "commands" && kind !== "replies") return null;
  return { serial, kind };
}

/** An MQTT 5 shared subscription: the broker hands each message to one member of the group (one server instance). */
export const sharedTopic = (group: string | null, topic: string) => (group ? `$share/${group}/${topic}` : topic);
