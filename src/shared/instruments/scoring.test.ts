import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkInstrument, type InstrumentDefinition, parseInstrument, scoreRanges } from "./definition";
import { scoreAssessment, wholeYearsBetween } from "./scoring";

function parsed(input: unknown): InstrumentDefinition {
  const result = parseInstrument(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.instrument;
}

// Every item type, a conditional item, a capped multiple choice, a strength domain and cut-offs by sex.
const instrument = parsed({
  id: "scoring_fixture",
  version: 1,
  title: "Scoring fixture",
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
          max: 50,
          bands: [
            { min: 0, max: 2, points: 0 },
            { min: 3, points: 2 },
          ],
        },
        {
          id: "birth",
          type: "date",
          prompt: "Date of birth",
          factor: "static",
          yearsBeforeBands: [
            { min: 0, max: 29, points: 1 },
            { min: 30, points: 0 },
          ],
        },
      ],
    },
    {
      id: "needs",
      title: "Needs",
      kind: "risk_need",
      flagAt: 2,
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
        {
          id: "documents",
          type: "multi_choice",
          prompt: "Missing documents",
          factor: "dynamic",
          required: false,
          maxPoints: 1,
          options: [
            { value: "id_card", label: "ID card", points: 1 },
            { value: "birth_certificate", label: "Birth certificate", points: 1 },
          ],
        },
      ],
    },
    {
      id: "strengths",
      title: "Strengths",
      kind: "strength",
      flagAt: 1,
      items: [{ id: "mentor", type: "yes_no", prompt: "Has a mentor?", factor: "dynamic", required: false, points: { yes: 1, no: 0 } }],
    },
  ],
  categories: [
    { id: "low", label: "Low" },
    { id: "high", label: "High" },
  ],
  // Totals run 0 to 6.
  cutoffs: [
    {
      appliesTo: { sex: ["female"] },
      bands: [
        { category: "low", min: 0, max: 3 },
        { category: "high", min: 4 },
      ],
    },
    {
      bands: [
        { category: "low", min: 0, max: 2 },
        { category: "high", min: 3 },
      ],
    },
  ],
  flags: [
    { id: "jobless", label: "Not looking for work", severity: "attention", action: "Refer.", when: [{ item: "job_search", is: false }] },
  ],
});

const asOf = "2026-12-02";

function score(answers: Record<string, unknown>, options: Partial<Parameters<typeof scoreAssessment>[2]> = {}) {
  const result = scoreAssessment(instrument, answers, { asOf, ...options });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.score;
}

function problems(answers: Record<string, unknown>, complete = false) {
  const result = scoreAssessment(instrument, answers, { asOf, complete });
  if (result.ok) throw new Error("the answers were accepted");
  return result.problems.map(({ item, problem }) => ({ item, problem }));
}

