// Working days for the agency's clocks (e.g. CSOSA: the first assessment within 25 working days of intake).
import { isAHoliday } from "@18f/us-federal-holidays";
import { addDays } from "../../../shared/time/calendar-date";

/** Days the agency is closed besides weekends: US federal holidays (as observed) if chosen, and its own listed days. */
export type ClosedDays = { usFederalHolidays: boolean; extra: ReadonlySet<string> };

export const noClosedDays: ClosedDays = { usFederalHolidays: false, extra: new Set() };

export function isWorkingDay(date: string, closed: ClosedDays): boolean {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = day.getUTCDay();
  if (weekday === 0 || weekday === 6 || closed.extra.has(date)) return false;
  return !(closed.usFederalHolidays && isAHoliday(day, { utc: true }));
}

/** The working day `days` working days after a date: Monday to Friday, skipping the days the agency is closed. */
export function addWorkingDays(date: string, days: number, closed: ClosedDays = noClosedDays): string {
  let result = date;
  for (let left = days; left > 0; ) {
    result = addDays(result, 1);
    if (isWorkingDay(result, closed)) left -= 1;
  }
  return result;
}
