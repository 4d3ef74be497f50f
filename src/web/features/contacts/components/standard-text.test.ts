import { describe, expect, it } from "vitest";
import { standardDoneText, whereaboutsExplanation } from "./standard-text";

describe("the contact standards in words", () => {
  it("counts contacts, but says whether the home was verified or the person seen, not '1 of 1'", () => {
    expect(standardDoneText({ kind: "face_to_face", done: 1, required: 2 })).toBe("1 of 2");
    expect(standardDoneText({ kind: "home_verification", done: 0, required: 1 })).toBe("Not verified yet");
    expect(standardDoneText({ kind: "home_verification", done: 1, required: 1 })).toBe("Verified");
    expect(standardDoneText({ kind: "whereabouts", done: 1, required: 1 })).toBe("Seen face to face");
  });

  it("explains the whereabouts check with its number of days, only for a person with no fixed address", () => {
    expect(whereaboutsExplanation([{ kind: "whereabouts", periodStart: "2026-12-01", periodEnd: "2026-12-11" }])).toMatch(
      /face to face at least every 10 days/,
    );
    expect(whereaboutsExplanation([{ kind: "home_verification", periodStart: "2026-12-01", periodEnd: "2026-12-11" }])).toBeNull();
  });
});
