import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTimers, evaluate, newActivationState, parseActivationState, type ZoneSource } from "./engine";
import { ruleSettings } from "./settings";
import { circleZone, HOME, netAlertKeys, offset, reading, seeded } from "./test-support";
import type { ActivationState, AlertEvent, Reading, Zone } from "./types";
import { ZoneIndex } from "./zone-index";

const T0 = Date.parse("2026-06-01T12:00:00Z");
const SEC = 1000;
const MIN = 60 * SEC;

function run(zones: ZoneSource, readings: Reading[], state: ActivationState | null = null) {
  return evaluate(state, zones, readings, ruleSettings());
}

function kinds(alerts: readonly AlertEvent[]): string[] {
  return alerts.map((a) => a.kind);
}

/** Feeds readings one call each, collecting every alert. */
function stream(zones: ZoneSource, readings: Reading[], state: ActivationState | null = null) {
  let st = state;
  const alerts: AlertEvent[] = [];
  for (const r of readings) {
    const result = run(zones, [r], st);
    st = result.state;
    alerts.push(...result.alerts);
  }
  return { state: st!, alerts };
}

describe("entry and exit confirmation", () => {
  const school = circleZone("school", HOME, 100);

  it("confirms an entry with the second consecutive inside reading, and an exit the same way", () => {
    const inside = offset(HOME, 0, 20);
    const outside = offset(HOME, 0, 300);
    const { alerts } = stream(
      [school],
      [
        reading(1, T0, outside),
        reading(2, T0 + 10 * SEC, inside),
        reading(3, T0 + 20 * SEC, inside),
        reading(4, T0 + 30 * SEC, inside),
        reading(5, T0 + 40 * SEC, outside),
        reading(6, T0 + 50 * SEC, outside),
      ],
    );
    expect(kinds(alerts)).toEqual(["exclusion_zone_entry", "exclusion_zone_exit"]);
    expect(alerts[0]).toMatchObject({ severity: "high", zoneId: "school", eventTime: new Date(T0 + 20 * SEC), reading: { sequence: 3 } });
    expect(alerts[1]).toMatchObject({ clears: "exclusion_zone_entry", eventTime: new Date(T0 + 50 * SEC) });
  });

  it("confirms one inside reading held 60 s when the next reading is uncertain, not a single one followed by outside", () => {
    const inside = offset(HOME, 0, 20);
    const edge = offset(HOME, 0, 97); // 3 m inside with 5 m accuracy: uncertain, but on the inside
    const outside = offset(HOME, 0, 300);
    expect(kinds(stream([school], [reading(1, T0, inside), reading(2, T0 + 30 * SEC, edge)]).alerts)).toEqual([]);
    expect(kinds(stream([school], [reading(1, T0, inside), reading(2, T0 + 60 * SEC, edge)]).alerts)).toEqual(["exclusion_zone_entry"]);
    expect(kinds(stream([school], [reading(1, T0, inside), reading(2, T0 + 90 * SEC, outside)]).alerts)).toEqual([]);
  });

  it("ignores readings whose accuracy radius is worse than the limit", () => {
    const inside = offset(HOME, 0, 20);
    const { alerts } = stream(
      [school],
      [reading(1, T0, inside, { accuracyMeters: 800 }), reading(2, T0 + 10 * SEC, inside, { accuracyMeters: 800 })],
    );
    expect(alerts).toEqual([]);
  });

  it("does not flap on tracks jittering across the boundary: one entry and one exit, or none while standing on it", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = seeded(seed);
      // Gaussian error along the boundary's normal; the stated accuracy is the 68 % radius (about 1.5 sigma per axis).
      const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      const crossing: Reading[] = [];
      const standing: Reading[] = [];
      for (let i = 0; i <= 240; i++) {
        const accuracy = 8 + random() * 17;
        const error = (gaussian() * accuracy) / 1.5;
        // Walk from 200 m out to 40 m from the centre (60 m inside) and back over 20 minutes, one fix every 5 s.
        const distance = 40 + 160 * Math.abs(1 - (2 * i) / 240);
        crossing.push(reading(i + 1, T0 + i * 5 * SEC, offset(HOME, 0, distance + error), { accuracyMeters: accuracy }));
        // Standing on the boundary for 20 minutes.
        standing.push(reading(i + 1, T0 + i * 5 * SEC, offset(HOME, 0, 100 + error), { accuracyMeters: accuracy }));
      }
      const crossed = kinds(stream([school], crossing).alerts);
      expect(crossed, `seed ${seed}`).toEqual(["exclusion_zone_entry", "exclusion_zone_exit"]);
      const stood = kinds(stream([school], standing).alerts);
      expect(stood.filter((k) => k === "exclusion_zone_entry").length, `seed ${seed}`).toBeLessThanOrEqual(1);
      expect(stood.filter((k) => k === "exclusion_zone_exit").length, `seed ${seed}`).toBeLessThanOrEqual(1);
    }
  });

  it("a point hovering on the boundary with alternating verdicts never confirms", () => {
    const readings = Array.from({ length: 100 }, (_, i) => reading(i + 1, T0 + i * 10 * SEC, offset(HOME, 0, i % 2 ? 70 : 130)));
    expect(stream([school], readings).alerts).toEqual([]);
  });

  it("warns on approaching the buffer ring, then enters, then clears both on leaving", () => {
    const zone = circleZone("victim", HOME, 100, { bufferMeters: 300 });
    const at = (m: number) => offset(HOME, m, 0);
    const { alerts } = stream(
      [zone],
      [
        reading(1, T0, at(1000)),
        reading(2, T0 + 10 * SEC, at(250)),
        reading(3, T0 + 20 * SEC, at(240)),
        reading(4, T0 + 30 * SEC, at(50)),
        reading(5, T0 + 40 * SEC, at(40)),
        reading(6, T0 + 50 * SEC, at(900)),
        reading(7, T0 + 60 * SEC, at(900)),
      ],
    );
    expect(kinds(alerts)).toEqual([
      "exclusion_zone_approach",
      "exclusion_zone_entry",
      "exclusion_zone_exit",
      "exclusion_zone_approach_cleared",
    ]);
  });

  it("an exclusion zone with a schedule alerts only while it is in force, and when it comes into force with the person inside", () => {
    // School hours 08:00–15:00 UTC on weekdays (2026-06-01 is a Monday).
    const zone = circleZone("school", HOME, 100, {
      schedule: { timeZone: "UTC", windows: [{ days: ["mon"], start: "08:00", end: "15:00" }], exceptions: [] },
    });
    const inside = offset(HOME, 0, 10);
    const at = (h: number, m: number) => Date.parse(`2026-06-01T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00Z`);
    const evening = stream([zone], [reading(1, at(16, 0), inside), reading(2, at(16, 1), inside)]);
    expect(evening.alerts).toEqual([]);
    const morning = stream([zone], [reading(1, at(7, 58), inside), reading(2, at(7, 59), inside), reading(3, at(8, 0), inside)]);
    expect(kinds(morning.alerts)).toEqual(["exclusion_zone_entry"]);
    expect(morning.alerts[0]!.eventTime).toEqual(new Date(at(8, 0)));
  });

  it("sees a zone added to the same array in place", () => {
    const zones: Zone[] = [];
    const inside = offset(HOME, 0, 10);
    const before = stream(zones, [reading(1, T0, inside), reading(2, T0 + 10 * SEC, inside)]);
    expect(before.alerts).toEqual([]);
    zones.push(school);
    const after = stream(zones, [reading(3, T0 + 20 * SEC, inside), reading(4, T0 + 30 * SEC, inside)], before.state);
    expect(kinds(after.alerts)).toEqual(["exclusion_zone_entry"]);
  });

  it("forgets an exclusion zone that was removed from the set without raising anything", () => {
    const inside = offset(HOME, 0, 10);
    const first = stream([school], [reading(1, T0, inside), reading(2, T0 + 10 * SEC, inside)]);
    expect(kinds(first.alerts)).toEqual(["exclusion_zone_entry"]);
    const after = run([], [reading(3, T0 + 20 * SEC, inside)], first.state);
    expect(after.alerts).toEqual([]);
    expect(after.state.head.zones).toEqual({});
  });
});

