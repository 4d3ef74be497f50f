import { describe, expect, it } from "vitest";
import { localDate } from "../../../shared/time/calendar-date";
import {
  type CaseFacts,
  csosaPolicy,
  evaluateStandards,
  lookbackStart,
  overallStatus,
  periodContaining,
  requiredInPeriod,
  requirementsFor,
  type StandardsPolicy,
} from "./contact-standards";

const facts = (overrides: Partial<CaseFacts> = {}): CaseFacts => ({
  levels: [{ level: "moderate", from: "2025-06-01" }],
  tags: [],
  contacts: [],
  currentAddress: null,
  ...overrides,
});
const faceToFace = (date: string, field = false) => ({
  date,
  kind: field ? (["face_to_face", "field"] as const).slice() : (["face_to_face"] as const).slice(),
});
const stateOf = (states: ReturnType<typeof evaluateStandards>, kind: string) => states.find((state) => state.kind === kind)!;

describe("contact standard periods", () => {
  it("aligns months, two-month periods and quarters to the calendar, including leap years", () => {
    expect(periodContaining("2026-01-31", 1)).toEqual({ start: "2026-01-01", end: "2026-01-31" });
    expect(periodContaining("2028-02-29", 1)).toEqual({ start: "2028-02-01", end: "2028-02-29" });
    expect(periodContaining("2026-02-28", 1)).toEqual({ start: "2026-02-01", end: "2026-02-28" });
    expect(periodContaining("2026-04-15", 2)).toEqual({ start: "2026-03-01", end: "2026-04-30" });
    expect(periodContaining("2026-12-31", 2)).toEqual({ start: "2026-11-01", end: "2026-12-31" });
    expect(periodContaining("2026-03-31", 3)).toEqual({ start: "2026-01-01", end: "2026-03-31" });
    expect(periodContaining("2026-04-01", 3)).toEqual({ start: "2026-04-01", end: "2026-06-30" });
  });

  it("dates contacts in the agency's time zone, not UTC", () => {
    const lateEvening = new Date("2026-02-01T04:30:00Z"); // 23:30 on 31 January in New York
    expect(localDate(lateEvening, "America/New_York")).toBe("2026-01-31");
    expect(localDate(lateEvening, "UTC")).toBe("2026-02-01");
    expect(localDate(new Date("2026-03-08T07:30:00Z"), "America/Los_Angeles")).toBe("2026-03-07"); // the night clocks change
    const january = evaluateStandards(
      csosaPolicy,
      facts({ contacts: [faceToFace(localDate(lateEvening, "America/New_York"), true), faceToFace("2026-01-10")] }),
      "2026-01-31",
    );
    expect(stateOf(january, "face_to_face")).toMatchObject({ required: 2, done: 2, status: "met" });
  });
});

