import { describe, expect, it } from "vitest";
import { parseInstrument } from "../../../../shared/instruments/definition";
import { answersOf, formValuesOf, isAsked, itemsOf, perPeriod } from "./answer-form";

const parsed = parseInstrument({
  id: "tiny",
  version: 1,
  title: "Tiny",
  purpose: "screener",
  description: "For the form's test.",
  source: { citation: "None", adaptation: "None" },
  domains: [
    {
      id: "all",
      title: "All",
      kind: "risk_need",
      items: [
        { id: "count", type: "number", prompt: "How many?", factor: "static", min: 0, max: 9 },
        { id: "using", type: "yes_no", prompt: "Using?", factor: "dynamic", points: { yes: 1, no: 0 } },
        {
          id: "wants_help",
          type: "yes_no",
          prompt: "Wants help?",
          factor: "dynamic",
          points: { yes: 0, no: 0 },
          askWhen: { item: "using", is: true },
        },
        { id: "papers", type: "multi_choice", prompt: "Missing papers", factor: "dynamic", options: [{ value: "id", label: "ID" }] },
        { id: "born", type: "date", prompt: "Born", factor: "static" },
      ],
    },
  ],
  categories: [{ id: "any", label: "Any" }],
  cutoffs: [{ bands: [{ category: "any", min: 0 }] }],
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const instrument = parsed.instrument;

describe("assessment form values", () => {
  it("turns stored answers into field text and back, blank as null", () => {
    const stored = { count: 3, using: false, papers: ["id"], born: "1990-04-12" };
    const values = formValuesOf(instrument, stored, 4);
    expect(values).toEqual({
      answers: { count: "3", using: "no", wants_help: "", papers: ["id"], born: "1990-04-12" },
      expectedVersion: 4,
    });
    expect(answersOf(instrument, values)).toEqual({ count: 3, using: false, wants_help: null, papers: ["id"], born: "1990-04-12" });
    expect(itemsOf(instrument)).toHaveLength(5);
  });

  it("leaves text that is not a whole number for the server to name", () => {
    const values = formValuesOf(instrument, {}, 1);
    values.answers.count = "2.5";
    expect(answersOf(instrument, values).count).toBe("2.5");
  });

  it("asks a follow-up question only when its rule holds", () => {
    const followUp = itemsOf(instrument)[2]!;
    expect(isAsked(followUp, { using: true })).toBe(true);
    expect(isAsked(followUp, { using: false })).toBe(false);
    expect(isAsked(followUp, {})).toBe(false);
  });

  it("says how often in words", () => {
    expect([perPeriod(4, 1), perPeriod(1, 2), perPeriod(1, 3)]).toEqual(["4 a month", "1 every 2 months", "1 a quarter"]);
  });
});