describe("shared zones through a ZoneIndex", () => {
  it("walking past a thousand shared zones keeps state only for the zones that matter", () => {
    // A row of schools 200 m apart along the walk, each 50 m across with a 100 m buffer.
    const schools = Array.from({ length: 1000 }, (_, i) => circleZone(`school-${i}`, offset(HOME, i * 200, 0), 50, { bufferMeters: 100 }));
    const index = new ZoneIndex(schools);
    const home = circleZone("home", offset(HOME, 0, 5000), 100, {
      kind: "inclusion",
      schedule: { timeZone: "UTC", windows: [{ days: ["mon"], start: "21:00", end: "06:00" }], exceptions: [] },
    });
    const walk = Array.from({ length: 400 }, (_, i) => reading(i + 1, T0 + i * 30 * SEC, offset(HOME, i * 50, 300)));
    const { state, alerts } = stream([index, home], walk);
    expect(alerts).toEqual([]); // 300 m off the row: never in a buffer
    expect(Object.keys(state.head.zones)).toEqual(["home"]); // the inclusion zone is evaluated however far away
    const through = Array.from({ length: 60 }, (_, i) =>
      reading(1000 + i, T0 + 4 * 60 * MIN + i * 10 * SEC, offset(HOME, 2000 + i * 10, 0)),
    );
    const passing = stream([index, home], through, state);
    const entries = passing.alerts.filter((a) => a.kind === "exclusion_zone_entry").map((a) => a.zoneId);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((id) => id?.startsWith("school-"))).toBe(true);
    expect(Object.keys(passing.state.head.zones).length).toBeLessThanOrEqual(3);
  });
});

