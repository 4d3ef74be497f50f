// Calendar dates and time zones, the same on the server and in the browser. Dates are YYYY-MM-DD strings of
// a calendar (the agency's): arithmetic on them never passes through a local time, so daylight saving changes
// and the machine's own time zone cannot shift a day. The agency's time zone always comes from the server
// (agency settings; the session carries it to the browser): nothing here assumes one.

const dayMs = 86_400_000;

const parse = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const format = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The calendar date `days` after (or before, when negative) a YYYY-MM-DD date. */
export const addDays = (date: string, days: number): string => format(parse(date) + days * dayMs);

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((parse(to) - parse(from)) / dayMs);

/** A calendar date `months` whole months before another (the last day of a shorter month when the day is missing). */
export function monthsBefore(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 - months;
  const day = Number(date.slice(8, 10));
  const first = new Date(Date.UTC(year, month, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return format(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, lastDay)));
}

/** Is this a real calendar date written YYYY-MM-DD (not 2026-02-30)? */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && format(parse(text)) === text;
}

// Building a formatter costs far more than using one (the standards evaluation asks thousands of times): one per zone.
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const hourFormatters = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, create: () => Intl.DateTimeFormat) {
  let formatter = cache.get(timeZone);
  if (!formatter) {
    formatter = create();
    cache.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date of an instant in a time zone (a contact at 11 pm in New York belongs to that day, not UTC's next). */
export function localDate(instant: Date, timeZone: string): string {
  const formatter = cached(
    dateFormatters,
    timeZone,
    () => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }),
  );
  // en-CA writes dates YYYY-MM-DD; format() is several times faster than assembling formatToParts().
  return formatter.format(instant);
}

/** The hour (0–23) of an instant on the wall clock of a time zone. */
export function localHour(instant: Date, timeZone: string): number {
  const formatter = cached(
    hourFormatters,
    timeZone,
    () => new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }),
  );
  return Number(formatter.format(instant));
}

/** Is this an IANA time zone name the runtime knows (America/New_York, Europe/Paris, UTC)? */
export function isTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The browser's or server's own time zone: only a fallback until the agency's is known. */
export const systemTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The weekday codes that conditions and schedules store, with their names. */
export const weekdayNames: Record<string, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};
