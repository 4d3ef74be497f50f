import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isCalendarDate, isTimeZone, localDate, localHour } from "./calendar-date";

describe("calendar dates and time zones", () => {
  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-03-10", 0)).toBe("2026-03-10");
  });

  it("counts whole days between dates, across daylight saving changes", () => {
    expect(daysBetween("2026-03-01", "2026-03-31")).toBe(30);
    expect(daysBetween("2026-03-31", "2026-03-01")).toBe(-30);
    // US clocks go forward on 2026-03-08 and back on 2026-11-01: still whole days.
    expect(daysBetween("2026-03-07", "2026-03-09")).toBe(2);
    expect(daysBetween("2026-10-31", "2026-11-02")).toBe(2);
  });

  it("recognises real calendar dates only", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-2-1")).toBe(false);
    expect(isCalendarDate("tomorrow")).toBe(false);
  });

  it("gives the date and hour of an instant in the agency's zone, not the machine's", () => {
    const lateEvening = new Date("2026-03-11T03:30:00Z"); // 23:30 on 10 March in New York (EDT), 20:30 in Los Angeles
    expect(localDate(lateEvening, "America/New_York")).toBe("2026-03-10");
    expect(localDate(lateEvening, "America/Los_Angeles")).toBe("2026-03-10");
    expect(localDate(lateEvening, "Europe/Berlin")).toBe("2026-03-11");
    expect(localDate(lateEvening, "UTC")).toBe("2026-03-11");
    expect(localHour(lateEvening, "America/New_York")).toBe(23);
    expect(localHour(lateEvening, "America/Los_Angeles")).toBe(20);
    expect(localHour(new Date("2026-07-01T04:00:00Z"), "America/New_York")).toBe(0);
    // Asked again (cached formatter), the answer is the same.
    expect(localDate(lateEvening, "America/New_York")).toBe("2026-03-10");
  });

  it("accepts IANA time zone names and refuses anything else", () => {
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
