import { describe, expect, it } from "vitest";
import { type DefinitionProblem, parseInstrument } from "./definition";

// A small sound instrument; each test breaks one thing in a copy of it.
function sound() {
  return {
    id: "test_instrument",
    version: 1,
    title: "Test instrument",
    purpose: "risk_needs",
    description: "For tests.",
    source: { citation: "Written for these tests.", adaptation: "None." },
    domains: [
      {
        id: "history",
        title: "History",
        kind: "risk_need",
        items: [
          {
            id: "arrests",
            type: "number",
            prompt: "Prior arrests",
            factor: "static",
            min: 0,
            max: 99,
            bands: [
              { min: 0, max: 0, points: 0 },
              { min: 1, max: 3, points: 1 },
              { min: 4, points: 2 },
            ],
          },
          { id: "violent", type: "yes_no", prompt: "Violent offense?", factor: "static", points: { yes: 1, no: 0 } },
        ],
      },
      {
        id: "needs",
        title: "Needs",
        kind: "risk_need",
        items: [
          {
            id: "work",
            type: "single_choice",
            prompt: "Work",
            factor: "dynamic",
            options: [
              { value: "employed", label: "Employed", points: 0 },
              { value: "unemployed", label: "Unemployed", points: 1 },
            ],
          },
          {
            id: "job_search",
            type: "yes_no",
            prompt: "Looking for work?",
            factor: "dynamic",
            askWhen: { item: "work", anyOf: ["unemployed"] },
            points: { yes: 0, no: 1 },
          },
        ],
      },
    ],
    categories: [
      { id: "low", label: "Low" },
      { id: "high", label: "High" },
    ],
    // Totals run 0 to 5.
    cutoffs: [
      {
        bands: [
          { category: "low", min: 0, max: 2 },
          { category: "high", min: 3 },
        ],
      },
    ],
    flags: [{ id: "violence", label: "Violence", severity: "attention", action: "Review.", when: [{ item: "violent", is: true }] }],
  };
}

type Sound = ReturnType<typeof sound>;

function problemsOf(change: (definition: Sound) => void): DefinitionProblem[] {
  const definition = sound();
  change(definition);
  const parsed = parseInstrument(definition);
  if (parsed.ok) throw new Error("the broken definition was accepted");
  return parsed.problems;
}

const items = (definition: Sound) => (definition.domains as { items: Record<string, unknown>[] }[]).flatMap((domain) => domain.items);