describe("scoring an assessment", () => {
  it("returns each item's contribution, the domain sub-scores, the total and the category", () => {
    const result = score({ arrests: 3, birth: "2000-01-01", work: "unemployed", job_search: false, documents: ["id_card"], mentor: true });
    expect(result.items.map(({ item, status, points }) => [item, status, points])).toEqual([
      ["arrests", "answered", 2],
      ["birth", "answered", 1],
      ["work", "answered", 1],
      ["job_search", "answered", 1],
      ["documents", "answered", 1],
      ["mentor", "answered", 1],
    ]);
    expect(result.domains).toEqual([
      { domain: "history", kind: "risk_need", score: 3, min: 0, max: 3, flagged: false },
      { domain: "needs", kind: "risk_need", score: 3, min: 0, max: 3, flagged: true },
      { domain: "strengths", kind: "strength", score: 1, min: 0, max: 1, flagged: true },
    ]);
    // The strength is reported, never added.
    expect(result.total).toBe(6);
    expect(result.totalRange).toEqual({ min: 0, max: 6 });
    expect(result.category).toEqual({ id: "high", label: "High" });
    expect(result.flags.map((flag) => flag.id)).toEqual(["jobless"]);
  });

  it("uses the cut-offs for the person's sex where the instrument has them, else the default", () => {
    const answers = { arrests: 3, birth: "1980-01-01", work: "unemployed", job_search: true };
    expect(score(answers).total).toBe(3);
    expect(score(answers).category?.id).toBe("high");
    expect(score(answers, { subject: { sex: "male" } }).category?.id).toBe("high");
    expect(score(answers, { subject: { sex: "female" } }).category?.id).toBe("low");
  });

  it("asks a conditional item only when its rule holds, ignoring an answer to it otherwise", () => {
    const result = score({ arrests: 0, birth: "1980-01-01", work: "employed", job_search: false });
    expect(result.items.find((item) => item.item === "job_search")).toEqual({
      item: "job_search",
      domain: "needs",
      status: "not_asked",
      points: 0,
    });
    expect(result.flags).toEqual([]);
    expect(result.missing).toEqual([]);
  });

  it("caps a multiple choice at its maximum", () => {
    expect(score({ documents: ["id_card", "birth_certificate"] }).domains[1]!.score).toBe(1);
  });

  it("scores a date by whole years before the assessment date", () => {
    expect(wholeYearsBetween("1996-12-02", asOf)).toBe(30);
    expect(wholeYearsBetween("1996-12-03", asOf)).toBe(29);
    expect(score({ birth: "1996-12-03" }).items[1]!.points).toBe(1);
    expect(score({ birth: "1996-12-02" }).items[1]!.points).toBe(0);
  });

  it("saves partially: lists the required items still unanswered and gives no category yet", () => {
    const result = score({ arrests: 5, work: "unemployed" });
    expect(result.missing).toEqual(["birth", "job_search"]);
    expect(result.category).toBeNull();
    expect(result.total).toBe(3);
  });

  it("refuses to complete with required items missing, listing every one", () => {
    expect(problems({ arrests: 5, work: "unemployed" }, true)).toEqual([
      { item: "birth", problem: "missing" },
      { item: "job_search", problem: "missing" },
    ]);
    // A conditional item that is not asked is not required.
    expect(scoreAssessment(instrument, { arrests: 0, birth: "1980-01-01", work: "employed" }, { asOf, complete: true }).ok).toBe(true);
  });

  it("names the item of an answer of the wrong type or out of range", () => {
    expect(problems({ arrests: "three" })).toEqual([{ item: "arrests", problem: "wrong_type" }]);
    expect(problems({ arrests: 2.5 })).toEqual([{ item: "arrests", problem: "wrong_type" }]);
    expect(problems({ arrests: 51 })).toEqual([{ item: "arrests", problem: "out_of_range" }]);
    expect(problems({ arrests: -1 })).toEqual([{ item: "arrests", problem: "out_of_range" }]);
    expect(problems({ birth: "2026-02-30" })).toEqual([{ item: "birth", problem: "wrong_type" }]);
    expect(problems({ birth: "2026-12-03" })).toEqual([{ item: "birth", problem: "out_of_range" }]);
    expect(problems({ birth: "1890-01-01" })).toEqual([{ item: "birth", problem: "out_of_range" }]);
    expect(problems({ work: "retired" })).toEqual([{ item: "work", problem: "out_of_range" }]);
    expect(problems({ work: ["employed"] })).toEqual([{ item: "work", problem: "wrong_type" }]);
    expect(problems({ job_search: "yes" })).toEqual([{ item: "job_search", problem: "wrong_type" }]);
    expect(problems({ documents: "id_card" })).toEqual([{ item: "documents", problem: "wrong_type" }]);
    expect(problems({ documents: ["id_card", "id_card"] })).toEqual([{ item: "documents", problem: "out_of_range" }]);
    expect(problems({ documents: ["passport"] })).toEqual([{ item: "documents", problem: "out_of_range" }]);
    expect(problems({ shoe_size: 9 })).toEqual([{ item: "shoe_size", problem: "unknown_item" }]);
  });

  it("words a problem with the item's id and question", () => {
    const result = scoreAssessment(instrument, { arrests: 51 }, { asOf });
    expect(result.ok ? [] : result.problems.map((problem) => problem.message)).toEqual(['arrests ("Prior arrests"): 51 is outside 0–50']);
  });
});