describe("contact standards (CSOSA default)", () => {
  it("requires the CSOSA numbers per level and kind", () => {
    const counts = (level: "intensive" | "high" | "moderate" | "low" | "administrative") =>
      requirementsFor(csosaPolicy, level, []).map((requirement) => `${requirement.kind}:${requirement.count}/${requirement.periodMonths}`);
    expect(counts("intensive")).toEqual(["face_to_face:8/1", "field:4/1"]);
    expect(counts("high")).toEqual(["face_to_face:4/1", "field:2/1"]);
    expect(counts("moderate")).toEqual(["face_to_face:2/1", "field:1/1"]);
    expect(counts("low")).toEqual(["face_to_face:1/1", "field:1/2"]);
  });

  it("is due, then due soon near the period's end, then met", () => {
    const newCase = facts({ levels: [{ level: "moderate", from: "2026-03-01" }] });
    const none = evaluateStandards(csosaPolicy, newCase, "2026-03-10");
    expect(stateOf(none, "face_to_face")).toMatchObject({ required: 2, done: 0, status: "due", dueBy: "2026-03-31" });
    expect(stateOf(evaluateStandards(csosaPolicy, newCase, "2026-03-25"), "face_to_face").status).toBe("due_soon");
    const met = evaluateStandards(
      csosaPolicy,
      facts({ contacts: [faceToFace("2026-03-02", true), faceToFace("2026-03-09")] }),
      "2026-03-25",
    );
    expect(overallStatus(met)).toBe("met");
  });

  it("is overdue when the last period ended short, until a contact of that kind happens", () => {
    const shortInFebruary = facts({ contacts: [faceToFace("2026-02-03")] });
    expect(stateOf(evaluateStandards(csosaPolicy, shortInFebruary, "2026-03-01"), "face_to_face")).toMatchObject({
      status: "overdue",
      carriedOver: true,
      dueBy: "2026-02-28",
    });
    // The missed period and the current one, each with its own dates, counts and status (shown as two rows).
    expect(stateOf(evaluateStandards(csosaPolicy, shortInFebruary, "2026-03-01"), "face_to_face")).toMatchObject({
      periodStart: "2026-03-01",
      periodEnd: "2026-03-31",
      done: 0,
      periodStatus: "due",
      missedPeriod: { periodStart: "2026-02-01", periodEnd: "2026-02-28", required: 2, done: 1 },
    });
    const seenSince = facts({ contacts: [faceToFace("2026-02-03"), faceToFace("2026-03-02")] });
    expect(stateOf(evaluateStandards(csosaPolicy, seenSince, "2026-03-05"), "face_to_face")).toMatchObject({
      status: "due",
      done: 1,
      missedPeriod: null,
    });
  });

  it("counts the field contact of a low-level case over two months", () => {
    const low = facts({
      levels: [{ level: "low", from: "2025-01-01" }],
      contacts: [faceToFace("2026-03-04", true), faceToFace("2026-04-02")],
    });
    expect(stateOf(evaluateStandards(csosaPolicy, low, "2026-04-20"), "field")).toMatchObject({
      periodStart: "2026-03-01",
      periodEnd: "2026-04-30",
      done: 1,
      status: "met",
    });
  });

  it("reads contacts back to the previous period of the current level's longest requirement only", () => {
    const withLevel = (level: "moderate" | "low" | "administrative") => facts({ levels: [{ level, from: "2025-06-01" }] });
    expect(lookbackStart(csosaPolicy, withLevel("moderate"), "2026-05-14")).toBe("2026-04-01");
    expect(lookbackStart(csosaPolicy, withLevel("low"), "2026-05-14")).toBe("2026-03-01");
    expect(lookbackStart(csosaPolicy, withLevel("administrative"), "2026-05-14")).toBe("2026-01-01");
    expect(lookbackStart(csosaPolicy, facts({ levels: [{ level: "moderate", from: "2026-06-01" }] }), "2026-05-14")).toBeNull();
  });

  it("gives the same standing from monthly totals as from the contacts one by one", () => {
    const dates = ["2026-01-05", "2026-01-20", "2026-02-11", "2026-03-02", "2026-03-03", "2026-03-30"];
    const single = facts({ contacts: dates.map((date, index) => faceToFace(date, index % 2 === 0)) });
    const monthly = facts({
      contacts: [
        { date: "2026-01-01", kind: ["face_to_face"], count: 2 },
        { date: "2026-01-01", kind: ["field"], count: 1 },
        { date: "2026-02-01", kind: ["face_to_face"], count: 1 },
        { date: "2026-02-01", kind: ["field"], count: 1 },
        { date: "2026-03-01", kind: ["face_to_face"], count: 3 },
        { date: "2026-03-01", kind: ["field"], count: 1 },
      ],
    });
    for (const level of ["intensive", "moderate", "low", "administrative"] as const) {
      for (const today of ["2026-02-15", "2026-03-31", "2026-04-01"]) {
        const levels = [{ level, from: "2025-06-01" }];
        expect(evaluateStandards(csosaPolicy, { ...monthly, levels }, today)).toEqual(
          evaluateStandards(csosaPolicy, { ...single, levels }, today),
        );
      }
    }
  });

  it("prorates a period in which the level changed", () => {
    // Moderate (2) until 24 March, intensive (8) from 25 March: 2·24/31 + 8·7/31 = 3.35 → 3.
    const raised = facts({
      levels: [
        { level: "moderate", from: "2025-06-01" },
        { level: "intensive", from: "2026-03-25" },
      ],
    });
    expect(requiredInPeriod(csosaPolicy, raised, "face_to_face", { start: "2026-03-01", end: "2026-03-31" })).toEqual({
      required: 3,
      months: 1,
    });
    expect(stateOf(evaluateStandards(csosaPolicy, raised, "2026-03-28"), "face_to_face").required).toBe(3);
    expect(stateOf(evaluateStandards(csosaPolicy, raised, "2026-04-02"), "face_to_face").required).toBe(8);
    // A case that starts mid-month owes only that share of the month: 8·16/31 = 4.1 → 4; a few days owe none.
    const started = facts({ levels: [{ level: "intensive", from: "2026-03-16" }] });
    expect(stateOf(evaluateStandards(csosaPolicy, started, "2026-03-20"), "face_to_face").required).toBe(4);
    const lateFebruary = facts({ levels: [{ level: "low", from: "2026-02-25" }] });
    expect(stateOf(evaluateStandards(csosaPolicy, lateFebruary, "2026-03-01"), "face_to_face")).toMatchObject({
      status: "due",
      carriedOver: false,
    });
  });

  it("lets a caseload tag replace the level's rule of the same kind", () => {
    const policy: StandardsPolicy = {
      ...csosaPolicy,
      requirements: [...csosaPolicy.requirements, { level: "moderate", tag: "sex_offense", kind: "field", count: 2, periodMonths: 1 }],
    };
    const tagged = evaluateStandards(policy, facts({ tags: ["sex_offense"] }), "2026-03-10");
    expect(stateOf(tagged, "field").required).toBe(2);
    expect(stateOf(tagged, "face_to_face").required).toBe(2);
    expect(stateOf(evaluateStandards(policy, facts(), "2026-03-10"), "field").required).toBe(1);
  });

  it("requires a home verification within N days of a new address", () => {
    const moved = (verifiedOn: string | null) => facts({ currentAddress: { movedIn: "2026-03-01", verifiedOn } });
    expect(stateOf(evaluateStandards(csosaPolicy, moved(null), "2026-03-05"), "home_verification")).toMatchObject({
      status: "due",
      dueBy: "2026-03-11",
    });
    expect(stateOf(evaluateStandards(csosaPolicy, moved(null), "2026-03-09"), "home_verification").status).toBe("due_soon");
    expect(stateOf(evaluateStandards(csosaPolicy, moved(null), "2026-03-12"), "home_verification").status).toBe("overdue");
    expect(stateOf(evaluateStandards(csosaPolicy, moved("2026-03-04"), "2026-03-20"), "home_verification").status).toBe("met");
  });

  it("asks a person with no fixed address for a face-to-face contact every N days instead of a home verification", () => {
    const transient = (lastSeen: string | null) =>
      facts({ currentAddress: { movedIn: "2026-03-01", verifiedOn: null, kind: "transient", lastSeen } });
    const states = evaluateStandards(csosaPolicy, transient(null), "2026-03-05");
    expect(states.map((state) => state.kind)).not.toContain("home_verification");
    expect(stateOf(states, "whereabouts")).toMatchObject({ status: "due", dueBy: "2026-03-11", done: 0 });
    expect(stateOf(evaluateStandards(csosaPolicy, transient(null), "2026-03-12"), "whereabouts").status).toBe("overdue");
    // Each face-to-face contact restarts the clock; a contact from before they became transient does not count.
    expect(stateOf(evaluateStandards(csosaPolicy, transient("2026-03-10"), "2026-03-12"), "whereabouts")).toMatchObject({
      status: "met",
      dueBy: "2026-03-20",
      done: 1,
    });
    expect(stateOf(evaluateStandards(csosaPolicy, transient("2026-03-10"), "2026-03-21"), "whereabouts").status).toBe("overdue");
    expect(stateOf(evaluateStandards(csosaPolicy, transient("2026-02-20"), "2026-03-05"), "whereabouts").done).toBe(0);
    // A shelter stay is verified like a home.
    const shelter = facts({ currentAddress: { movedIn: "2026-03-01", verifiedOn: null, kind: "shelter" } });
    expect(stateOf(evaluateStandards(csosaPolicy, shelter, "2026-03-05"), "home_verification").dueBy).toBe("2026-03-11");
  });
});
