import {
  APPROACHING,
  type CompiledZone,
  classify,
  INSIDE,
  type Observation,
  OUTSIDE,
  ruleBuffer,
  signedDistanceMeters,
  UNCERTAIN,
} from "./geometry";
import { windowStartAt } from "./schedule";
import { defaultRuleSettings } from "./settings";
import type {
  ActivationState,
  AlertEvent,
  AlertKind,
  AlertSeverity,
  BufferedReading,
  ContainmentLevel,
  EvaluateResult,
  Reading,
  RuleSettings,
  RuleState,
  TimerResult,
  Zone,
  ZoneRuleState,
} from "./types";
import { ZoneIndex } from "./zone-index";

/*
 * Event-time evaluation with late and out-of-order readings
 * ---------------------------------------------------------
 * The state keeps a checkpoint (rule state after the older readings), the readings of the last
 * `reorderWindowMinutes` after it (the buffer, at most `maxBufferedReadings`), and the head (checkpoint + buffer).
 *  - A reading newer than the head (the usual case) is applied to the head at once and its alerts returned at once.
 *  - A late reading newer than the checkpoint is inserted into the buffer and the head is recomputed from the checkpoint
 *    over the buffer in event-time order. Alerts the recomputation raises that were not raised before are returned; an
 *    alert raised before that the recomputation no longer raises (a late reading broke its confirmation) is returned as
 *    `alert_withdrawn` naming its key. So the alerts raised minus those withdrawn are exactly those of evaluating all
 *    readings sorted by event time, whatever their arrival order, as long as each reading arrives within the reorder
 *    window of the newest one (tests prove it on real trajectories shuffled).
 *  - A reading at or before the checkpoint (later than the window) is "too late": it is evaluated alone for the rules
 *    that need no history (strap tamper, alcohol at the threshold) and counted in `tooLate`; it does not move zone state.
 *  - A reading with the (deviceId, sequence) of a buffered one is a duplicate and ignored. Older duplicates cannot be
 *    recognised here: ingest stores readings idempotently on (device, sequence) and passes only new ones.
 * Readings leave the buffer into the checkpoint once older than the window (or over the cap), so the stored state
 * stays small and an in-order reading costs two applications (head now, checkpoint later).
 *
 * Entry/exit confirmation (anti-flapping)
 * ---------------------------------------
 * Each reading is classified per zone with its accuracy radius: inside only if inside by more than the radius, outside
 * only if outside (the buffer ring for exclusion zones) by more than it, approaching only if surely in the ring, else
 * uncertain. An observation that differs from the confirmed level must also hold with the radius grown by
 * `boundaryMarginMeters` (10 m; hysteresis against fixes whose error exceeds their stated accuracy), else it is
 * uncertain. Uncertain readings never change a zone's level. A new level is confirmed by `confirmReadings` (2)
 * consecutive readings observing it, or by its first observation held `confirmHoldSeconds` (60 s), judged at a later
 * reading, whichever comes first. Uncertain readings in between neither count nor break the run as long as their best
 * estimate (the fix itself) lies on the new side of the boundary; one whose fix lies on the old side cancels the
 * pending change, as does a reading observing the confirmed level. Readings too inaccurate to use do neither.
 */

const SEVERITY: Record<AlertKind, AlertSeverity> = {
  exclusion_zone_entry: "high",
  exclusion_zone_exit: "low",
  exclusion_zone_approach: "medium",
  exclusion_zone_approach_cleared: "low",
  inclusion_zone_absence: "high",
  inclusion_zone_returned: "low",
  strap_tamper: "high",
  strap_tamper_cleared: "low",
  low_battery: "low",
  battery_recovered: "low",
  not_charging: "medium",
  charging_resumed: "low",
  no_signal: "medium",
  signal_restored: "low",
  alcohol_detected: "high",
  alcohol_cleared: "low",
  alert_withdrawn: "low",
};

const CLEARS: Partial<Record<AlertKind, AlertKind>> = {
  exclusion_zone_exit: "exclusion_zone_entry",
  exclusion_zone_approach_cleared: "exclusion_zone_approach",
  inclusion_zone_returned: "inclusion_zone_absence",
  strap_tamper_cleared: "strap_tamper",
  battery_recovered: "low_battery",
  charging_resumed: "not_charging",
  signal_restored: "no_signal",
  alcohol_cleared: "alcohol_detected",
};