describe("device rules", () => {
  it("raises strap tamper once and clears it", () => {
    const p = offset(HOME, 5000, 0);
    const { alerts } = stream(
      [],
      [
        reading(1, T0, p),
        reading(2, T0 + MIN, p, { strapTamper: true }),
        reading(3, T0 + 2 * MIN, p, { strapTamper: true }),
        reading(4, T0 + 3 * MIN, p),
      ],
    );
    expect(kinds(alerts)).toEqual(["strap_tamper", "strap_tamper_cleared"]);
    expect(alerts[0]!.severity).toBe("high");
  });

  it("low battery with hysteresis, and not charging while low and falling", () => {
    const battery = [25, 21, 20, 19, 22, 24, 25, 26, 20];
    const levels = stream(
      [],
      battery.map((b, i) => reading(i + 1, T0 + i * MIN, null, { batteryPercent: b })),
    );
    expect(levels.alerts.map((a) => `${a.kind}@${a.reading?.sequence}`)).toEqual(["low_battery@3", "battery_recovered@7", "low_battery@9"]);

    const charging = stream(
      [],
      [
        reading(1, T0, null, { batteryPercent: 20, charging: false }),
        reading(2, T0 + MIN, null, { batteryPercent: 20, charging: false }),
        reading(3, T0 + 2 * MIN, null, { batteryPercent: 18, charging: false }),
        reading(4, T0 + 3 * MIN, null, { batteryPercent: 17, charging: false }),
        reading(5, T0 + 4 * MIN, null, { batteryPercent: 17, charging: true }),
      ],
    );
    expect(charging.alerts.map((a) => `${a.kind}@${a.reading?.sequence}`)).toEqual([
      "low_battery@1",
      "not_charging@3",
      "charging_resumed@5",
    ]);
  });

  it("alcohol: two readings at the threshold, or one at the high threshold; cleared below", () => {
    const alcohol = (values: number[]) =>
      stream(
        [],
        values.map((v, i) => reading(i + 1, T0 + i * 15 * MIN, null, { alcoholMgPerL: v })),
      ).alerts.map((a) => `${a.kind}@${a.reading?.sequence}`);
    expect(alcohol([0.1, 0, 0.1, 0])).toEqual([]);
    expect(alcohol([0.1, 0.12, 0.11, 0])).toEqual(["alcohol_detected@2", "alcohol_cleared@4"]);
    expect(alcohol([0, 0.25])).toEqual(["alcohol_detected@2"]);
    expect(alcohol([0.05, 0.06])).toEqual([]);
  });
});

