import { describe, expect, it } from "vitest";
import { formatConditionParameters } from "../../../lib/format";
import { inFormOrder } from "./conditions-parameters";

describe("a condition's parameters as shown", () => {
  it("come in the order of the condition's form, not the order storage returns them in", () => {
    // As jsonb returns them: shorter keys first.
    const stored = { end: "06:00", days: ["sat"], start: "22:00" };
    expect(formatConditionParameters(inFormOrder("curfew", stored))).toBe("Start: 22:00; End: 06:00; Days: Saturday");
    expect(formatConditionParameters(inFormOrder("fees", { frequency: "monthly", amountCents: 3000 }))).toBe(
      "Amount: $30.00; Frequency: Monthly",
    );
    // A parameter the schema does not name (an older record) comes last rather than being lost.
    expect(Object.keys(inFormOrder("treatment", { legacy: 1, sessionsPerWeek: 2, program: "IOP" }))).toEqual([
      "program",
      "sessionsPerWeek",
      "legacy",
    ]);
  });
});