const LEVELS: readonly ContainmentLevel[] = ["outside", "approaching", "inside"];
const LEVEL_OF: Record<ContainmentLevel, Observation> = { outside: OUTSIDE, approaching: APPROACHING, inside: INSIDE };

/**
 * Zones as evaluate and checkTimers take them: plain zones and/or prebuilt indexes. A Zone object is compiled once and
 * cached by identity, so treat it as immutable: a changed zone (a moving victim zone, a new condition version) is a new
 * object with the same id, which keeps its rule state.
 */
export type ZoneSource = ZoneIndex | readonly (Zone | ZoneIndex)[];

// Compiled per array of zones; the items are compared on each call, so an array changed in place is recompiled.
const sourceCache = new WeakMap<object, { items: (Zone | ZoneIndex)[]; indexes: ZoneIndex[] }>();

function indexesOf(source: ZoneSource): ZoneIndex[] {
  if (source instanceof ZoneIndex) return [source];
  const cached = sourceCache.get(source);
  if (cached && cached.items.length === source.length && cached.items.every((item, i) => item === source[i])) return cached.indexes;
  const plain: Zone[] = [];
  const indexes: ZoneIndex[] = [];
  for (const item of source) {
    if (item instanceof ZoneIndex) indexes.push(item);
    else plain.push(item);
  }
  if (plain.length > 0) indexes.push(new ZoneIndex(plain));
  sourceCache.set(source, { items: [...source], indexes });
  return indexes;
}

function zoneById(indexes: ZoneIndex[], id: string): CompiledZone | undefined {
  for (const index of indexes) {
    const z = index.get(id);
    if (z) return z;
  }
  return undefined;
}

/** A fresh state for an activation; `since` (install time) starts the no-signal clock before the first reading. */
export function newActivationState(since: Date): ActivationState {
  return {
    version: 1,
    checkpoint: emptyRuleState(),
    buffer: [],
    head: emptyRuleState(),
    emitted: [],
    timers: { since: since.getTime(), lastEventTime: since.getTime(), noSignalSince: null, curfew: {} },
  };
}

function emptyRuleState(): RuleState {
  return {
    lastEventTime: null,
    lastSequence: null,
    zones: {},
    tamperOpen: false,
    lowBatteryOpen: false,
    notChargingOpen: false,
    lastBatteryPercent: null,
    alcoholPositiveCount: 0,
    alcoholOpen: false,
  };
}

function cloneRuleState(s: RuleState): RuleState {
  const zones: Record<string, ZoneRuleState> = {};
  for (const id in s.zones) zones[id] = { ...s.zones[id]! };
  return { ...s, zones };
}

/** Reads a state stored as JSON; refuses another version instead of misreading it. */
export function parseActivationState(json: string | unknown): ActivationState {
  const value = typeof json === "string" ? (JSON.parse(json) as unknown) : json;
  if (!value || typeof value !== "object" || (value as { version?: unknown }).version !== 1) {
    throw new Error("Monitoring rule state has an unknown version; it cannot be read by this engine");
  }
  return value as ActivationState;
}

// ---------------------------------------------------------------------------------------------------------------------

interface Context {
  settings: RuleSettings;
  indexes: ZoneIndex[];
  timers: ActivationState["timers"];
  out: AlertEvent[] | null;
}

let stampCounter = 0;

function raise(
  ctx: Context,
  kind: AlertKind,
  t: number,
  r: BufferedReading | null,
  detail: string,
  zone?: CompiledZone,
  keySuffix?: string,
): void {
  const out = ctx.out;
  if (!out) return;
  const zoneId = zone?.id;
  const alert: AlertEvent = {
    kind,
    severity: SEVERITY[kind],
    key: `${t}|${kind}|${zoneId ?? ""}|${keySuffix ?? (r ? r.sequence : "")}`,
    eventTime: new Date(t),
    detail,
  };
  const clears = CLEARS[kind];
  if (clears) alert.clears = clears;
  if (zoneId !== undefined) alert.zoneId = zoneId;
  if (r) alert.reading = { sequence: r.sequence, latitude: r.latitude, longitude: r.longitude };
  out.push(alert);
}

