import { z } from "zod";

// Telemetry ingest (issue 14 §3): one reading as a vendor gateway (HTTP) or a device (MQTT) sends it. A batch is
// checked reading by reading, not as a whole: a bad reading is named in `errors` while the good ones are stored.

/** How long a batch may be; a bigger one is refused whole (HTTP 413), so one request cannot hold a transaction long. */
export const maxReadingsPerBatch = 20_000;

const finite = (what: string) => z.number({ error: `${what} must be a number` }).refine(Number.isFinite, `${what} must be a finite number`);

export const telemetryReading = z.object({
  /** The device's serial as it reports it (monitoring_device.serial). */
  deviceId: z
    .string({ error: "deviceId must be the device's serial" })
    .min(1, "deviceId must not be empty")
    .max(64, "deviceId is longer than 64 characters")
    .refine((serial) => !serial.includes("\u0000"), "deviceId must not contain the NUL character"),
  /** The device's own counter: (deviceId, sequence) identifies a reading; a repeat is a duplicate, stored once. */
  sequence: z
    .number({ error: "sequence must be a non-negative integer" })
    .int("sequence must be a non-negative integer")
    .min(0, "sequence must be a non-negative integer")
    .max(Number.MAX_SAFE_INTEGER, "sequence is too large"),
  /** When the device measured it, ISO 8601 with a zone offset. */
  eventTime: z.iso.datetime({ offset: true, error: "eventTime must be an ISO 8601 date and time with a zone, e.g. 2026-03-01T10:00:00Z" }),
  latitude: finite("latitude")
    .min(-90, "latitude must be between -90 and 90")
    .max(90, "latitude must be between -90 and 90")
    .nullable()
    .default(null),
  longitude: finite("longitude")
    .min(-180, "longitude must be between -180 and 180")
    .max(180, "longitude must be between -180 and 180")
    .nullable()
    .default(null),
  /** Horizontal accuracy radius in metres. */
  accuracyMeters: finite("accuracyMeters").min(0, "accuracyMeters must not be negative").nullable().default(null),
  speedKph: finite("speedKph").min(0, "speedKph must not be negative").nullable().default(null),
  batteryPercent: finite("batteryPercent")
    .min(0, "batteryPercent must be between 0 and 100")
    .max(100, "batteryPercent must be between 0 and 100")
    .nullable()
    .default(null),
  /** The strap was opened or cut (tamper). */
  strapTamper: z.boolean({ error: "strapTamper must be true or false" }).default(false),
  charging: z.boolean({ error: "charging must be true or false" }).nullable().default(null),
  signalStrength: finite("signalStrength").nullable().default(null),
  /** Breath-alcohol concentration in mg/L. */
  alcoholMgPerL: finite("alcoholMgPerL").min(0, "alcoholMgPerL must not be negative").nullable().default(null),
});
export type TelemetryReading = z.input<typeof telemetryReading>;
export type ValidTelemetryReading = z.output<typeof telemetryReading>;

export const readingError = z.object({
  /** Position of the reading in the batch (0-based; the line for NDJSON, counting from 0). */
  index: z.number().int(),
  deviceId: z.string().nullable(),
  sequence: z.number().nullable(),
  message: z.string(),
});
export type ReadingError = z.infer<typeof readingError>;

/** The answer to a batch: readings newly stored, repeats of readings already stored (not stored again), and the refused. */
export const ingestResult = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
  errors: z.array(readingError),
});
export type IngestResult = z.infer<typeof ingestResult>;

export const ingestRefusal = z.object({ error: z.string(), message: z.string() });
