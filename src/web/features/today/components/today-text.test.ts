import { describe, expect, it } from "vitest";
import type { TodayItem } from "../../../../shared/contract/today";
import { markerOffsets } from "./route";
import { chosenByDefault, defaultRouteStops, formatDistance, formatTimeRange, taskText } from "./today-text";

const zone = "America/New_York";

describe("the Today page's wording", () => {
  it("writes appointment times in the agency's time zone, the day period once when it does not change", () => {
    expect(formatTimeRange("2026-03-10T18:00:00Z", "2026-03-10T18:30:00Z", zone)).toBe("2:00–2:30 pm");
    expect(formatTimeRange("2026-03-10T15:30:00Z", "2026-03-10T16:15:00Z", zone)).toBe("11:30 am–12:15 pm");
    expect(
      taskText(
        {
          kind: "appointment",
          appointmentId: "00000000-0000-4000-8000-000000000001",
          appointmentType: "scheduled_home_visit",
          startsAt: "2026-03-10T18:00:00Z",
          endsAt: "2026-03-10T18:30:00Z",
          location: null,
          status: "scheduled",
        },
        zone,
      ),
    ).toBe("Home visit 2:00–2:30 pm");
  });

  it("says what is due, overdue, drawn or suggested in plain words", () => {
    const contact = { kind: "contact_due", taskId: "5b0c8f8e-3f7e-4c2a-9d1e-2a7c4b9e6f10", required: 1, done: 0 } as const;
    expect(taskText({ ...contact, requirement: "field", status: "overdue", dueBy: "2026-02-28" }, zone)).toBe(
      "Field contact overdue since Feb 28",
    );
    expect(taskText({ ...contact, requirement: "face_to_face", status: "due_soon", dueBy: "2026-03-31", required: 4, done: 1 }, zone)).toBe(
      "3 face-to-face contacts due by Mar 31 (1 of 4 done)",
    );
    expect(taskText({ kind: "drug_test", reason: "Selected in the random draw", tested: false }, zone)).toBe(
      "Random drug test — not yet tested",
    );
    expect(taskText({ kind: "suggested_unannounced_visit", reasons: [{ kind: "field_contact_overdue", dueBy: "2026-02-28" }] }, zone)).toBe(
      "Suggested: unannounced home visit — Field contact overdue since Feb 28, 2026",
    );
  });

  it("pre-chooses suggested visits and field appointments at a mapped address only", () => {
    const address = {
      kind: "residence" as const,
      shelterName: null,
      line1: "1 Main St",
      line2: null,
      city: "Atlanta",
      state: "GA",
      postalCode: "30303",
      verified: true,
    };
    const item = (tasks: TodayItem["tasks"], latitude: number | null): TodayItem => ({
      caseId: "00000000-0000-4000-8000-000000000002",
      personId: "00000000-0000-4000-8000-000000000003",
      personName: "Ana Example",
      caseNumber: "PR-1",
      caseStatus: "active",
      supervisionLevel: "high",
      riskLevel: null,
      priorityScore: 1,
      priorityReason: "",
      tasks,
      address: { ...address, latitude, longitude: latitude === null ? null : -84.39 },
      phone: null,
      cautions: [],
    });
    const suggestion: TodayItem["tasks"] = [
      { kind: "suggested_unannounced_visit", reasons: [{ kind: "field_contact_overdue", dueBy: "2026-02-28" }] },
    ];
    expect(chosenByDefault(item([...suggestion], 33.76))).toBe(true);
    expect(chosenByDefault(item([...suggestion], null))).toBe(false);
    expect(chosenByDefault(item([{ kind: "drug_test", reason: "x", tested: false }], 33.76))).toBe(false);
  });

  it("starts the route with booked field appointments, then the highest-priority suggested visits, up to the stop limit", () => {
    const address = {
      kind: "residence",
      shelterName: null,
      line1: "1 Main St",
      line2: null,
      city: "Atlanta",
      state: "GA",
      postalCode: "30303",
      verified: true,
    } as const;
    const item = (index: number, tasks: TodayItem["tasks"]): TodayItem => ({
      caseId: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
      personId: "00000000-0000-4000-8000-000000000003",
      personName: `Person ${index}`,
      caseNumber: `PR-${index}`,
      caseStatus: "active",
      supervisionLevel: "high",
      riskLevel: null,
      priorityScore: 100 - index,
      priorityReason: "",
      tasks,
      address: { ...address, latitude: 33.7 + index / 100, longitude: -84.39 },
      phone: null,
      cautions: [],
    });
    const suggestion = [
      { kind: "suggested_unannounced_visit", reasons: [{ kind: "field_contact_overdue", dueBy: "2026-02-28" }] },
    ] as TodayItem["tasks"];
    const visit: TodayItem["tasks"] = [
      {
        kind: "appointment",
        appointmentId: "00000000-0000-4000-8000-000000000099",
        appointmentType: "scheduled_home_visit",
        startsAt: "2026-03-10T15:00:00.000Z",
        endsAt: "2026-03-10T16:00:00.000Z",
        location: null,
        status: "scheduled",
      },
    ];
    // 21 candidate stops in priority order, the last one a booked home visit.
    const items = [...Array.from({ length: 20 }, (_, index) => item(index + 1, suggestion)), item(21, visit)];
    const chosen = defaultRouteStops(items, 5);
    expect(chosen.size).toBe(5);
    expect([...chosen]).toEqual([items[20]!.caseId, ...items.slice(0, 4).map((entry) => entry.caseId)]);
    expect(defaultRouteStops(items.slice(0, 3), 8).size).toBe(3);
  });

  it("spreads markers at the same spot apart and leaves a lone one in place", () => {
    const spot = { latitude: 33.749, longitude: -84.388 };
    const offsets = markerOffsets([spot, { latitude: 33.8, longitude: -84.3 }, { ...spot }, { ...spot }]);
    expect(offsets[1]).toEqual([0, 0]);
    const shared = [offsets[0]!, offsets[2]!, offsets[3]!];
    expect(new Set(shared.map((offset) => offset.join(","))).size).toBe(3);
    for (const [dx, dy] of shared) expect(Math.hypot(dx, dy)).toBeGreaterThan(10);
  });

  it("counts distances", () => {
    expect(formatDistance(16.09344)).toBe("16.1 km (10.0 mi)");
  });
});