describe("no-signal timer", () => {
  it("is computed from the stored state, so it is right after a restart, raised once, and cleared by the next reading", () => {
    const p = offset(HOME, 5000, 0);
    const first = run([], [reading(1, T0, p)]);
    const stored = JSON.stringify(first.state);
    // Another instance, later, reads the row back.
    const restored = parseActivationState(stored);
    expect(checkTimers(restored, [], new Date(T0 + 14 * MIN)).alerts).toEqual([]);
    const due = checkTimers(restored, [], new Date(T0 + 40 * MIN));
    expect(due.alerts).toMatchObject([{ kind: "no_signal", eventTime: new Date(T0 + 15 * MIN), severity: "medium" }]);
    const again = checkTimers(parseActivationState(JSON.stringify(due.state)), [], new Date(T0 + 50 * MIN));
    expect(again.alerts).toEqual([]);
    const back = run([], [reading(2, T0 + 55 * MIN, p)], again.state);
    expect(back.alerts).toMatchObject([{ kind: "signal_restored", clears: "no_signal", eventTime: new Date(T0 + 55 * MIN) }]);
    expect(checkTimers(back.state, [], new Date(T0 + 60 * MIN)).alerts).toEqual([]);
  });

  it("starts from the activation's install time before any reading", () => {
    const state = newActivationState(new Date(T0));
    expect(kinds(checkTimers(state, [], new Date(T0 + 16 * MIN)).alerts)).toEqual(["no_signal"]);
  });

  it("refuses a stored state of another version", () => {
    expect(() => parseActivationState('{"version":2}')).toThrow(/version/);
  });
});

