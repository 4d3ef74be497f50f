import type { Schedule, Weekday } from "./types";

// When a schedule is in force, in its own time zone's wall clock (daylight-saving aware), with Intl only: no tz
// library is in the project and Intl carries the IANA database of the Node runtime.

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
// Offsets change on quarter-hour boundaries in every zone in use; one cached offset per zone and quarter hour.
const OFFSET_SLOT_MS = 15 * MINUTE_MS;
const WEEKDAY_BIT: Record<Weekday, number> = { sun: 1, mon: 2, tue: 4, wed: 8, thu: 16, fri: 32, sat: 64 };

interface ZoneClock {
  format: Intl.DateTimeFormat;
  offsets: Map<number, number>;
}
const clocks = new Map<string, ZoneClock>();

function clockFor(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = {
      format: new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      }),
      offsets: new Map(),
    };
    clocks.set(timeZone, clock);
  }
  return clock;
}

/** The time zone's offset from UTC (ms, east positive) at instant t. */
export function offsetMs(timeZone: string, t: number): number {
  const clock = clockFor(timeZone);
  const slot = Math.floor(t / OFFSET_SLOT_MS);
  const cached = clock.offsets.get(slot);
  if (cached !== undefined) return cached;
  const at = slot * OFFSET_SLOT_MS;
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const part of clock.format.formatToParts(at)) {
    const v = Number(part.value);
    if (part.type === "year") y = v;
    else if (part.type === "month") mo = v;
    else if (part.type === "day") d = v;
    else if (part.type === "hour") h = v === 24 ? 0 : v;
    else if (part.type === "minute") mi = v;
    else if (part.type === "second") s = v;
  }
  const offset = Date.UTC(y, mo - 1, d, h, mi, s) - at;
  if (clock.offsets.size > 50_000) clock.offsets.clear();
  clock.offsets.set(slot, offset);
  return offset;
}

/** The instant when the zone's wall clock shows `minutes` after midnight of local day number `day` (days since 1970-01-01). */
function localToInstant(timeZone: string, day: number, minutes: number): number {
  const local = day * DAY_MS + minutes * MINUTE_MS;
  const guess = local - offsetMs(timeZone, local);
  return local - offsetMs(timeZone, guess);
}

interface CompiledWindow {
  days: number;
  start: number;
  end: number;
}
const compiledWindows = new WeakMap<Schedule, CompiledWindow[]>();

function parseClock(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`Schedule time "${hhmm}" is not HH:MM`);
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (h > 24 || mi > 59 || (h === 24 && mi > 0)) throw new Error(`Schedule time "${hhmm}" is not a time of day`);
  return h * 60 + mi;
}

function windowsOf(schedule: Schedule): CompiledWindow[] {
  let windows = compiledWindows.get(schedule);
  if (!windows) {
    windows = schedule.windows.map((w) => ({
      days: w.days.reduce((bits, day) => bits | WEEKDAY_BIT[day], 0),
      start: parseClock(w.start),
      end: parseClock(w.end),
    }));
    compiledWindows.set(schedule, windows);
  }
  return windows;
}

/**
 * The start (epoch ms) of the schedule window in force at instant t, or NaN when none is. A window is in force from its
 * start (inclusive) to its end (exclusive); an end at or before the start runs into the next day. Exceptions: an
 * excused period switches the schedule off (it wins over everything), an extra period switches it on from its `from`.
 * When two windows overlap, the earlier start counts.
 */
export function windowStartAt(schedule: Schedule, t: number): number {
  let extraStart = Number.NaN;
  for (const e of schedule.exceptions) {
    const from = e.from.getTime();
    if (t >= from && t < e.to.getTime()) {
      if (e.kind === "excused") return Number.NaN;
      extraStart = earlier(extraStart, from);
    }
  }
  const local = t + offsetMs(schedule.timeZone, t);
  const day = Math.floor(local / DAY_MS);
  const minute = (local - day * DAY_MS) / MINUTE_MS;
  const todayBit = 1 << (((day % 7) + 11) % 7); // 1970-01-01 was a Thursday (bit 4 = thu when sun = 0)
  const yesterdayBit = 1 << (((day % 7) + 10) % 7);
  let best = Number.NaN;
  for (const w of windowsOf(schedule)) {
    let start = Number.NaN;
    if (w.start < w.end) {
      if (w.days & todayBit && minute >= w.start && minute < w.end) start = localToInstant(schedule.timeZone, day, w.start);
    } else if (w.days & todayBit && minute >= w.start) {
      start = localToInstant(schedule.timeZone, day, w.start);
    } else if (w.days & yesterdayBit && minute < w.end) {
      start = localToInstant(schedule.timeZone, day - 1, w.start);
    }
    best = earlier(best, start);
  }
  return earlier(best, extraStart);
}

/** The earlier of two instants, NaN meaning "none". */
function earlier(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return Math.min(a, b);
}
