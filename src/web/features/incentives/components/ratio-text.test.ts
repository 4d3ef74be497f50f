import { describe, expect, it } from "vitest";
import { ratioText, targetText, targetWords } from "./ratio-text";

describe("the ratio for people", () => {
  it("writes incentives per sanction as 'n : 1', to one decimal, and 'No sanctions' when there is nothing to divide by", () => {
    expect(ratioText({ incentives: 7, sanctions: 2, ratio: 3.5, meetsTarget: false })).toBe("3.5 : 1");
    expect(ratioText({ incentives: 8, sanctions: 2, ratio: 4, meetsTarget: true })).toBe("4 : 1");
    expect(ratioText({ incentives: 0, sanctions: 3, ratio: 0, meetsTarget: false })).toBe("0 : 1");
    expect(ratioText({ incentives: 5, sanctions: 0, ratio: null, meetsTarget: true })).toBe("No sanctions");
    expect(targetText(4)).toBe("4 : 1");
    expect(targetText(2.5)).toBe("2.5 : 1");
  });

  it("says whether the target is met, or that nothing was recorded", () => {
    expect(targetWords({ incentives: 0, sanctions: 0, ratio: null, meetsTarget: null })).toBe("Nothing recorded in the period");
    expect(targetWords({ incentives: 5, sanctions: 0, ratio: null, meetsTarget: true })).toBe("Meets the target");
    expect(targetWords({ incentives: 1, sanctions: 1, ratio: 1, meetsTarget: false })).toBe("Below the target");
  });
});
