import { describe, expect, it } from "vitest";
import { formatCents, formatConditionParameters, formatDateRange, formatSubstance } from "./format";

describe("the one formatter of values shown to people", () => {
  it("names substances, never lower-case codes", () => {
    expect(formatSubstance("thc")).toBe("THC (cannabis)");
    expect(formatSubstance("cocaine")).toBe("Cocaine");
  });

  it("shows amounts kept in cents as dollars and condition parameters in words", () => {
    expect(formatCents(3000)).toBe("$30.00");
    expect(formatConditionParameters({ amountCents: 3000, frequency: "monthly" })).toBe("Amount: $30.00; Frequency: monthly");
    expect(formatConditionParameters({ hours: 40, dueBy: "2026-11-30" })).toBe("Hours: 40; Due by: Nov 30, 2026");
    expect(formatConditionParameters({})).toBe("—");
  });

  it("shows a period of calendar dates without ISO dates", () => {
    expect(formatDateRange("2026-12-01", "2026-12-31")).toBe("Dec 1, 2026 – Dec 31, 2026");
  });
});
