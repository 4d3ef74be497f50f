// The monitoring rules engine's vocabulary. Ingest, zones and alerts code against these names: change them only
// together with those callers. The engine is pure and in process: no database, no HTTP, no clock of its own.

/** One telemetry reading as ingest validated it. Alcohol-only readings may have no position. */
export interface Reading {
  deviceId: string;
  /** The device's own counter; (deviceId, sequence) identifies a reading, a repeat is a duplicate. */
  sequence: number;
  /** When the device measured it (millisecond precision). Rules run in event-time order, not arrival order. */
  eventTime: Date;
  latitude: number | null;
  longitude: number | null;
  /** Horizontal accuracy radius (metres, ~68 %); null means unknown (the settings' `unknownAccuracyMeters` is used). */
  accuracyMeters: number | null;
  speedKph: number | null;
  batteryPercent: number | null;
  strapTamper: boolean;
  charging: boolean | null;
  signalStrength: number | null;
  /** Breath-alcohol concentration in mg/L (BrAC). Transdermal (TAC) devices are converted by ingest; null = not measured. */
  alcoholMgPerL: number | null;
}

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export interface ScheduleWindow {
  /** The days on which the window STARTS (an overnight window started on Friday runs into Saturday morning). */
  days: Weekday[];
  /** Local wall-clock time in the schedule's time zone, "HH:MM". */
  start: string;
  /** "HH:MM"; an end at or before the start means the window runs overnight into the next day. */
  end: string;
}

export interface ScheduleException {
  from: Date;
  to: Date;
  /** excused: the schedule is not in force in [from, to) (wins over extra); extra: it is in force in [from, to). */
  kind: "excused" | "extra";
}

export interface Schedule {
  /** IANA time zone, e.g. "America/New_York": windows follow its wall clock across daylight-saving changes. */
  timeZone: string;
  windows: ScheduleWindow[];
  exceptions: ScheduleException[];
}

export type ZoneGeometry =
  | { type: "Polygon"; coordinates: number[][][] }
  | { type: "Circle"; center: [number, number]; radiusMeters: number };

export interface Zone {
  id: string;
  name: string;
  /** inclusion: must be inside while its schedule is in force (curfew at home); exclusion: must stay out. */
  kind: "inclusion" | "exclusion";
  /** GeoJSON Polygon (lon, lat; first ring outer, others holes) or a circle with its centre as [lon, lat]. */
  geometry: ZoneGeometry;
  /** Exclusion zones: the ring around the zone that raises an "approaching" warning. Ignored for inclusion zones. */
  bufferMeters: number;
  /**
   * inclusion: the windows when presence is required (null = required at all times, e.g. home detention);
   * exclusion: the windows when the zone is excluded (null = always excluded, e.g. a victim's residence).
   */
  schedule: Schedule | null;
  validFrom: Date;
  validTo: Date | null;
}

export interface RuleSettings {
  /** A battery at or below this percentage raises low_battery. */
  lowBatteryPercent: number;
  /** Hysteresis: low_battery clears only once the battery is back at lowBatteryPercent + this. */
  batteryHysteresisPercent: number;
  /** No reading (by event time) for this long raises no_signal (checkTimers). */
  noSignalMinutes: number;
  /** Breath alcohol (mg/L) that counts as a positive reading; two consecutive positives raise alcohol_detected. */
  alcoholThresholdMgPerL: number;
  /** One reading at or above this is enough on its own. */
  alcoholHighThresholdMgPerL: number;
  /** Entry/exit confirmation: this many consecutive readings observing the new side (uncertain ones do not break it)... */
  confirmReadings: number;
  /** ...or the first one held this long without a contradicting reading, whichever comes first. */
  confirmHoldSeconds: number;
  /** After a curfew window starts, absence is raised only from start + this grace. */
  curfewGraceMinutes: number;
  /** Hysteresis: a reading counts against the confirmed level only when beyond the boundary by accuracy + this. */
  boundaryMarginMeters: number;
  /** Accuracy assumed for a reading that reports none. */
  unknownAccuracyMeters: number;
  /** A reading less accurate than this says nothing about zones (it is "uncertain" for every zone). */
  maxAccuracyMeters: number;
  /** Late readings up to this far behind the newest event time are re-evaluated exactly (see engine.ts). */
  reorderWindowMinutes: number;
  /** Cap on readings kept for re-evaluation per activation (keeps the stored state small at high reporting rates). */
  maxBufferedReadings: number;
}

export type ContainmentLevel = "outside" | "approaching" | "inside";

