import { describe, expect, it } from "vitest";
import { formatCents, formatConditionParameters, formatDateRange, formatSubstance, formatVisitReason, formatVisitReasons } from "./format";

describe("the one formatter of values shown to people", () => {
  it("names substances, never lower-case codes", () => {
    expect(formatSubstance("thc")).toBe("THC (cannabis)");
    expect(formatSubstance("cocaine")).toBe("Cocaine");
  });

  it("shows amounts kept in cents as dollars and condition parameters in words", () => {
    expect(formatCents(3000)).toBe("$30.00");
    expect(formatConditionParameters({ amountCents: 3000, frequency: "monthly" })).toBe("Amount: $30.00; Frequency: Monthly");
    expect(formatConditionParameters({ start: "21:00", days: ["fri", "sat"], provider: "Acme Recovery" })).toBe(
      "Start: 21:00; Days: Friday, Saturday; Provider: Acme Recovery",
    );
    expect(formatConditionParameters({ hours: 40, dueBy: "2026-11-30" })).toBe("Hours: 40; Due by: Nov 30, 2026");
    expect(formatConditionParameters({})).toBe("—");
  });

  it("shows a period of calendar dates without ISO dates", () => {
    expect(formatDateRange("2026-12-01", "2026-12-31")).toBe("Dec 1, 2026 – Dec 31, 2026");
  });

  it("words a suggested visit's reasons from their facts, dates formatted, never ISO", () => {
    const reasons = [
      { kind: "field_contact_overdue", dueBy: "2026-02-28" },
      { kind: "home_verification_overdue", dueBy: "2025-06-11" },
    ] as const;
    const text = formatVisitReasons(reasons);
    expect(text).toBe("Field contact overdue since Feb 28, 2026. Home address not verified; it was due Jun 11, 2025");
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(formatVisitReason({ kind: "field_contacts_needed", required: 2, done: 1, dueBy: "2026-03-18", daysLeft: 8 })).toBe(
      "1 field contact still needed this period (1 of 2 done), due by Mar 18, 2026 (8 days left)",
    );
    expect(formatVisitReason({ kind: "home_verification_due", movedIn: "2026-03-08", dueBy: "2026-03-10", daysLeft: 0 })).toBe(
      "Home address (moved in Mar 8, 2026) not yet verified, due today",
    );
  });
});
