import { z } from "zod";
import { expectedVersion, optionalText, recordVersion, text } from "./common";

// Electronic monitoring (issue 14 §1): the agency's device inventory, activations (a device on a case) and the vendor
// gateways that post telemetry.

export const deviceType = z.enum(["gps", "rf_home_unit", "transdermal_alcohol", "breath_alcohol"]);
export type DeviceType = z.infer<typeof deviceType>;
export const deviceTypeLabels: Record<DeviceType, string> = {
  gps: "GPS ankle monitor",
  rf_home_unit: "RF home unit",
  transdermal_alcohol: "Transdermal alcohol monitor",
  breath_alcohol: "Breath alcohol device",
};

export const deviceStatus = z.enum(["in_stock", "assigned", "lost", "repair", "retired"]);
export type DeviceStatus = z.infer<typeof deviceStatus>;
export const deviceStatusLabels: Record<DeviceStatus, string> = {
  in_stock: "In stock",
  assigned: "Assigned",
  lost: "Lost",
  repair: "In repair",
  retired: "Retired",
};

const serial = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, "letters, digits, dot, dash, colon or underscore");

export const device = z.object({
  id: z.uuid(),
  serial: z.string(),
  deviceType,
  vendor: z.string(),
  firmware: z.string().nullable(),
  status: deviceStatus,
  statusReason: z.string().nullable(),
  notes: z.string().nullable(),
  /** The person it is on now (assigned devices), for the inventory list. */
  assignedTo: z.object({ personId: z.uuid(), name: z.string(), caseId: z.uuid() }).nullable(),
  version: recordVersion,
});
export type Device = z.infer<typeof device>;

export const deviceList = z.object({ devices: z.array(device) });
export const deviceListQuery = z.strictObject({
  status: deviceStatus.optional(),
  deviceType: deviceType.optional(),
  q: z.string().trim().max(64).optional().describe("Part of the serial"),
});

export const newDeviceBody = z.strictObject({
  serial,
  deviceType,
  vendor: text(120),
  firmware: optionalText(60),
  notes: optionalText(2000),
});
export const updateDeviceBody = newDeviceBody.extend({ expectedVersion });

/** Assigned is set by installing the device on a person, never by hand. */
export const deviceStatusBody = z.strictObject({
  status: z.enum(["in_stock", "lost", "repair", "retired"]),
  reason: optionalText(500),
  expectedVersion,
});

export const activation = z.object({
  id: z.uuid(),
  deviceId: z.uuid(),
  serial: z.string(),
  deviceType,
  vendor: z.string(),
  installedAt: z.iso.datetime(),
  installedBy: z.string(),
  removedAt: z.iso.datetime().nullable(),
  removedBy: z.string().nullable(),
  removalReason: z.string().nullable(),
});
export type Activation = z.infer<typeof activation>;

export const installDeviceBody = z.strictObject({
  deviceId: z.uuid(),
  installedAt: z.iso.datetime({ offset: true }),
});
export const removeDeviceBody = z.strictObject({
  removedAt: z.iso.datetime({ offset: true }),
  reason: text(500),
});

// ─── Vendor gateways (administrators) ─────────────────────────────────────────────────────────────────────────────

export const gateway = z.object({
  id: z.uuid(),
  name: z.string(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  createdBy: z.string().nullable(),
  lastSeenAt: z.iso.datetime().nullable(),
});
export type Gateway = z.infer<typeof gateway>;
export const gatewayList = z.object({ gateways: z.array(gateway) });
export const newGatewayBody = z.strictObject({ name: text(120) });
/** The key and secret are answered once, when the gateway is made: only the key's hash and the sealed secret are kept. */
export const createdGateway = z.object({
  gateway,
  apiKey: z.string().describe("Send as the X-Api-Key header; shown once"),
  hmacSecret: z.string().describe("Signs each batch (HMAC-SHA256); shown once"),
});
export type CreatedGateway = z.infer<typeof createdGateway>;