function zoneInForce(z: CompiledZone, t: number): number {
  if (t < z.validFrom || t >= z.validTo) return Number.NaN;
  const schedule = z.zone.schedule;
  if (!schedule) return z.validFrom;
  return windowStartAt(schedule, t);
}

/** Applies one reading (in event-time order) to a rule state, raising alerts into ctx.out when it is set. */
function applyReading(s: RuleState, r: BufferedReading, ctx: Context): void {
  const t = r.eventTime;
  const settings = ctx.settings;

  if (r.strapTamper && !s.tamperOpen) {
    s.tamperOpen = true;
    raise(ctx, "strap_tamper", t, r, "The strap or case reported tampering.");
  } else if (!r.strapTamper && s.tamperOpen) {
    s.tamperOpen = false;
    raise(ctx, "strap_tamper_cleared", t, r, "The strap reports intact again.");
  }

  const battery = r.batteryPercent;
  if (battery !== null) {
    if (!s.lowBatteryOpen && battery <= settings.lowBatteryPercent) {
      s.lowBatteryOpen = true;
      raise(ctx, "low_battery", t, r, `Battery low at ${Math.round(battery)}%.`);
    } else if (s.lowBatteryOpen && battery >= settings.lowBatteryPercent + settings.batteryHysteresisPercent) {
      s.lowBatteryOpen = false;
      raise(ctx, "battery_recovered", t, r, `Battery back at ${Math.round(battery)}%.`);
      if (s.notChargingOpen) {
        s.notChargingOpen = false;
        raise(ctx, "charging_resumed", t, r, "The battery is charging again.");
      }
    }
    if (s.lowBatteryOpen && !s.notChargingOpen && r.charging === false && s.lastBatteryPercent !== null && battery < s.lastBatteryPercent) {
      s.notChargingOpen = true;
      raise(ctx, "not_charging", t, r, `Battery low and still falling (${Math.round(battery)}%) and the device is not charging.`);
    } else if (s.notChargingOpen && r.charging === true) {
      s.notChargingOpen = false;
      raise(ctx, "charging_resumed", t, r, "The device is charging.");
    }
    s.lastBatteryPercent = battery;
  }

  const alcohol = r.alcoholMgPerL;
  if (alcohol !== null) {
    if (alcohol >= settings.alcoholThresholdMgPerL) {
      s.alcoholPositiveCount++;
      if (!s.alcoholOpen && (s.alcoholPositiveCount >= 2 || alcohol >= settings.alcoholHighThresholdMgPerL)) {
        s.alcoholOpen = true;
        raise(ctx, "alcohol_detected", t, r, `Alcohol detected: ${alcohol.toFixed(3)} mg/L breath alcohol.`);
      }
    } else {
      s.alcoholPositiveCount = 0;
      if (s.alcoholOpen) {
        s.alcoholOpen = false;
        raise(ctx, "alcohol_cleared", t, r, "Alcohol readings are below the threshold again.");
      }
    }
  }

  const lat = r.latitude;
  const lon = r.longitude;
  if (lat !== null && lon !== null && Number.isFinite(lat) && Number.isFinite(lon)) {
    const accuracy = r.accuracyMeters ?? settings.unknownAccuracyMeters;
    const usable = accuracy <= settings.maxAccuracyMeters;
    const stamp = ++stampCounter;
    for (const index of ctx.indexes) {
      // Search radius = everything that can tell a zone from certainly-outside (see stepZone's margin).
      index.forCandidates(lon, lat, accuracy + settings.boundaryMarginMeters, (z) => {
        if (z.stamp === stamp) return;
        z.stamp = stamp;
        const d = usable ? signedDistanceMeters(z, lon, lat, ruleBuffer(z) + accuracy + settings.boundaryMarginMeters) : Number.NaN;
        stepZone(s, z, d, accuracy, r, ctx);
      });
    }
    // Zones with state that the index did not return are certainly far away (or were removed from the set).
    for (const id in s.zones) {
      const z = zoneById(ctx.indexes, id);
      if (!z) delete s.zones[id];
      else if (z.stamp !== stamp) stepZone(s, z, usable ? Number.POSITIVE_INFINITY : Number.NaN, accuracy, r, ctx);
    }
  }

  s.lastEventTime = t;
  s.lastSequence = r.sequence;
}

