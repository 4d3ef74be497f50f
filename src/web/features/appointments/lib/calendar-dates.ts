// Calendar arithmetic on local dates: the calendar shows the officer's own day, in the browser's time zone.

export type CalendarView = "day" | "week";

const pad = (value: number) => String(value).padStart(2, "0");

/** A local calendar date as YYYY-MM-DD (for the address bar and date inputs). */
export const toDateKey = (date: Date): string => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** A local time as HH:MM (for time inputs). */
export const toTimeKey = (date: Date): string => `${pad(date.getHours())}:${pad(date.getMinutes())}`;

/** Local midnight of a YYYY-MM-DD date, or null when the text is not a real date. */
export function parseDateKey(key: string | null | undefined): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key ?? "");
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  // Rejects 2025-02-30 and the like, which Date would roll over into March.
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

/** Local date and HH:MM time as an instant, or null when either is missing or invalid. */
export function localInstant(dateKey: string, timeKey: string): Date | null {
  const date = parseDateKey(dateKey);
  const time = /^(\d{2}):(\d{2})$/.exec(timeKey);
  if (!date || !time) return null;
  const [hours, minutes] = [Number(time[1]), Number(time[2])];
  if (hours > 23 || minutes > 59) return null;
  date.setHours(hours, minutes, 0, 0);
  return date;
}

/** Midnight of the day `days` after this one (by calendar day, so daylight saving changes do not shift it). */
export const addDays = (date: Date, days: number): Date => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

export const startOfDay = (date: Date): Date => addDays(date, 0);

/** Weeks start on Monday: the working week first, the weekend at its end. */
export const startOfWeek = (date: Date): Date => addDays(date, -((date.getDay() + 6) % 7));

/** The days a view shows for a date and the instants they span (end exclusive). */
export function rangeOf(view: CalendarView, date: Date): { start: Date; end: Date; days: Date[] } {
  const start = view === "week" ? startOfWeek(date) : startOfDay(date);
  const length = view === "week" ? 7 : 1;
  const days = Array.from({ length }, (_, index) => addDays(start, index));
  return { start, end: addDays(start, length), days };
}

/** The date one view earlier (-1) or later (+1). */
export const shift = (view: CalendarView, date: Date, direction: -1 | 1): Date => addDays(date, direction * (view === "week" ? 7 : 1));

export const sameDay = (a: Date, b: Date): boolean => toDateKey(a) === toDateKey(b);

const dayFormat = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", year: "numeric" });
const shortDayFormat = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric" });
const timeFormat = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit" });
const monthDayFormat = new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric" });

const weekdayFormat = new Intl.DateTimeFormat("en-US", { weekday: "long" });

/** "Thursday" */
export const formatWeekday = (date: Date): string => weekdayFormat.format(date);
/** "June 12" */
export const formatMonthDay = (date: Date): string => monthDayFormat.format(date);
/** "Thursday, June 12, 2025" */
export const formatDay = (date: Date): string => dayFormat.format(date);
/** "Thu, Jun 12" */
export const formatShortDay = (date: Date): string => shortDayFormat.format(date);
/** "10:00 AM" */
export const formatTime = (date: Date): string => timeFormat.format(date);

/** "Week of June 9 – 15, 2025", or across months "Week of June 30 – July 6, 2025". */
export function formatWeek(start: Date): string {
  const last = addDays(start, 6);
  const end = last.getMonth() === start.getMonth() ? String(last.getDate()) : monthDayFormat.format(last);
  return `Week of ${monthDayFormat.format(start)} – ${end}, ${last.getFullYear()}`;
}

/** Minutes between two instants, rounded. */
export const minutesBetween = (from: Date, to: Date): number => Math.round((to.getTime() - from.getTime()) / 60_000);