describe("curfew (inclusion zone with a schedule)", () => {
  // 21:00–06:00 every night in New York; 2026-06-01 21:00 EDT = 2026-06-02T01:00Z.
  const home = circleZone("home", HOME, 80, {
    kind: "inclusion",
    schedule: {
      timeZone: "America/New_York",
      windows: [{ days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start: "21:00", end: "06:00" }],
      exceptions: [],
    },
  });
  const start = Date.parse("2026-06-02T01:00:00Z");
  const away = offset(HOME, 3000, 0);
  const inside = offset(HOME, 0, 10);

  it("raises absence from window start + grace, once per window, and clears when home", () => {
    const { alerts } = stream(
      [home],
      [
        reading(1, start - 10 * MIN, away),
        reading(2, start + 5 * MIN, away), // within the 10-minute grace
        reading(3, start + 11 * MIN, away),
        reading(4, start + 12 * MIN, away),
        reading(5, start + 30 * MIN, inside),
        reading(6, start + 31 * MIN, inside),
      ],
    );
    expect(alerts.map((a) => `${a.kind}@${a.reading?.sequence}`)).toEqual(["inclusion_zone_absence@3", "inclusion_zone_returned@6"]);
  });

  it("an uncertain first fix (indoors, poor accuracy) is not taken as absence; the first certain one outside is", () => {
    const indoors = offset(HOME, 0, 60); // 20 m inside an 80 m zone, with 40 m accuracy
    const uncertain = stream(
      [home],
      [reading(1, start + 20 * MIN, indoors, { accuracyMeters: 40 }), reading(2, start + 21 * MIN, indoors, { accuracyMeters: 40 })],
      newActivationState(new Date(start - 60 * MIN)),
    );
    expect(uncertain.alerts).toEqual([]);
    const then = stream([home], [reading(3, start + 22 * MIN, away)], uncertain.state);
    expect(kinds(then.alerts)).toEqual(["inclusion_zone_absence"]);
  });

  it("no alert when home before the window and reporting during it", () => {
    const { alerts } = stream(
      [home],
      [reading(1, start - 5 * MIN, inside), reading(2, start - 4 * MIN, inside), reading(3, start + 20 * MIN, inside)],
    );
    expect(alerts).toEqual([]);
  });

  it("an excused exception lets the person be out", () => {
    const excused = {
      ...home,
      schedule: {
        ...home.schedule!,
        exceptions: [{ from: new Date(start), to: new Date(start + 3 * 60 * MIN), kind: "excused" as const }],
      },
    };
    expect(stream([excused], [reading(1, start + 20 * MIN, away), reading(2, start + 21 * MIN, away)]).alerts).toEqual([]);
  });

  it("the timer raises absence when no reading arrives during the window, and a later reading home clears it", () => {
    const before = stream([home], [reading(1, start - 20 * MIN, inside), reading(2, start - 19 * MIN, inside)]);
    const state = parseActivationState(JSON.stringify(before.state));
    const curfewOnly = (alerts: AlertEvent[]) => alerts.filter((a) => a.kind !== "no_signal");
    expect(curfewOnly(checkTimers(state, [home], new Date(start + 9 * MIN)).alerts)).toEqual([]);
    const due = checkTimers(state, [home], new Date(start + 11 * MIN));
    expect(curfewOnly(due.alerts)).toMatchObject([
      { kind: "inclusion_zone_absence", zoneId: "home", eventTime: new Date(start + 10 * MIN) },
    ]);
    expect(checkTimers(due.state, [home], new Date(start + 12 * MIN)).alerts).toEqual([]);
    // A reading away does not raise a second absence for the same window; coming home clears the timer's alert.
    const awayNow = stream([home], [reading(3, start + 15 * MIN, away), reading(4, start + 16 * MIN, away)], due.state);
    expect(kinds(awayNow.alerts)).toEqual(["signal_restored"]);
    const back = stream([home], [reading(5, start + 40 * MIN, inside), reading(6, start + 41 * MIN, inside)], awayNow.state);
    expect(back.alerts).toMatchObject([{ kind: "inclusion_zone_returned", clears: "inclusion_zone_absence" }]);
  });

  it("an activation that starts during a curfew window gets the grace from its own start", () => {
    const installed = newActivationState(new Date(start + 2 * 60 * MIN)); // 23:00, two hours into the window
    const curfewOnly = (alerts: AlertEvent[]) => alerts.filter((a) => a.kind === "inclusion_zone_absence");
    expect(curfewOnly(checkTimers(installed, [home], new Date(start + 2 * 60 * MIN + 5 * MIN)).alerts)).toEqual([]);
    expect(curfewOnly(checkTimers(installed, [home], new Date(start + 2 * 60 * MIN + 10 * MIN)).alerts)).toMatchObject([
      { eventTime: new Date(start + 2 * 60 * MIN + 10 * MIN) },
    ]);
  });

  it("the timer stays quiet when a reading since the window start shows the person home", () => {
    const before = stream(
      [home],
      [reading(1, start - 2 * MIN, inside), reading(2, start - MIN, inside), reading(3, start + 2 * MIN, inside)],
    );
    expect(checkTimers(before.state, [home], new Date(start + 11 * MIN)).alerts).toEqual([]);
  });
});