/** One reading's effect on one zone: `d` is the signed distance to its boundary in metres (NaN: unusable reading). */
function stepZone(s: RuleState, z: CompiledZone, d: number, accuracy: number, r: BufferedReading, ctx: Context): void {
  const t = r.eventTime;
  const buffer = ruleBuffer(z);
  let zs = s.zones[z.id];
  let obs = Number.isNaN(d) ? UNCERTAIN : classify(d, accuracy, buffer);
  // Hysteresis: leaving the confirmed level needs the reading beyond the boundary by the accuracy plus a margin.
  const current = zs ? LEVEL_OF[zs.level] : OUTSIDE;
  if (obs !== UNCERTAIN && obs !== current && classify(d, accuracy + ctx.settings.boundaryMarginMeters, buffer) !== obs) obs = UNCERTAIN;
  if (!zs) {
    // A zone gets state at its first certain observation: an uncertain fix says nothing (for a home zone, a fix indoors
    // must not count as "outside"), and exclusion zones wait for something to happen near them (thousands of shared
    // zones stay stateless).
    if (obs === UNCERTAIN || (z.exclusion && obs === OUTSIDE)) return;
    zs = {
      level: "outside",
      pendingLevel: null,
      pendingCount: 0,
      pendingSince: t,
      levelSince: t,
      entryOpen: false,
      approachOpen: false,
      absenceWindow: null,
    };
    s.zones[z.id] = zs;
  }
  const previous = zs.level;
  const settings = ctx.settings;
  if (obs === UNCERTAIN) {
    // An uncertain reading keeps a pending change alive (and confirms it once held long enough) only if its best
    // estimate lies on the pending side of the boundary; on the other side it cancels it. Unusable readings do neither.
    if (zs.pendingLevel !== null && !Number.isNaN(d)) {
      const side = d < 0 ? "inside" : buffer > 0 && d <= buffer ? "approaching" : "outside";
      if (side !== zs.pendingLevel) {
        zs.pendingLevel = null;
        zs.pendingCount = 0;
      } else if (t - zs.pendingSince >= settings.confirmHoldSeconds * 1000) confirm(zs, zs.pendingLevel, t);
    }
  } else if (obs === LEVEL_OF[zs.level]) {
    zs.pendingLevel = null;
    zs.pendingCount = 0;
  } else {
    const level = LEVELS[obs]!;
    if (zs.pendingLevel === level) zs.pendingCount++;
    else {
      zs.pendingLevel = level;
      zs.pendingCount = 1;
      zs.pendingSince = t;
    }
    if (zs.pendingCount >= settings.confirmReadings || t - zs.pendingSince >= settings.confirmHoldSeconds * 1000) confirm(zs, level, t);
  }

  const name = z.zone.name;
  if (z.exclusion) {
    const inForce = !Number.isNaN(zoneInForce(z, t));
    if (zs.level === "inside") {
      if (inForce && !zs.entryOpen) {
        zs.entryOpen = true;
        raise(ctx, "exclusion_zone_entry", t, r, `Entered the exclusion zone “${name}”.`, z);
      }
    } else if (zs.entryOpen) {
      zs.entryOpen = false;
      raise(ctx, "exclusion_zone_exit", t, r, `Left the exclusion zone “${name}”.`, z);
    }
    if (zs.level === "approaching" && previous === "outside" && inForce && !zs.approachOpen) {
      zs.approachOpen = true;
      raise(ctx, "exclusion_zone_approach", t, r, `Within ${Math.round(z.bufferMeters)} m of the exclusion zone “${name}”.`, z);
    } else if (zs.level === "outside" && zs.approachOpen) {
      zs.approachOpen = false;
      raise(ctx, "exclusion_zone_approach_cleared", t, r, `Moved away from the exclusion zone “${name}”.`, z);
    }
    if (zs.level === "outside" && zs.pendingLevel === null && !zs.entryOpen && !zs.approachOpen) delete s.zones[z.id];
    return;
  }

  // Inclusion: absence while the schedule is in force, from its start + grace; the timer may have raised it already.
  const raisedByTimer = ctx.timers.curfew[z.id];
  if (zs.level === "inside") {
    if (zs.absenceWindow !== null) {
      if (raisedByTimer?.window !== zs.absenceWindow) raise(ctx, "inclusion_zone_returned", t, r, `Back inside “${name}”.`, z);
      zs.absenceWindow = null;
    }
    return;
  }
  const windowStart = zoneInForce(z, t);
  if (
    !Number.isNaN(windowStart) &&
    t >= Math.max(windowStart, ctx.timers.since) + settings.curfewGraceMinutes * 60_000 &&
    zs.absenceWindow !== windowStart &&
    zs.pendingLevel !== "inside"
  ) {
    zs.absenceWindow = windowStart;
    if (raisedByTimer?.window !== windowStart) {
      raise(ctx, "inclusion_zone_absence", t, r, `Not inside “${name}” while required (${describeWindow(z, windowStart)}).`, z);
    }
  }
}

