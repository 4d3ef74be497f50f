import { describe, expect, it } from "vitest";
import { addDays, formatWeek, localInstant, parseDateKey, rangeOf, shift, startOfWeek, toDateKey } from "./calendar-dates";

describe("calendar dates", () => {
  it("reads only real YYYY-MM-DD dates", () => {
    expect(toDateKey(parseDateKey("2025-06-12")!)).toBe("2025-06-12");
    expect(parseDateKey("2025-02-30")).toBeNull();
    expect(parseDateKey("12/06/2025")).toBeNull();
    expect(parseDateKey(null)).toBeNull();
  });

  it("starts weeks on Monday", () => {
    expect(toDateKey(startOfWeek(parseDateKey("2025-06-12")!))).toBe("2025-06-09"); // a Thursday
    expect(toDateKey(startOfWeek(parseDateKey("2025-06-15")!))).toBe("2025-06-09"); // a Sunday
    expect(toDateKey(startOfWeek(parseDateKey("2025-06-09")!))).toBe("2025-06-09"); // a Monday
  });

  it("spans a day or a week, end exclusive, across month ends", () => {
    const week = rangeOf("week", parseDateKey("2025-07-02")!);
    expect(week.days.map(toDateKey)).toEqual([
      "2025-06-30",
      "2025-07-01",
      "2025-07-02",
      "2025-07-03",
      "2025-07-04",
      "2025-07-05",
      "2025-07-06",
    ]);
    expect(toDateKey(week.end)).toBe("2025-07-07");
    const day = rangeOf("day", parseDateKey("2025-12-31")!);
    expect(toDateKey(day.end)).toBe("2026-01-01");
  });

  it("moves by a day or a week", () => {
    expect(toDateKey(shift("day", parseDateKey("2025-03-01")!, -1))).toBe("2025-02-28");
    expect(toDateKey(shift("week", parseDateKey("2025-03-01")!, 1))).toBe("2025-03-08");
    expect(toDateKey(addDays(parseDateKey("2024-02-28")!, 1))).toBe("2024-02-29");
  });

  it("combines a date and a time into a local instant", () => {
    const instant = localInstant("2025-06-12", "14:30");
    expect(instant?.getHours()).toBe(14);
    expect(instant?.getMinutes()).toBe(30);
    expect(localInstant("2025-06-12", "")).toBeNull();
    expect(localInstant("2025-06-12", "25:00")).toBeNull();
  });

  it("names a week within a month and across months", () => {
    expect(formatWeek(parseDateKey("2025-06-09")!)).toBe("Week of June 9 – 15, 2025");
    expect(formatWeek(parseDateKey("2025-06-30")!)).toBe("Week of June 30 – July 6, 2025");
  });
});