describe("instrument definitions", () => {
  it("accepts a sound definition, filling in defaults", () => {
    const parsed = parseInstrument(sound());
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.instrument.domains[0]!.items[1]!.required).toBe(true);
  });

  it("rejects a rule naming a missing item, with its path", () => {
    expect(problemsOf((definition) => Object.assign(items(definition)[3]!, { askWhen: { item: "wrk", anyOf: ["unemployed"] } }))).toEqual([
      { path: "domains[1].items[1].askWhen.item", message: 'names item "wrk", which the instrument does not have' },
    ]);
    expect(problemsOf((definition) => Object.assign(definition.flags[0]!.when[0]!, { item: "violence" }))).toEqual([
      { path: "flags[0].when[0].item", message: 'names item "violence", which the instrument does not have' },
    ]);
  });

  it("rejects a rule naming a later item, a missing option or an item of the wrong type", () => {
    expect(problemsOf((definition) => Object.assign(items(definition)[0]!, { askWhen: { item: "violent", is: true } }))).toEqual([
      { path: "domains[0].items[0].askWhen.item", message: 'names item "violent", which is not asked before this one' },
    ]);
    expect(problemsOf((definition) => Object.assign(items(definition)[3]!, { askWhen: { item: "work", anyOf: ["retired"] } }))).toEqual([
      { path: "domains[1].items[1].askWhen.anyOf[0]", message: 'item "work" has no option "retired"' },
    ]);
    expect(problemsOf((definition) => Object.assign(definition.flags[0]!.when[0]!, { item: "arrests" }))).toEqual([
      { path: "flags[0].when[0].is", message: '"is" needs a yes/no item; "arrests" is number' },
    ]);
  });

  it("rejects overlapping cut-offs, with the band's path", () => {
    expect(problemsOf((definition) => Object.assign(definition.cutoffs[0]!.bands[1]!, { min: 2 }))).toEqual([
      { path: "cutoffs[0].bands[1].min", message: "overlap: 2 is also in the band before (0 to 2)" },
    ]);
    // An open-ended band that is not the last overlaps everything after it.
    expect(problemsOf((definition) => delete definition.cutoffs[0]!.bands[0]!.max)).toEqual([
      { path: "cutoffs[0].bands[1].min", message: "overlap: 3 is also in the band before (0 and above)" },
    ]);
  });

  it("rejects gapped cut-offs, between bands and at either end of the range of totals", () => {
    expect(problemsOf((definition) => Object.assign(definition.cutoffs[0]!.bands[1]!, { min: 4 }))).toEqual([
      { path: "cutoffs[0].bands[1].min", message: "gap: 3–3 fall in no band" },
    ]);
    expect(problemsOf((definition) => Object.assign(definition.cutoffs[0]!.bands[0]!, { min: 1 }))).toEqual([
      { path: "cutoffs[0].bands[0].min", message: "gap: 0–0 fall in no band" },
    ]);
    expect(problemsOf((definition) => Object.assign(definition.cutoffs[0]!.bands[1]!, { max: 4 }))).toEqual([
      { path: "cutoffs[0].bands[1].max", message: "gap: 5–5 fall in no band" },
    ]);
  });

  it("checks the cut-offs of every set, their categories, and that exactly one set is the default", () => {
    expect(
      problemsOf((definition) =>
        definition.cutoffs.push({
          appliesTo: { sex: ["female"] },
          bands: [
            { category: "low", min: 0, max: 3 },
            { category: "very_high", min: 5 },
          ],
        } as never),
      ),
    ).toEqual([
      { path: "cutoffs[1].bands[1].category", message: 'names category "very_high", which is not defined' },
      { path: "cutoffs[1].bands[1].min", message: "gap: 4–4 fall in no band" },
    ]);
    expect(problemsOf((definition) => definition.cutoffs.push(definition.cutoffs[0]!))).toEqual([
      { path: "cutoffs", message: "needs exactly one set without appliesTo (the default); found 2" },
    ]);
  });

  it("rejects a domain without items", () => {
    expect(problemsOf((definition) => definition.domains.push({ id: "empty", title: "Empty", kind: "strength", items: [] }))).toEqual([
      { path: "domains[2].items", message: 'domain "empty" has no items' },
    ]);
  });

  it("rejects gapped or overlapping score bands of a number item, and an inverted range", () => {
    expect(problemsOf((definition) => Object.assign((items(definition)[0]!.bands as { min: number }[])[2]!, { min: 5 }))).toEqual([
      { path: "domains[0].items[0].bands[2].min", message: "gap: 4–4 fall in no band" },
    ]);
    expect(problemsOf((definition) => Object.assign(items(definition)[0]!, { min: 10, max: 5 }))).toEqual([
      { path: "domains[0].items[0].max", message: "max 5 is below min 10" },
    ]);
  });

  it("rejects an id defined twice", () => {
    expect(problemsOf((definition) => Object.assign(items(definition)[3]!, { id: "violent", askWhen: undefined }))).toEqual([
      { path: "domains[1].items[1].id", message: 'item "violent" is defined twice' },
    ]);
  });

  it("rejects a malformed definition with the path of each problem", () => {
    const problems = problemsOf((definition) => {
      Object.assign(items(definition)[1]!, { points: { yes: "one", no: 0 } });
      Object.assign(definition.domains[1]!, { kind: "protective" });
      Object.assign(definition, { version: 0 });
    });
    expect(problems.map((problem) => problem.path).sort()).toEqual(["domains[0].items[1].points.yes", "domains[1].kind", "version"]);
  });
});