function confirm(zs: ZoneRuleState, level: ContainmentLevel, t: number): void {
  zs.level = level;
  zs.levelSince = t;
  zs.pendingLevel = null;
  zs.pendingCount = 0;
}

const windowFormats = new Map<string, Intl.DateTimeFormat>();

/** "required from Monday 9:00 PM" in the schedule's own time zone (the officer reads the person's local time). */
function describeWindow(z: CompiledZone, windowStart: number): string {
  if (!z.zone.schedule) return "required at all times";
  const tz = z.zone.schedule.timeZone;
  let format = windowFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: tz, weekday: "long", hour: "numeric", minute: "2-digit" });
    windowFormats.set(tz, format);
  }
  return `required from ${format.format(windowStart)}`;
}

// ---------------------------------------------------------------------------------------------------------------------

function toBuffered(r: Reading): BufferedReading {
  return {
    deviceId: r.deviceId,
    sequence: r.sequence,
    eventTime: r.eventTime.getTime(),
    latitude: r.latitude,
    longitude: r.longitude,
    accuracyMeters: r.accuracyMeters,
    batteryPercent: r.batteryPercent,
    strapTamper: r.strapTamper,
    charging: r.charging,
    alcoholMgPerL: r.alcoholMgPerL,
  };
}

function compareReadings(a: BufferedReading, b: BufferedReading): number {
  return a.eventTime - b.eventTime || a.sequence - b.sequence || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0);
}

/** Is (t, seq) after the rule state's last reading? */
function isAfter(s: RuleState, r: BufferedReading): boolean {
  if (s.lastEventTime === null) return true;
  return r.eventTime > s.lastEventTime || (r.eventTime === s.lastEventTime && r.sequence > (s.lastSequence ?? Number.NEGATIVE_INFINITY));
}

function keyTime(key: string): number {
  return Number(key.slice(0, key.indexOf("|")));
}

/** Event-time order; alerts of one reading keep the order they were raised in (the sort is stable). */
function compareAlerts(a: AlertEvent, b: AlertEvent): number {
  return a.eventTime.getTime() - b.eventTime.getTime() || (a.reading?.sequence ?? 0) - (b.reading?.sequence ?? 0);
}

/**
 * Evaluates a batch of readings for one activation. `state` null starts a new activation at the first reading.
 * The state passed in is updated in place and returned; persist the returned one (JSON) with the readings.
 */
