import { createHmac, timingSafeEqual } from "node:crypto";

// Each device's MQTT password for the embedded broker: HMAC-SHA256(device secret, serial), base64url. Nothing to
// store per device, yet a leaked password lets its holder speak only as that one device (the broker confines a
// client to the topics of the serial it signed in with).

export function devicePassword(deviceSecret: string, serial: string): string {
  return createHmac("sha256", deviceSecret).update(`device:${serial}`).digest("base64url");
}

export function isDevicePassword(deviceSecret: string, serial: string, password: Buffer | string | undefined): boolean {
  if (password === undefined) return false;
  const expected = Buffer.from(devicePassword(deviceSecret, serial));
  const given = Buffer.isBuffer(password) ? password : Buffer.from(password);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
