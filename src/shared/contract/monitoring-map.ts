import { z } from "zod";
import { uuid } from "./common";

// Electronic monitoring (issue 14 §6, §9): live positions of the caseload, a person's track played back over a window,
// and the supervisors' crime-scene search. Positions are a supervised person's location data: every read is audited.

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

/** How far back the live map looks for a last fix: an activation silent for longer shows "no recent position". */
export const livePositionLookbackHours = 72;

export const livePosition = z.object({
  activationId: uuid,
  caseId: uuid,
  personId: uuid,
  personName: z.string(),
  deviceSerial: z.string(),
  deviceType: z.string(),
  /** The last fix within the lookback, null when the device has sent none. */
  position: z
    .object({
      eventTime: z.iso.datetime(),
      latitude,
      longitude,
      accuracyMeters: z.number().nullable(),
      speedKph: z.number().nullable(),
      batteryPercent: z.number().nullable(),
    })
    .nullable(),
});
export type LivePosition = z.infer<typeof livePosition>;

export const livePositions = z.object({
  /** The server's clock, so "minutes since the last fix" does not depend on the browser's. */
  asOf: z.iso.datetime(),
  lookbackHours: z.number().int(),
  positions: z.array(livePosition),
});
export type LivePositions = z.infer<typeof livePositions>;

/** Playback windows longer than this are refused; one day of one-minute fixes is 1,440 points. */
export const maxTrackWindowHours = 24;
/** A track longer than this is thinned to this many points (evenly by index, first and last kept). */
export const maxTrackPoints = 5_000;

export const trackQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).describe("Start of the window"),
  to: z.iso.datetime({ offset: true }).describe(`End of the window (at most ${maxTrackWindowHours} hours after the start)`),
});

export const trackPoint = z.object({
  eventTime: z.iso.datetime(),
  latitude,
  longitude,
  accuracyMeters: z.number().nullable(),
  speedKph: z.number().nullable(),
  batteryPercent: z.number().nullable(),
});
export type TrackPoint = z.infer<typeof trackPoint>;

/** A zone in force at some time of the window; geometry as stored (GeoJSON Polygon or the Circle shape). */
export const trackZone = z.object({
  id: uuid,
  name: z.string(),
  kind: z.enum(["inclusion", "exclusion"]),
  shared: z.boolean(),
  validFrom: z.iso.datetime(),
  validTo: z.iso.datetime().nullable(),
  geometry: z.union([
    z.object({ type: z.literal("Polygon"), coordinates: z.array(z.array(z.array(z.number()))) }),
    z.object({ type: z.literal("Circle"), center: z.array(z.number()), radiusMeters: z.number() }),
  ]),
});
export type TrackZone = z.infer<typeof trackZone>;

export const track = z.object({
  caseId: uuid,
  personName: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  /** Fixes in the window before thinning; points has at most maxTrackPoints of them in time order. */
  totalPoints: z.number().int(),
  downsampled: z.boolean(),
  points: z.array(trackPoint),
  zones: z.array(trackZone),
});
export type Track = z.infer<typeof track>;

/** Crime-scene search limits: a scene, not a city, and a week, not a season. */
export const maxCrimeSceneRadiusMeters = 5_000;
export const maxCrimeSceneWindowDays = 7;

export const crimeSceneBody = z.strictObject({
  latitude,
  longitude,
  radiusMeters: z.number().int().min(10).max(maxCrimeSceneRadiusMeters),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  reason: z.string().trim().min(10, "State the reason for this search (at least 10 characters), for example the incident number").max(1000),
});
export type CrimeSceneBody = z.infer<typeof crimeSceneBody>;

export const crimeScenePoint = z.object({
  eventTime: z.iso.datetime(),
  latitude,
  longitude,
  distanceMeters: z.number(),
  accuracyMeters: z.number().nullable(),
  speedKph: z.number().nullable(),
});

export const crimeSceneMatch = z.object({
  activationId: uuid,
  caseId: uuid,
  personId: uuid,
  personName: z.string(),
  deviceSerial: z.string(),
  closestDistanceMeters: z.number(),
  closestAt: z.iso.datetime(),
  /** Every reading inside the circle in the window, in time order. */
  points: z.array(crimeScenePoint),
});
export type CrimeSceneMatch = z.infer<typeof crimeSceneMatch>;

export const crimeSceneResult = z.object({
  readingsExamined: z.number().int(),
  matches: z.array(crimeSceneMatch),
});
export type CrimeSceneResult = z.infer<typeof crimeSceneResult>;
