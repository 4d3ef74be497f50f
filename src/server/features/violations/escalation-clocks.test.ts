import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { responseKinds } from "../../../shared/contract/violations";
import { crossedClocks, type EscalationClock, escalationClocksFile, loadEscalationClocks, windowStart } from "./escalation-clocks";

const threeInSix: EscalationClock = {
  id: "warnings",
  label: "3 warnings in 6 months",
  counts: ["verbal_warning", "written_warning"],
  threshold: 3,
  withinMonths: 6,
};
const warnings = (...days: string[]) => days.map((day) => ({ kind: "verbal_warning" as const, day }));

describe("escalation clocks", () => {
  it("the shipped file is valid and has the 3-warnings-in-6-months clock", () => {
    expect(loadEscalationClocks()).toContainEqual(expect.objectContaining({ threshold: 3, withinMonths: 6 }));
  });

  it("a warning exactly six months ago is outside the window; the day after it is inside", () => {
    expect(windowStart("2026-07-15", 6)).toBe("2026-01-16");
    // Two earlier warnings inside the window: the third crosses the clock.
    expect(crossedClocks([threeInSix], warnings("2026-01-16", "2026-04-01"), "written_warning", "2026-07-15")).toEqual([threeInSix]);
    // One of them exactly six months ago: only two within the window, not crossed.
    expect(crossedClocks([threeInSix], warnings("2026-01-15", "2026-04-01"), "written_warning", "2026-07-15")).toEqual([]);
  });

  it("a short month's end: six months before Aug 31 is Feb 28, so Mar 1 is the first day inside", () => {
    expect(windowStart("2026-08-31", 6)).toBe("2026-03-01");
    expect(crossedClocks([threeInSix], warnings("2026-03-01", "2026-08-01"), "verbal_warning", "2026-08-31")).toEqual([threeInSix]);
    expect(crossedClocks([threeInSix], warnings("2026-02-28", "2026-08-01"), "verbal_warning", "2026-08-31")).toEqual([]);
  });

  it("crosses once: below the threshold nothing, at it the clock, past it nothing again", () => {
    expect(crossedClocks([threeInSix], warnings("2026-06-01"), "verbal_warning", "2026-07-01")).toEqual([]);
    expect(crossedClocks([threeInSix], warnings("2026-06-01", "2026-06-15"), "verbal_warning", "2026-07-01")).toEqual([threeInSix]);
    expect(crossedClocks([threeInSix], warnings("2026-05-01", "2026-06-01", "2026-06-15"), "verbal_warning", "2026-07-01")).toEqual([]);
  });

  it("counts only the responses the clock names, and a response it does not count crosses nothing", () => {
    const others = [
      { kind: "curfew" as const, day: "2026-06-01" },
      { kind: "treatment_referral" as const, day: "2026-06-02" },
    ];
    expect(crossedClocks([threeInSix], others, "verbal_warning", "2026-07-01")).toEqual([]);
    expect(crossedClocks([threeInSix], warnings("2026-06-01", "2026-06-02"), "curfew", "2026-07-01")).toEqual([]);
  });

  it("property: the clock crosses exactly when the count within the window, with the new one, equals the threshold", () => {
    const day = fc
      .integer({ min: 0, max: 400 })
      .map((offset) => new Date(Date.UTC(2025, 6, 1) + offset * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.array(day, { maxLength: 8 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 12 }),
        (days, threshold, months) => {
          const clock = { ...threeInSix, threshold, withinMonths: months };
          const today = "2026-08-05";
          const inside = days.filter((d) => d >= windowStart(today, months) && d <= today).length;
          expect(crossedClocks([clock], warnings(...days), "verbal_warning", today).length).toBe(inside + 1 === threshold ? 1 : 0);
        },
      ),
    );
  });

  it("refuses a clocks file with a repeated id or an unknown response, naming it", () => {
    const twice = escalationClocksFile.safeParse({ clocks: [threeInSix, threeInSix] });
    expect(twice.success).toBe(false);
    expect(twice.error!.issues[0]).toMatchObject({ path: ["clocks", 1, "id"], message: "clock warnings twice" });
    const unknown = escalationClocksFile.safeParse({ clocks: [{ ...threeInSix, counts: ["flogging"] }] });
    expect(unknown.success).toBe(false);
    expect(unknown.error!.issues[0]!.path).toEqual(["clocks", 0, "counts", 0]);
    expect(responseKinds).toContain("verbal_warning");
  });
});
