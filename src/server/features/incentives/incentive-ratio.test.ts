import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { monthsBefore } from "../../../shared/time/calendar-date";
import { inPeriod, periodOf, ratioOf } from "./incentive-ratio";

describe("the incentive-to-sanction ratio", () => {
  it("has no ratio without a sanction: met with an incentive, unknown with neither", () => {
    expect(ratioOf(3, 0, 4)).toEqual({ incentives: 3, sanctions: 0, ratio: null, meetsTarget: true });
    expect(ratioOf(0, 0, 4)).toEqual({ incentives: 0, sanctions: 0, ratio: null, meetsTarget: null });
  });

  it("is zero with sanctions and no incentive, and misses any target", () => {
    expect(ratioOf(0, 2, 4)).toEqual({ incentives: 0, sanctions: 2, ratio: 0, meetsTarget: false });
  });

  it("is incentives per sanction to one decimal, meeting the target at or above it", () => {
    expect(ratioOf(7, 2, 4)).toMatchObject({ ratio: 3.5, meetsTarget: false });
    expect(ratioOf(8, 2, 4)).toMatchObject({ ratio: 4, meetsTarget: true });
    expect(ratioOf(9, 2, 4)).toMatchObject({ ratio: 4.5, meetsTarget: true });
    // 79 : 20 shows as 4.0 but is under 4: the target is judged on the counts, not the rounded ratio.
    expect(ratioOf(79, 20, 4)).toMatchObject({ ratio: 4, meetsTarget: false });
    expect(ratioOf(1, 3, 0.5)).toMatchObject({ ratio: 0.3, meetsTarget: false });
  });

  it("meets the target exactly when incentives ≥ target × sanctions", () => {
    fc.assert(
      fc.property(fc.nat(500), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 5, max: 200 }), (incentives, sanctions, tenths) => {
        const target = tenths / 10;
        const facts = ratioOf(incentives, sanctions, target);
        expect(facts.meetsTarget).toBe(incentives >= target * sanctions);
        expect(Math.abs(facts.ratio! - incentives / sanctions)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });
});

describe("the period a ratio counts", () => {
  it("defaults to the six months up to today, both days included", () => {
    expect(periodOf({}, "2026-12-02")).toEqual({ from: "2026-06-02", to: "2026-12-02" });
    expect(periodOf({ to: "2026-08-31" }, "2026-12-02")).toEqual({ from: "2026-02-28", to: "2026-08-31" });
  });

  it("counts its first and last days and nothing outside them", () => {
    const period = periodOf({ from: "2026-01-01", to: "2026-01-31" }, "2026-12-02");
    expect(inPeriod("2026-01-01", period)).toBe(true);
    expect(inPeriod("2026-01-31", period)).toBe(true);
    expect(inPeriod("2025-12-31", period)).toBe(false);
    expect(inPeriod("2026-02-01", period)).toBe(false);
  });

  it("refuses a period that ends after today, starts after it ends, or is longer than five years", () => {
    expect(() => periodOf({ to: "2026-12-03" }, "2026-12-02")).toThrow("cannot end after today");
    expect(() => periodOf({ from: "2026-05-02", to: "2026-05-01" }, "2026-12-02")).toThrow("after its last day");
    expect(() => periodOf({ from: "2020-01-01" }, "2026-12-02")).toThrow("at most five years");
    expect(() => periodOf({ from: "2026-02-30" }, "2026-12-02")).toThrow("not a calendar date");
    expect(periodOf({ from: "2026-12-02", to: "2026-12-02" }, "2026-12-02")).toEqual({ from: "2026-12-02", to: "2026-12-02" });
  });

  it("goes back whole months, keeping the day or the month's last", () => {
    expect(monthsBefore("2026-03-31", 1)).toBe("2026-02-28");
    expect(monthsBefore("2024-08-31", 6)).toBe("2024-02-29");
    expect(monthsBefore("2026-01-15", 6)).toBe("2025-07-15");
  });
});
