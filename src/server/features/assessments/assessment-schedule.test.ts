import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "../../../shared/time/calendar-date";
import { addMonths } from "./assessment-schedule";
import { addWorkingDays, isWorkingDay } from "./working-days";

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const day = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2040-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe("the assessment clock's calendar", () => {
  it("counts working days Monday to Friday (CSOSA: the first assessment within 25 working days of intake)", () => {
    expect(addWorkingDays("2026-01-05", 25)).toBe("2026-02-09"); // Monday + 5 weeks
    expect(addWorkingDays("2026-01-09", 1)).toBe("2026-01-12"); // Friday → Monday
    expect(addWorkingDays("2026-01-10", 1)).toBe("2026-01-12"); // Saturday → Monday
    // With the agency closed on US federal holidays: Martin Luther King Jr. Day (Mon Jan 19, 2026) is not counted.
    const federal = { usFederalHolidays: true, extra: new Set<string>() };
    expect(addWorkingDays("2026-01-05", 25, federal)).toBe("2026-02-10");
    expect(isWorkingDay("2026-01-19", federal)).toBe(false);
    // Independence Day 2026 is a Saturday, observed on Friday July 3; the agency's own closed day counts too.
    expect(isWorkingDay("2026-07-03", federal)).toBe(false);
    expect(addWorkingDays("2026-07-02", 1, federal)).toBe("2026-07-06");
    expect(addWorkingDays("2026-07-02", 1, { usFederalHolidays: true, extra: new Set(["2026-07-06"]) })).toBe("2026-07-07");
    expect(isWorkingDay("2026-01-20", federal)).toBe(true);
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), (start, days) => {
        const due = addWorkingDays(start, days);
        expect([0, 6]).not.toContain(weekday(due));
        let counted = 0;
        for (let date = addDays(start, 1); date <= due; date = addDays(date, 1)) if (![0, 6].includes(weekday(date))) counted += 1;
        expect(counted).toBe(days);
        expect(daysBetween(start, due)).toBeLessThanOrEqual(Math.ceil((days * 7) / 5) + 2);
      }),
    );
  });

  it("adds calendar months, keeping the day or the month's last day", () => {
    expect(addMonths("2026-03-02", 12)).toBe("2027-03-02");
    expect(addMonths("2026-03-02", 6)).toBe("2026-09-02");
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2027-11-30", 3)).toBe("2028-02-29");
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 36 }), (start, months) => {
        const due = addMonths(start, months);
        const monthsApart =
          (Number(due.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(due.slice(5, 7)) - Number(start.slice(5, 7));
        expect(monthsApart).toBe(months);
        expect(Number(due.slice(8, 10))).toBeLessThanOrEqual(Number(start.slice(8, 10)));
      }),
    );
  });
});
