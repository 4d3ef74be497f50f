import { describe, expect, it } from "vitest";
import { circleZone, HOME } from "./test-support";
import { zoneProblems } from "./validate";

describe("zone validation", () => {
  it("accepts a usable circle and polygon", () => {
    expect(zoneProblems(circleZone("a", HOME, 100))).toEqual([]);
    const square = [
      [0, 0],
      [0.01, 0],
      [0.01, 0.01],
      [0, 0],
    ];
    expect(zoneProblems({ ...circleZone("b", HOME, 1), geometry: { type: "Polygon", coordinates: [square] } })).toEqual([]);
  });

  it("says what is wrong in plain words", () => {
    expect(zoneProblems(circleZone("a", [200, 10], 0))).toEqual([
      "The circle's centre has a longitude outside −180…180",
      "The circle's radius must be more than 0 and at most 100 km",
    ]);
    const open = [
      [0, 0],
      [0.01, 0],
      [0.01, 0.01],
      [0, 0.02],
    ];
    expect(zoneProblems({ ...circleZone("b", HOME, 1), geometry: { type: "Polygon", coordinates: [open] } })).toEqual([
      "The polygon's outline is not closed (GeoJSON repeats the first point last)",
    ]);
    const badSchedule = circleZone("c", HOME, 100, {
      schedule: {
        timeZone: "Mars/Olympus",
        windows: [{ days: [], start: "25:00", end: "06:00" }],
        exceptions: [{ from: new Date(2), to: new Date(1), kind: "excused" }],
      },
    });
    expect(zoneProblems(badSchedule)).toEqual([
      '"Mars/Olympus" is not a known time zone',
      "Window 1 has no days",
      'Window 1 starts at "25:00", not a time HH:MM',
      "Exception 1 ends before it starts",
    ]);
  });
});