describe("late, out-of-order and duplicate readings", () => {
  const zones = [circleZone("a", HOME, 150, { bufferMeters: 200 }), circleZone("b", offset(HOME, 1500, 0), 100)];

  /** Two hours at one reading per 15 s, wandering in and out of both zones, with tamper and battery changes. */
  function track(seed: number): Reading[] {
    const random = seeded(seed);
    const readings: Reading[] = [];
    let east = -800;
    let north = 0;
    for (let i = 0; i < 480; i++) {
      east += (random() - 0.35) * 60;
      north += (random() - 0.5) * 60;
      if (east > 2500) east = -800;
      north = Math.max(-300, Math.min(300, north));
      readings.push(
        reading(i + 1, T0 + i * 15 * SEC, offset(HOME, east, north), {
          accuracyMeters: 5 + random() * 30,
          strapTamper: i % 97 > 90,
          batteryPercent: 30 - ((i / 10) % 20),
          charging: false,
        }),
      );
    }
    return readings;
  }

  it("yields the same alerts, net of withdrawals, in any arrival order within the reorder window, ignoring duplicates", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1_000_000 }), (trackSeed, orderSeed) => {
        const readings = track(trackSeed);
        const expected = netAlertKeys(run(zones, [...readings]).alerts);
        const random = seeded(orderSeed);
        // Each reading is delayed by up to 10 minutes (the window is 15); some are sent twice.
        const arrivals = readings
          .flatMap((r) => (random() < 0.05 ? [r, r] : [r]))
          .map((r) => ({ r, at: r.eventTime.getTime() + random() * 10 * MIN }))
          .sort((x, y) => x.at - y.at)
          .map((x) => x.r);
        let state: ActivationState | null = null;
        const alerts: AlertEvent[] = [];
        let duplicates = 0;
        for (let i = 0; i < arrivals.length; ) {
          const size = 1 + Math.floor(random() * 12);
          const result = evaluate(state, zones, arrivals.slice(i, i + size), ruleSettings());
          state = parseActivationState(JSON.stringify(result.state));
          alerts.push(...result.alerts);
          duplicates += result.duplicates;
          expect(result.tooLate).toBe(0);
          i += size;
        }
        expect(duplicates).toBe(arrivals.length - readings.length);
        expect(netAlertKeys(alerts)).toEqual(expected);
        expect(expected.length).toBeGreaterThan(5);
      }),
      { numRuns: 80 },
    );
  });

  it("in-order arrival never withdraws anything and matches one sorted batch", () => {
    const readings = track(7);
    const oneByOne = stream(zones, readings);
    expect(oneByOne.alerts.some((a) => a.kind === "alert_withdrawn")).toBe(false);
    expect(oneByOne.alerts.map((a) => a.key)).toEqual(run(zones, readings).alerts.map((a) => a.key));
    expect(oneByOne.state.buffer.length).toBeLessThanOrEqual(ruleSettings().maxBufferedReadings);
  });

  it("withdraws an entry that a late reading shows was never confirmed", () => {
    const zone = circleZone("z", HOME, 100);
    const inside = offset(HOME, 0, 10);
    const outside = offset(HOME, 0, 400);
    const first = run([zone], [reading(1, T0, outside), reading(2, T0 + 10 * SEC, inside), reading(4, T0 + 30 * SEC, inside)]);
    expect(kinds(first.alerts)).toEqual(["exclusion_zone_entry"]);
    const late = run([zone], [reading(3, T0 + 20 * SEC, outside)], first.state);
    expect(late.alerts).toMatchObject([{ kind: "alert_withdrawn", withdrawsKey: first.alerts[0]!.key, clears: "exclusion_zone_entry" }]);
    const next = run([zone], [reading(5, T0 + 40 * SEC, inside)], late.state);
    expect(kinds(next.alerts)).toEqual(["exclusion_zone_entry"]);
  });

  it("a reading older than the reorder window is evaluated alone for tamper and alcohol and counted as too late", () => {
    const p = offset(HOME, 5000, 0);
    const recent = stream(
      [],
      Array.from({ length: 40 }, (_, i) => reading(i + 100, T0 + i * MIN, p)),
    );
    const result = run([], [reading(5, T0 - 60 * MIN, p, { strapTamper: true, alcoholMgPerL: 0.1 })], recent.state);
    expect(result.tooLate).toBe(1);
    expect(kinds(result.alerts).sort()).toEqual(["alcohol_detected", "strap_tamper"]);
    expect(result.state.head.tamperOpen).toBe(false);
  });

  it("ignores a duplicate of a buffered reading, even with different content", () => {
    const p = offset(HOME, 5000, 0);
    const first = run([], [reading(1, T0, p)]);
    const dup = run([], [reading(1, T0, p, { strapTamper: true })], first.state);
    expect(dup.duplicates).toBe(1);
    expect(dup.alerts).toEqual([]);
  });
});
