import { z } from "zod";
import { caseloadTag } from "./cases";
import { expectedVersion, recordVersion, text } from "./common";
import { activation, deviceType } from "./monitoring-devices";

// Electronic monitoring (issue 14 §2): zones and their schedules. A person's zones come from their conditions (curfew →
// home, geographic restriction → its circle) or are drawn on the map or imported; shared agency zones (all schools)
// apply to the cases carrying a tag. A change is a new zone row from the change's time; the old one ends then.

export const zoneKind = z.enum(["inclusion", "exclusion"]);
export const zoneKindLabels = { inclusion: "Must be inside (inclusion)", exclusion: "Must stay out (exclusion)" } as const;
export const zonePurpose = z.enum(["home", "work", "treatment", "victim", "school", "restricted_area", "other"]);
export type ZonePurpose = z.infer<typeof zonePurpose>;
export const zonePurposeLabels: Record<ZonePurpose, string> = {
  home: "Home",
  work: "Work",
  treatment: "Treatment",
  victim: "Victim's residence",
  school: "School",
  restricted_area: "Restricted area",
  other: "Other",
};

const longitude = z.number().min(-180).max(180);
const latitude = z.number().min(-90).max(90);
/** [longitude, latitude], as GeoJSON orders them. */
const position = z.tuple([longitude, latitude]);

/** Vertices a drawn or imported polygon may have (the engine tests each reading against every edge). */
export const maxPolygonVertices = 2000;

export const polygonGeometry = z.strictObject({
  type: z.literal("Polygon"),
  coordinates: z.array(z.array(position).min(4).max(maxPolygonVertices)).min(1).max(20),
});
export const circleGeometry = z.strictObject({
  type: z.literal("Circle"),
  center: position,
  radiusMeters: z.number().min(5).max(100_000),
});
export const zoneGeometry = z.discriminatedUnion("type", [polygonGeometry, circleGeometry]);
export type ZoneGeometry = z.infer<typeof zoneGeometry>;

export const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a 24-hour time from 00:00 to 23:59");
/** A weekly window: the days it starts on, from start to end in the agency's wall clock (an end before the start runs overnight). */
export const scheduleWindow = z.strictObject({ days: z.array(weekday).min(1).max(7), start: clockTime, end: clockTime });

export const scheduleException = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  /** excused: the schedule is off in [from, to) (a late shift); extra: it is in force then. */
  kind: z.enum(["excused", "extra"]),
  reason: z.string(),
  approvedBy: z.string(),
  approvedAt: z.iso.datetime(),
});
export const zoneSchedule = z.object({
  timeZone: z.string(),
  windows: z.array(scheduleWindow),
  exceptions: z.array(scheduleException),
});

export const zone = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: zoneKind,
  purpose: zonePurpose,
  geometry: zoneGeometry,
  bufferMeters: z.number().int(),
  /** null: always in force. */
  schedule: zoneSchedule.nullable(),
  validFrom: z.iso.datetime(),
  validTo: z.iso.datetime().nullable(),
  endReason: z.string().nullable(),
  /** The condition it comes from (its title), or null for a zone drawn or imported by hand. */
  conditionTitle: z.string().nullable(),
  appliesToTag: caseloadTag.nullable(),
  replaces: z.uuid().nullable(),
  version: recordVersion,
});
export type Zone = z.infer<typeof zone>;

/** The person's Monitoring section: whether the case is monitored, its devices, zones and what is missing. */
export const caseMonitoring = z.object({
  caseId: z.uuid(),
  caseClosed: z.boolean(),
  /** An electronic-monitoring condition in force makes the case monitored; its technologies say which devices fit. */
  monitored: z.boolean(),
  deviceTypes: z.array(deviceType),
  activations: z.array(activation),
  availableDevices: z.array(z.object({ id: z.uuid(), serial: z.string(), deviceType, vendor: z.string() })),
  zones: z.array(zone),
  /** Curfew conditions with no zone because the home address has no map position. */
  homePositionNeeded: z.array(z.object({ conditionId: z.uuid(), title: z.string() })),
  home: z.object({ addressId: z.uuid(), label: z.string(), latitude: z.number().nullable(), longitude: z.number().nullable() }).nullable(),
  timeZone: z.string(),
  homeRadiusMeters: z.number().int(),
});
export type CaseMonitoring = z.infer<typeof caseMonitoring>;

export const newZoneBody = z.strictObject({
  name: text(160),
  kind: zoneKind,
  purpose: zonePurpose,
  geometry: zoneGeometry,
  bufferMeters: z.number().int().min(0).max(10_000),
  /** Weekly windows in the agency's time zone; null: always in force. */
  schedule: z.strictObject({ windows: z.array(scheduleWindow).min(1).max(14) }).nullable(),
});
export type NewZoneBody = z.infer<typeof newZoneBody>;
export const replaceZoneBody = newZoneBody.extend({ expectedVersion });
export const endZoneBody = z.strictObject({ reason: text(500), expectedVersion });
export const zoneExceptionBody = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  kind: z.enum(["excused", "extra"]),
  reason: text(500),
  expectedVersion,
});
export const homePositionBody = z.strictObject({ latitude, longitude });

/** A GeoJSON FeatureCollection and what its features become (each feature's polygon is one zone). */
const importFields = {
  featureCollection: z.unknown().describe("A GeoJSON FeatureCollection of Polygon (or MultiPolygon) features"),
  nameProperty: z.string().trim().min(1).max(60).default("name").describe("The feature property that names each zone"),
  kind: zoneKind,
  purpose: zonePurpose,
  bufferMeters: z.number().int().min(0).max(10_000),
};
export const caseZoneImportBody = z.strictObject(importFields);
export const sharedZoneImportBody = z.strictObject({ ...importFields, appliesToTag: caseloadTag });
export const zoneImportResult = z.object({ created: z.number().int(), zones: z.array(zone) });

export const sharedZoneList = z.object({ zones: z.array(zone), total: z.number().int() });
export const endSharedZoneBody = endZoneBody;
