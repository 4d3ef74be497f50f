import { describe, expect, it } from "vitest";
import { z } from "zod";
import { blanksToNothing, contractResolver, fieldForIssue, serverIssueText } from "./contract-form";

const schema = z.strictObject({
  person: z.strictObject({
    firstName: z.string().trim().min(1).max(10),
    middleName: z.string().trim().max(10).nullable().optional(),
    nickname: z.string().optional(),
  }),
  riskLevel: z.enum(["low", "high"]).nullable(),
  reason: z.string().trim().min(1, "give the reason"),
  count: z.number().int().min(1).optional(),
  day: z.iso.date(),
});

const resolve = (values: Record<string, unknown>, messages?: Record<string, string>) =>
  contractResolver(schema, messages)(values, undefined, { fields: {}, shouldUseNativeValidation: false });

describe("contract forms", () => {
  it("turns blank inputs into null where allowed, else absent where allowed, else keeps them blank", () => {
    const values = { person: { firstName: "", middleName: "", nickname: "" }, riskLevel: "", reason: "x", count: Number.NaN, day: "" };
    expect(blanksToNothing(schema, values)).toEqual({ person: { firstName: "", middleName: null }, riskLevel: null, reason: "x", day: "" });
  });

  it("validates with the contract schema: its own message (as a sentence), the form's, or a plain default", async () => {
    const result = await resolve(
      { person: { firstName: "", middleName: "", nickname: "" }, riskLevel: "", reason: " ", count: "", day: "" },
      { "person.firstName": "Enter the first name" },
    );
    expect(result.errors).toMatchObject({
      person: { firstName: { message: "Enter the first name" } },
      reason: { message: "Give the reason" },
      day: { message: "Enter a date" },
    });
    expect(Object.keys(result.errors)).toEqual(expect.not.arrayContaining(["riskLevel", "count"]));
  });

  it("answers the parsed request when valid", async () => {
    const result = await resolve({
      person: { firstName: " Ann ", middleName: "", nickname: "" },
      riskLevel: "low",
      reason: "r",
      count: 2,
      day: "2026-01-02",
    });
    expect(result.errors).toEqual({});
    expect(result.values).toEqual({
      person: { firstName: "Ann", middleName: null },
      riskLevel: "low",
      reason: "r",
      count: 2,
      day: "2026-01-02",
    });
  });

  it("places a server issue on the form field it names", () => {
    const fields = ["person.firstName", "case.caseNumber", "reason"];
    expect(fieldForIssue("body.person.firstName", fields)).toBe("person.firstName");
    expect(fieldForIssue("caseNumber", fields)).toBe("case.caseNumber");
    expect(fieldForIssue("body.case.offenses.0.description", fields, { "case.offenses.0.description": "reason" })).toBe("reason");
    expect(fieldForIssue("body.unknown", fields)).toBeUndefined();
  });

  it("shows a server's field issue as a sentence with dates formatted for people", () => {
    expect(serverIssueText("before 2026-03-01")).toBe("Before Mar 1, 2026");
    expect(serverIssueText("in the future")).toBe("In the future");
  });
});