export function evaluate(
  state: ActivationState | null,
  zones: ZoneSource,
  readings: readonly Reading[],
  settings: RuleSettings = defaultRuleSettings,
): EvaluateResult {
  const fresh = readings.map(toBuffered).filter((r) => Number.isFinite(r.eventTime));
  fresh.sort(compareReadings);
  const st = state ?? newActivationState(new Date(fresh[0]?.eventTime ?? 0));
  const alerts: AlertEvent[] = [];
  // Alerts that are not part of the replayable head (too-late readings, timer clears) are kept aside.
  const aside: AlertEvent[] = [];
  const ctx: Context = { settings, indexes: indexesOf(zones), timers: st.timers, out: alerts };
  let duplicates = 0;
  let tooLate = 0;
  let late = false;
  let earliestNew = Number.POSITIVE_INFINITY;
  const buffer = st.buffer;
  let previous: BufferedReading | null = null;

  for (const r of fresh) {
    if (previous && previous.sequence === r.sequence && previous.deviceId === r.deviceId) {
      duplicates++;
      continue;
    }
    if (isBuffered(buffer, r)) {
      duplicates++;
      continue;
    }
    previous = r;
    if (!isAfter(st.checkpoint, r) && st.checkpoint.lastEventTime !== null) {
      tooLate++;
      evaluateAlone(r, st.head, { ...ctx, out: aside });
      continue;
    }
    if (r.eventTime < earliestNew) earliestNew = r.eventTime;
    if (!late && isAfter(st.head, r)) {
      applyReading(st.head, r, ctx);
      buffer.push(r);
    } else {
      late = true;
      insertSorted(buffer, r);
    }
  }

  if (late) {
    // Recompute the head from the checkpoint and reconcile with what was raised before.
    const replayed: AlertEvent[] = [];
    const head = cloneRuleState(st.checkpoint);
    const replayCtx: Context = { ...ctx, out: replayed };
    for (const r of buffer) applyReading(head, r, replayCtx);
    st.head = head;
    const before = new Set(st.emitted);
    for (const a of alerts) before.add(a.key); // raised in this call before the late reading was met
    const now = new Set<string>();
    for (const a of replayed) now.add(a.key);
    const keep = alerts.filter((a) => now.has(a.key));
    alerts.length = 0;
    alerts.push(...keep);
    for (const a of replayed) if (!before.has(a.key)) alerts.push(a);
    for (const key of before) {
      if (now.has(key) || alerts.some((a) => a.key === key)) continue;
      if (!st.emitted.includes(key)) continue; // raised and disproved within this call: never returned
      const kind = key.split("|")[1] as AlertKind;
      const t = keyTime(key);
      alerts.push({
        kind: "alert_withdrawn",
        severity: "low",
        key: `${key}|withdrawn`,
        clears: kind,
        withdrawsKey: key,
        eventTime: new Date(t),
        detail: "A reading that arrived late shows this alert was not confirmed; it is withdrawn.",
      });
    }
    st.emitted = [...now];
  } else {
    for (const a of alerts) st.emitted.push(a.key);
  }

  ctx.out = aside;
  const timers = st.timers;
  if (earliestNew !== Number.POSITIVE_INFINITY) {
    const newest = st.head.lastEventTime ?? earliestNew;
    if (timers.noSignalSince !== null && newest > timers.noSignalSince) {
      const first = buffer.find((r) => r.eventTime > (timers.noSignalSince as number));
      const t = first?.eventTime ?? newest;
      raise(ctx, "signal_restored", t, first ?? null, "Readings are arriving again.", undefined, "timer");
      timers.noSignalSince = null;
    }
    if (newest > timers.lastEventTime) timers.lastEventTime = newest;
  }
  clearTimerAbsences(st, ctx);
  advanceCheckpoint(st, settings, ctx);
  alerts.push(...aside);
  alerts.sort(compareAlerts);
  return { state: st, alerts, duplicates, tooLate };
}

function isBuffered(buffer: BufferedReading[], r: BufferedReading): boolean {
  for (let i = buffer.length - 1; i >= 0; i--) {
    const b = buffer[i]!;
    if (b.sequence === r.sequence && b.deviceId === r.deviceId) return true;
  }
  return false;
}

function insertSorted(buffer: BufferedReading[], r: BufferedReading): void {
  let i = buffer.length;
  while (i > 0 && compareReadings(buffer[i - 1]!, r) > 0) i--;
  buffer.splice(i, 0, r);
}

/** A reading older than the reorder window: only the rules that need no history, unless that alert is open anyway. */
function evaluateAlone(r: BufferedReading, head: RuleState, ctx: Context): void {
  if (r.strapTamper && !head.tamperOpen)
    raise(
      ctx,
      "strap_tamper",
      r.eventTime,
      r,
      "The strap or case reported tampering (reading received late).",
      undefined,
      `${r.sequence}|late`,
    );
  const alcohol = r.alcoholMgPerL;
  if (alcohol !== null && alcohol >= ctx.settings.alcoholThresholdMgPerL && !head.alcoholOpen) {
    raise(
      ctx,
      "alcohol_detected",
      r.eventTime,
      r,
      `Alcohol detected: ${alcohol.toFixed(3)} mg/L breath alcohol (reading received late, not confirmed by a second one).`,
      undefined,
      `${r.sequence}|late`,
    );
  }
}