/** Per-zone containment state machine. Times are epoch milliseconds so the state is plain JSON. */
export interface ZoneRuleState {
  /** The confirmed level. */
  level: ContainmentLevel;
  /** The candidate level awaiting confirmation, with its count of consecutive confirming readings and first time. */
  pendingLevel: ContainmentLevel | null;
  pendingCount: number;
  pendingSince: number;
  /** When `level` was confirmed (the confirming reading's event time). */
  levelSince: number;
  /** Exclusion: an entry (or approach) alert is open and awaits its exit (or cleared) event. */
  entryOpen: boolean;
  approachOpen: boolean;
  /** Inclusion: the start (epoch ms) of the schedule window whose absence was raised by a reading, or null. */
  absenceWindow: number | null;
}

/** The part of the state that readings alone determine: replayable from a checkpoint. */
export interface RuleState {
  /** Event time (epoch ms) of the last reading folded into this state, or null before the first. */
  lastEventTime: number | null;
  lastSequence: number | null;
  zones: Record<string, ZoneRuleState>;
  tamperOpen: boolean;
  lowBatteryOpen: boolean;
  notChargingOpen: boolean;
  lastBatteryPercent: number | null;
  alcoholPositiveCount: number;
  alcoholOpen: boolean;
}

/** A reading kept for re-evaluation: the fields the rules use, its time as epoch ms (plain JSON, kept small). */
export interface BufferedReading {
  deviceId: string;
  sequence: number;
  eventTime: number;
  latitude: number | null;
  longitude: number | null;
  accuracyMeters: number | null;
  batteryPercent: number | null;
  strapTamper: boolean;
  charging: boolean | null;
  alcoholMgPerL: number | null;
}

/** Clock-driven state (checkTimers and what clears it); not replayed. */
export interface TimerState {
  /** When the activation started (epoch ms): a curfew window already running then counts from here, not its start. */
  since: number;
  /** Newest event time seen (epoch ms), or the activation's start before any reading: the no-signal clock. */
  lastEventTime: number;
  /** no_signal is open since this last event time; a newer reading raises signal_restored. */
  noSignalSince: number | null;
  /** Inclusion zones whose absence checkTimers raised: zone id → window start (epoch ms) and whether it cleared. */
  curfew: Record<string, { window: number; cleared: boolean }>;
}

/**
 * Everything the engine needs between calls for one activation; plain JSON (epoch ms numbers, no Dates) so the caller
 * stores it in a row (`JSON.stringify`) and reads it back with `parseActivationState`.
 */
export interface ActivationState {
  version: 1;
  /** Rule state after every reading with eventTime ≤ checkpoint.lastEventTime that is no longer buffered. */
  checkpoint: RuleState;
  /** Readings after the checkpoint, sorted by (eventTime, sequence): the reorder window. */
  buffer: BufferedReading[];
  /** Rule state after checkpoint + buffer: what the newest reading saw. */
  head: RuleState;
  /** Keys of alerts raised from buffered readings, to raise each once and withdraw one a late reading disproves. */
  emitted: string[];
  timers: TimerState;
}

export type AlertKind =
  | "exclusion_zone_entry"
  | "exclusion_zone_exit"
  | "exclusion_zone_approach"
  | "exclusion_zone_approach_cleared"
  | "inclusion_zone_absence"
  | "inclusion_zone_returned"
  | "strap_tamper"
  | "strap_tamper_cleared"
  | "low_battery"
  | "battery_recovered"
  | "not_charging"
  | "charging_resumed"
  | "no_signal"
  | "signal_restored"
  | "alcohol_detected"
  | "alcohol_cleared"
  /** Not an alert: an instruction to withdraw the alert `withdrawsKey` (a late reading disproved it). */
  | "alert_withdrawn";

export type AlertSeverity = "high" | "medium" | "low";

export interface AlertEvent {
  kind: AlertKind;
  severity: AlertSeverity;
  /**
   * Stable identity of this alert within the activation (same readings → same key, whatever the arrival order):
   * store it with a unique constraint to make raising idempotent. Apply events in the order returned: a key that was
   * withdrawn can be raised again by later late readings (treat raising as an upsert that reopens it).
   */
  key: string;
  /** For a "cleared" kind: the kind of the open alert it clears (auto-clear); for alert_withdrawn: the withdrawn kind. */
  clears?: AlertKind;
  /** alert_withdrawn only: the key of the alert a late reading disproved. */
  withdrawsKey?: string;
  zoneId?: string;
  eventTime: Date;
  reading?: { sequence: number; latitude: number | null; longitude: number | null };
  /** Plain words for the officer. */
  detail: string;
}

export interface EvaluateResult {
  state: ActivationState;
  /** In event-time order. */
  alerts: AlertEvent[];
  /** Readings ignored as duplicates of a buffered reading. */
  duplicates: number;
  /** Readings older than the reorder window: evaluated alone for tamper and alcohol only (see engine.ts). */
  tooLate: number;
}

export interface TimerResult {
  state: ActivationState;
  alerts: AlertEvent[];
}
