import { describe, expect, it } from "vitest";
import { offsetMs, windowStartAt } from "./schedule";
import type { Schedule } from "./types";

const at = (iso: string) => Date.parse(iso);
const every = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

function curfew(timeZone: string, start = "21:00", end = "06:00", days: Schedule["windows"][number]["days"] = [...every]): Schedule {
  return { timeZone, windows: [{ days, start, end }], exceptions: [] };
}

describe("schedule windows in the schedule's time zone", () => {
  it("an overnight window runs from its start day into the next morning", () => {
    const s = curfew("America/New_York");
    // 2026-06-01 21:00 EDT = 2026-06-02T01:00Z
    expect(windowStartAt(s, at("2026-06-02T00:59:59Z"))).toBeNaN();
    expect(windowStartAt(s, at("2026-06-02T01:00:00Z"))).toBe(at("2026-06-02T01:00:00Z"));
    expect(windowStartAt(s, at("2026-06-02T09:59:00Z"))).toBe(at("2026-06-02T01:00:00Z")); // 05:59 EDT next morning
    expect(windowStartAt(s, at("2026-06-02T10:00:00Z"))).toBeNaN(); // 06:00 EDT: ended
  });

  it("the days are the days a window starts on", () => {
    const fridayNights = curfew("America/Chicago", "22:00", "02:00", ["fri"]);
    // Friday 2026-06-05 22:00 CDT = 2026-06-06T03:00Z; Saturday 01:30 CDT is still Friday's window.
    expect(windowStartAt(fridayNights, at("2026-06-06T06:30:00Z"))).toBe(at("2026-06-06T03:00:00Z"));
    // Saturday 22:30 CDT: no window starts on Saturday.
    expect(windowStartAt(fridayNights, at("2026-06-07T03:30:00Z"))).toBeNaN();
    // Thursday night: none either.
    expect(windowStartAt(fridayNights, at("2026-06-05T03:30:00Z"))).toBeNaN();
  });

  it("follows the wall clock across the spring daylight-saving change", () => {
    const s = curfew("America/New_York");
    // Saturday 2026-03-07 21:00 EST = 2026-03-08T02:00Z; clocks go forward at 02:00 on 8 March; 06:00 EDT = 10:00Z.
    expect(windowStartAt(s, at("2026-03-08T09:59:00Z"))).toBe(at("2026-03-08T02:00:00Z"));
    expect(windowStartAt(s, at("2026-03-08T10:00:00Z"))).toBeNaN();
    // The next evening starts at 21:00 EDT = 01:00Z.
    expect(windowStartAt(s, at("2026-03-09T01:00:00Z"))).toBe(at("2026-03-09T01:00:00Z"));
    expect(windowStartAt(s, at("2026-03-09T00:59:00Z"))).toBeNaN();
  });

  it("follows the wall clock across the autumn daylight-saving change", () => {
    const s = curfew("America/New_York");
    // Saturday 2026-10-31 21:00 EDT = 2026-11-01T01:00Z; clocks go back at 02:00 on 1 November; 06:00 EST = 11:00Z.
    expect(windowStartAt(s, at("2026-11-01T10:59:00Z"))).toBe(at("2026-11-01T01:00:00Z"));
    expect(windowStartAt(s, at("2026-11-01T11:00:00Z"))).toBeNaN();
    // That evening 21:00 EST = 02:00Z.
    expect(windowStartAt(s, at("2026-11-02T02:00:00Z"))).toBe(at("2026-11-02T02:00:00Z"));
    expect(windowStartAt(s, at("2026-11-02T01:30:00Z"))).toBeNaN();
  });

  it("works east of Greenwich and with half-hour offsets", () => {
    const s = curfew("Asia/Kolkata", "20:00", "23:00", ["mon"]);
    // Monday 2026-06-01 20:00 IST = 14:30Z.
    expect(windowStartAt(s, at("2026-06-01T14:30:00Z"))).toBe(at("2026-06-01T14:30:00Z"));
    expect(windowStartAt(s, at("2026-06-01T17:29:00Z"))).toBe(at("2026-06-01T14:30:00Z"));
    expect(windowStartAt(s, at("2026-06-01T17:30:00Z"))).toBeNaN();
    expect(offsetMs("Asia/Kolkata", at("2026-06-01T00:00:00Z"))).toBe(5.5 * 3_600_000);
  });

  it("a daytime window is in force between its start and end only", () => {
    const s = curfew("Europe/London", "09:00", "17:00", ["mon", "tue", "wed", "thu", "fri"]);
    // Monday 2026-06-01, BST (UTC+1).
    expect(windowStartAt(s, at("2026-06-01T08:00:00Z"))).toBe(at("2026-06-01T08:00:00Z"));
    expect(windowStartAt(s, at("2026-06-01T15:59:00Z"))).toBe(at("2026-06-01T08:00:00Z"));
    expect(windowStartAt(s, at("2026-06-01T16:00:00Z"))).toBeNaN();
    expect(windowStartAt(s, at("2026-06-06T10:00:00Z"))).toBeNaN(); // Saturday
  });

  it("exceptions: excused switches the schedule off, extra switches it on from its start; excused wins", () => {
    const base = curfew("America/New_York");
    const excused: Schedule = {
      ...base,
      exceptions: [{ from: new Date("2026-06-02T01:00:00Z"), to: new Date("2026-06-02T04:00:00Z"), kind: "excused" }],
    };
    expect(windowStartAt(excused, at("2026-06-02T02:00:00Z"))).toBeNaN();
    expect(windowStartAt(excused, at("2026-06-02T04:00:00Z"))).toBe(at("2026-06-02T01:00:00Z"));

    const extra: Schedule = {
      ...base,
      exceptions: [{ from: new Date("2026-06-01T16:00:00Z"), to: new Date("2026-06-01T20:00:00Z"), kind: "extra" }],
    };
    expect(windowStartAt(extra, at("2026-06-01T17:00:00Z"))).toBe(at("2026-06-01T16:00:00Z"));
    expect(windowStartAt(extra, at("2026-06-01T20:00:00Z"))).toBeNaN();

    const both: Schedule = { ...base, exceptions: [...extra.exceptions, { ...extra.exceptions[0]!, kind: "excused" }] };
    expect(windowStartAt(both, at("2026-06-01T17:00:00Z"))).toBeNaN();
  });

  it("refuses a malformed time instead of guessing", () => {
    expect(() => windowStartAt(curfew("UTC", "9pm", "06:00"), at("2026-06-01T00:00:00Z"))).toThrow(/HH:MM/);
  });
});