/** Clears an absence that checkTimers raised once a reading after its window start shows the person inside. */
function clearTimerAbsences(st: ActivationState, ctx: Context): void {
  for (const id in st.timers.curfew) {
    const entry = st.timers.curfew[id]!;
    if (entry.cleared) continue;
    const zs = st.head.zones[id];
    const last = st.head.lastEventTime;
    // Confirmed inside and no change pending, with a reading since the window started.
    if (zs && zs.level === "inside" && zs.pendingLevel === null && last !== null && last >= entry.window) {
      entry.cleared = true;
      const z = zoneById(ctx.indexes, id);
      raise(ctx, "inclusion_zone_returned", last, null, `Back inside “${z?.zone.name ?? "the zone"}”.`, z, "timer");
    }
  }
}

/** Moves readings older than the reorder window (or over the cap) from the buffer into the checkpoint. */
function advanceCheckpoint(st: ActivationState, settings: RuleSettings, ctx: Context): void {
  const buffer = st.buffer;
  const newest = st.head.lastEventTime;
  if (newest === null || buffer.length === 0) return;
  const limit = newest - settings.reorderWindowMinutes * 60_000;
  let n = 0;
  while (n < buffer.length && (buffer[n]!.eventTime < limit || buffer.length - n > settings.maxBufferedReadings)) n++;
  // Never split readings of one instant between checkpoint and buffer (a late one of that instant must be "too late").
  while (n > 0 && n < buffer.length && buffer[n]!.eventTime === buffer[n - 1]!.eventTime) n++;
  if (n === 0) return;
  const foldCtx: Context = { ...ctx, out: null };
  for (let i = 0; i < n; i++) applyReading(st.checkpoint, buffer[i]!, foldCtx);
  buffer.splice(0, n);
  const cut = st.checkpoint.lastEventTime ?? Number.NEGATIVE_INFINITY;
  if (st.emitted.length > 0) st.emitted = st.emitted.filter((key) => keyTime(key) > cut);
}

/**
 * Clock-driven rules, for a periodic job (any instance: everything is in the state). No signal: the newest event time
 * is more than `noSignalMinutes` before `now`. Curfew: an inclusion zone's window started at least the grace ago and no
 * reading since its start shows the person inside (no evidence of presence counts as absence); the alert is dated at
 * start + grace. Each is raised once (per silence, per window).
 */
export function checkTimers(
  state: ActivationState,
  zones: ZoneSource,
  now: Date,
  settings: RuleSettings = defaultRuleSettings,
): TimerResult {
  const alerts: AlertEvent[] = [];
  const ctx: Context = { settings, indexes: indexesOf(zones), timers: state.timers, out: alerts };
  const t = now.getTime();
  const timers = state.timers;
  const silentFrom = timers.lastEventTime;
  if (timers.noSignalSince === null && t - silentFrom >= settings.noSignalMinutes * 60_000) {
    timers.noSignalSince = silentFrom;
    raise(
      ctx,
      "no_signal",
      silentFrom + settings.noSignalMinutes * 60_000,
      null,
      `No reading for ${settings.noSignalMinutes} minutes.`,
      undefined,
      "timer",
    );
  }
  const head = state.head;
  for (const index of ctx.indexes) {
    for (const z of index.inclusion) {
      const windowStart = zoneInForce(z, t);
      if (Number.isNaN(windowStart)) continue;
      // An activation that starts during a window gets the grace from its own start.
      const due = Math.max(windowStart, timers.since) + settings.curfewGraceMinutes * 60_000;
      if (t < due) continue;
      if (timers.curfew[z.id]?.window === windowStart) continue;
      const zs = head.zones[z.id];
      if (zs?.absenceWindow === windowStart) continue; // a reading raised it already
      const seenSinceStart = head.lastEventTime !== null && head.lastEventTime >= windowStart;
      // Presence: a reading since the start, and the person confirmed inside with no move out pending, or about to be.
      const present =
        zs !== undefined && seenSinceStart && ((zs.level === "inside" && zs.pendingLevel === null) || zs.pendingLevel === "inside");
      if (present) continue;
      timers.curfew[z.id] = { window: windowStart, cleared: false };
      raise(
        ctx,
        "inclusion_zone_absence",
        due,
        null,
        `No reading shows the person inside “${z.zone.name}” since it became required (${describeWindow(z, windowStart)}).`,
        z,
        "timer",
      );
    }
  }
  return { state, alerts };
}