// Random sound instruments: random items and points, and cut-offs that split the range of totals at random points.
const points = fc.integer({ min: -2, max: 3 });
const itemShape = fc.oneof(
  fc.record({ type: fc.constant("yes_no" as const), yes: points, no: points, required: fc.boolean() }),
  fc.record({
    type: fc.constant("single_choice" as const),
    options: fc.array(points, { minLength: 2, maxLength: 4 }),
    required: fc.boolean(),
  }),
  fc.record({
    type: fc.constant("multi_choice" as const),
    options: fc.array(points, { minLength: 1, maxLength: 4 }),
    cap: fc.option(fc.nat(4), { nil: undefined }),
    required: fc.boolean(),
  }),
  fc.record({
    type: fc.constant("number" as const),
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 3 }),
    bandPoints: fc.array(points, { minLength: 4, maxLength: 4 }),
    required: fc.boolean(),
  }),
);
const shape = fc.record({
  domains: fc.array(fc.record({ strength: fc.boolean(), items: fc.array(itemShape, { minLength: 1, maxLength: 4 }) }), {
    minLength: 1,
    maxLength: 4,
  }),
  cuts: fc.array(fc.nat(1000), { maxLength: 4 }),
});

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

function build({ domains, cuts }: Shape): InstrumentDefinition {
  const definition = {
    id: "random",
    version: 1,
    title: "Random",
    purpose: "risk_needs",
    description: "Generated.",
    source: { citation: "Generated.", adaptation: "None." },
    domains: domains.map((domain, domainIndex) => ({
      id: `d${domainIndex}`,
      title: `Domain ${domainIndex}`,
      kind: domain.strength ? "strength" : "risk_need",
      items: domain.items.map((item, itemIndex) => {
        const base = { id: `d${domainIndex}_i${itemIndex}`, prompt: "Question", factor: "dynamic", required: item.required };
        const options = (values: number[]) =>
          values.map((value, index) => ({ value: `o${index}`, label: `Option ${index}`, points: value }));
        switch (item.type) {
          case "yes_no":
            return { ...base, type: item.type, points: { yes: item.yes, no: item.no } };
          case "single_choice":
            return { ...base, type: item.type, options: options(item.options) };
          case "multi_choice":
            return { ...base, type: item.type, options: options(item.options), maxPoints: item.cap };
          default: {
            const starts = [0, ...[...item.cuts].sort((a, b) => a - b)];
            const bands = starts.map((min, index) => ({
              min,
              max: starts[index + 1] === undefined ? undefined : starts[index + 1]! - 1,
              points: item.bandPoints[index]!,
            }));
            return { ...base, type: item.type, min: 0, max: 25, bands };
          }
        }
      }),
    })),
    categories: [0, 1, 2, 3, 4].map((index) => ({ id: `c${index}`, label: `Category ${index}` })),
    cutoffs: [{ bands: [{ category: "c0", min: 0 }] }],
  };
  const { total } = scoreRanges(definition as unknown as InstrumentDefinition);
  const width = total.max - total.min;
  const starts = [...new Set(cuts.filter(() => width > 0).map((cut) => total.min + 1 + (cut % width)))].sort((a, b) => a - b);
  const bounds = [total.min, ...starts];
  definition.cutoffs = [
    {
      bands: bounds.map((min, index) => ({
        category: `c${index}`,
        min,
        ...(index + 1 < bounds.length ? { max: bounds[index + 1]! - 1 } : {}),
      })),
    },
  ];
  return parsed(definition);
}

/** Random answers for an instrument: some left out, the rest valid. */
function answersFor(instrument: InstrumentDefinition, draw: <T>(arbitrary: fc.Arbitrary<T>) => T, all: boolean) {
  const answers: Record<string, unknown> = {};
  for (const item of instrument.domains.flatMap((domain) => domain.items)) {
    if (!all && draw(fc.boolean())) continue;
    switch (item.type) {
      case "yes_no":
        answers[item.id] = draw(fc.boolean());
        break;
      case "single_choice":
        answers[item.id] = draw(fc.constantFrom(...item.options.map((option) => option.value)));
        break;
      case "multi_choice":
        answers[item.id] = draw(fc.subarray(item.options.map((option) => option.value)));
        break;
      case "number":
        answers[item.id] = draw(fc.integer({ min: item.min, max: item.max }));
        break;
      case "date":
        break;
    }
  }
  return answers;
}

describe("scoring properties", () => {
  it("the total is the sum of the risk/need domains, each domain the sum of its items, all within their ranges", () => {
    fc.assert(
      fc.property(shape, fc.boolean(), fc.gen(), (generated, all, generator) => {
        const random = build(generated);
        const draw = <T>(arbitrary: fc.Arbitrary<T>) => generator(() => arbitrary);
        const result = scoreAssessment(random, answersFor(random, draw, all), { asOf });
        if (!result.ok) throw new Error(JSON.stringify(result.problems));
        const { score } = result;
        for (const domain of score.domains) {
          const items = score.items.filter((item) => item.domain === domain.domain);
          expect(domain.score).toBe(items.reduce((sum, item) => sum + item.points, 0));
        }
        const riskNeed = score.domains.filter((domain) => domain.kind === "risk_need");
        expect(score.total).toBe(riskNeed.reduce((sum, domain) => sum + domain.score, 0));
        // The ranges are those of completed assessments (a required item left unanswered may fall below them).
        if (score.missing.length === 0) {
          for (const domain of score.domains) {
            expect(domain.score).toBeGreaterThanOrEqual(domain.min);
            expect(domain.score).toBeLessThanOrEqual(domain.max);
          }
          expect(score.total).toBeGreaterThanOrEqual(score.totalRange.min);
          expect(score.total).toBeLessThanOrEqual(score.totalRange.max);
        }
        // Complete (every item answered) ⇒ exactly the band holding the total names the category.
        if (all) {
          const bands = random.cutoffs[0]!.bands.filter(
            (band) => score.total >= band.min && (band.max === undefined || score.total <= band.max),
          );
          expect(bands).toHaveLength(1);
          expect(score.category?.id).toBe(bands[0]!.category);
        }
      }),
      { numRuns: 300, endOnFailure: true },
    );
  });

  it("accepted cut-offs partition the range of totals: every total falls in exactly one band", () => {
    const template = build({
      domains: [{ strength: false, items: [{ type: "number", cuts: [1, 5, 9], bandPoints: [0, 1, 2, 3], required: true }] }],
      cuts: [],
    });
    // Totals run 0 to 3; bands are drawn at random, overlapping or gapped or not.
    const randomBands = fc.array(fc.record({ min: fc.integer({ min: -1, max: 4 }), length: fc.option(fc.nat(4), { nil: undefined }) }), {
      minLength: 1,
      maxLength: 4,
    });
    // Half the time a partition, so that both sides of the check are exercised.
    const partitions = fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }).map((cuts) => {
      const starts = [0, ...cuts.sort((a, b) => a - b)];
      return starts.map((min, index) => ({ min, length: index + 1 < starts.length ? starts[index + 1]! - 1 - min : undefined }));
    });
    const bands = fc.oneof(randomBands, partitions);
    let accepted = 0;
    fc.assert(
      fc.property(bands, (drawn) => {
        const candidate: InstrumentDefinition = {
          ...template,
          cutoffs: [
            {
              bands: drawn.map((band) => ({
                category: "c0",
                min: band.min,
                max: band.length === undefined ? undefined : band.min + band.length,
              })),
            },
          ],
        };
        const sound = checkInstrument(candidate).length === 0;
        const { total } = scoreRanges(candidate);
        let partitions = true;
        for (let value = total.min; value <= total.max; value++) {
          const holding = candidate.cutoffs[0]!.bands.filter((band) => value >= band.min && (band.max === undefined || value <= band.max));
          if (holding.length !== 1) partitions = false;
        }
        const inOrder = candidate.cutoffs[0]!.bands.every(
          (band, index, all) => (band.max === undefined || band.max >= band.min) && (index === 0 || all[index - 1]!.max === band.min - 1),
        );
        if (sound) accepted++;
        // Accepted only if it partitions; a partition written in ascending order is always accepted.
        if (sound) expect(partitions).toBe(true);
        if (partitions && inOrder) expect(sound).toBe(true);
      }),
      { numRuns: 300, endOnFailure: true },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
