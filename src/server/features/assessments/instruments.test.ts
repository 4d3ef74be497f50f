import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Answers, scoreAssessment } from "../../../shared/instruments/scoring";
import {
  InstrumentCatalogue,
  InstrumentDefinitionError,
  instrumentsDir,
  loadInstruments,
  parseRiskLevelMap,
  parseSupervisionLevels,
  riskLevelFor,
  supervisionLevelFor,
} from "./instruments";

const { catalogue, riskLevels, supervision } = loadInstruments();
const asOf = "2026-12-02";

function scored(id: string, answers: Answers) {
  const result = scoreAssessment(catalogue.latest(id)!.instrument, answers, { asOf, complete: true });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.score;
}

describe("the general risk/needs instrument (modelled on the federal PCRA)", () => {
  // Lowest-scoring answers to every required item: 41 or older, no history, no needs.
  const lowest = {
    prior_arrests: 0,
    violent_offense: false,
    varied_offending: false,
    supervision_failure: false,
    institutional_misconduct: false,
    date_of_birth: "1980-06-15",
    education: "high_school_or_ged",
    unemployed: false,
    unstable_work_history: false,
    alcohol_problem: false,
    drug_problem: false,
    relationship_status: "married_or_partnered",
    unstable_family: false,
    lacks_prosocial_support: false,
    attitude_to_change: "engaged",
  };
  const score = (changes: Answers) => scored("general_risk_needs", { ...lowest, ...changes });

  // Hand-worked: 3 prior arrests (2) + violent (1) + age 30 (1) + unemployed (1) = 5.
  const five = { prior_arrests: 3, violent_offense: true, date_of_birth: "1996-01-10", unemployed: true };
  // + drug problem = 6; + single, unstable family, unmotivated = 9; + no diploma = 10; + alcohol, no support = 12; + varied = 13.
  const six = { ...five, drug_problem: true };
  const nine = { ...six, relationship_status: "single", unstable_family: true, attitude_to_change: "unmotivated_or_hostile" };
  const ten = { ...nine, education: "less_than_high_school" };
  const twelve = { ...ten, alcohol_problem: true, lacks_prosocial_support: true };
  const thirteen = { ...twelve, varied_offending: true };

  it.each([
    ["nothing", {}, 0, "low"],
    ["5, the top of low", five, 5, "low"],
    ["6, the bottom of low/moderate", six, 6, "low_moderate"],
    ["9, the top of low/moderate", nine, 9, "low_moderate"],
    ["10, the bottom of moderate", ten, 10, "moderate"],
    ["12, the top of moderate", twelve, 12, "moderate"],
    ["13, the bottom of high", thirteen, 13, "high"],
  ] as const)("scores %s", (_, changes, total, category) => {
    const result = score(changes);
    expect(result.total).toBe(total);
    expect(result.category?.id).toBe(category);
  });

  it("scores the maximum, 18, as high, with every domain at its maximum", () => {
    const result = score({
      ...thirteen,
      prior_arrests: 7,
      supervision_failure: true,
      institutional_misconduct: true,
      date_of_birth: "2001-12-02",
      unstable_work_history: true,
    });
    expect(result.total).toBe(18);
    expect(result.totalRange).toEqual({ min: 0, max: 18 });
    expect(result.category?.id).toBe("high");
    expect(
      result.domains.filter((domain) => domain.kind === "risk_need").map((domain) => [domain.domain, domain.score, domain.max]),
    ).toEqual([
      ["criminal_history", 9, 9],
      ["education_employment", 3, 3],
      ["substance_abuse", 2, 2],
      ["social_networks", 3, 3],
      ["cognitions", 1, 1],
    ]);
  });

  it("counts prior arrests in bands 0, 1–2, 3–6, 7 and more", () => {
    const points = (prior_arrests: number) => score({ prior_arrests }).items.find((item) => item.item === "prior_arrests")!.points;
    expect([0, 1, 2, 3, 6, 7, 40].map(points)).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });

  it("scores age on the assessment date: 25 or younger 2, 26 to 40 1, 41 or older 0", () => {
    const points = (date_of_birth: string) => score({ date_of_birth }).items.find((item) => item.item === "date_of_birth")!.points;
    // Turns 26 on 2026-12-03 (still 25), on 2026-12-02 (26 today); turns 41 tomorrow, and today.
    expect(["2000-12-03", "2000-12-02", "1985-12-03", "1985-12-02"].map(points)).toEqual([2, 1, 1, 0]);
  });

  it("reports strengths and needs beside the total, never in it", () => {
    const result = score({ ...six, supportive_person: true, stable_housing: true, sustained_work_or_school: false });
    expect(result.total).toBe(6);
    const domain = (id: string) => result.domains.find((entry) => entry.domain === id)!;
    expect(domain("strengths")).toMatchObject({ kind: "strength", score: 2, flagged: true });
    expect(domain("substance_abuse")).toMatchObject({ score: 1, flagged: true });
    expect(domain("education_employment")).toMatchObject({ score: 1, flagged: false });
  });

  it("keeps the unscored criminal-history counts as facts worth nothing", () => {
    const result = score({ prior_convictions: 4, age_at_first_arrest: 15, prior_arrests_violent: 2, prior_revocations: 1 });
    expect(result.total).toBe(0);
    const instrument = catalogue.latest("general_risk_needs")!.instrument;
    const facts = instrument.domains.flatMap((domain) => domain.items).flatMap((item) => (item.fact ? [item.fact] : []));
    // Version 2 adds the counts by offense category and the prior revocations.
    expect(facts).toEqual([
      "prior_arrests",
      "prior_convictions",
      "age_at_first_arrest",
      "prior_arrests_violent",
      "prior_arrests_property",
      "prior_arrests_drug",
      "prior_convictions_violent",
      "prior_convictions_property",
      "prior_convictions_drug",
      "prior_revocations",
      "supervision_failure",
    ]);
  });

  it("maps its categories onto Waypoint's risk levels through the configurable table", () => {
    expect(["low", "low_moderate", "moderate", "high"].map((category) => riskLevelFor(riskLevels, "general_risk_needs", category))).toEqual(
      ["low", "moderate", "moderate", "high"],
    );
    expect(riskLevelFor(riskLevels, "intake_needs_screener", "many_needs")).toBeNull();
  });

  it("cites its source and says how it departs from it", () => {
    const { source } = catalogue.latest("general_risk_needs")!.instrument;
    expect(source.citation).toContain("Federal Probation");
    expect(source.adaptation).toContain("not a copy");
  });
});

describe("the intake screener for immediate needs", () => {
  const none = {
    housing: "stable",
    food: false,
    needs_work: false,
    missing_documents: [],
    needs_benefits: false,
    no_transportation: false,
    substance_use: false,
    mental_health: false,
    suicidal_thoughts: false,
  };
  const score = (changes: Answers) => scored("intake_needs_screener", { ...none, ...changes });

  it.each([
    ["no needs", {}, 0, "no_immediate_needs"],
    ["1, the bottom of some needs", { food: true }, 1, "some_needs"],
    // Temporary housing 1 + food 1 + two missing documents (capped at 1) = 3.
    [
      "3, the top of some needs",
      { housing: "temporary", food: true, missing_documents: ["photo_id", "birth_certificate"] },
      3,
      "some_needs",
    ],
    [
      "4, the bottom of many needs",
      { housing: "temporary", food: true, missing_documents: ["photo_id"], no_transportation: true },
      4,
      "many_needs",
    ],
  ] as const)("scores %s", (_, changes, total, category) => {
    const result = score(changes);
    expect(result.total).toBe(total);
    expect(result.category?.id).toBe(category);
    expect(result.flags).toEqual([]);
  });

  it("scores the maximum, 11", () => {
    const result = score({
      housing: "none",
      food: true,
      needs_work: true,
      missing_documents: ["social_security_card"],
      needs_benefits: true,
      no_transportation: true,
      substance_use: true,
      wants_treatment: true,
      mental_health: true,
      suicidal_thoughts: true,
      suicidal_thoughts_now: true,
    });
    expect(result.total).toBe(11);
    expect(result.totalRange).toEqual({ min: 0, max: 11 });
  });

  it("raises an immediate crisis on a positive suicide screen, whatever the total", () => {
    const result = score({ suicidal_thoughts: true, suicidal_thoughts_now: false });
    expect(result.total).toBe(1);
    expect(result.flags.map(({ id, severity }) => ({ id, severity }))).toEqual([{ id: "suicide_risk", severity: "crisis" }]);
  });

  it("raises an immediate crisis when the person has nowhere to sleep tonight", () => {
    const result = score({ housing: "none" });
    expect(result.total).toBe(2);
    expect(result.flags.map((flag) => flag.id)).toEqual(["no_shelter_tonight"]);
  });

  it("asks whether thoughts of suicide are present right now only after a yes, and then requires the answer", () => {
    const instrument = catalogue.latest("intake_needs_screener")!.instrument;
    const result = scoreAssessment(instrument, { ...none, suicidal_thoughts: true }, { asOf, complete: true });
    expect(result.ok ? [] : result.problems.map((problem) => [problem.item, problem.problem])).toEqual([
      ["suicidal_thoughts_now", "missing"],
    ]);
    expect(score({}).items.find((item) => item.item === "suicidal_thoughts_now")?.status).toBe("not_asked");
  });

  it("names the item of a wrong answer", () => {
    const instrument = catalogue.latest("intake_needs_screener")!.instrument;
    const result = scoreAssessment(instrument, { ...none, housing: "car", food: "no" }, { asOf });
    expect(result.ok ? [] : result.problems.map((problem) => [problem.item, problem.problem])).toEqual([
      ["housing", "out_of_range"],
      ["food", "wrong_type"],
    ]);
  });
});

describe("loading instruments", () => {
  const shipped = JSON.parse(readFileSync(join(instrumentsDir, "intake-needs-screener.v1.json"), "utf8"));
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("loads every shipped instrument, each with a content hash", () => {
    expect(catalogue.list().map((entry) => [entry.instrument.id, entry.instrument.version, entry.contentHash.length])).toEqual([
      ["general_risk_needs", 1, 64],
      ["general_risk_needs", 2, 64],
      ["intake_needs_screener", 1, 64],
    ]);
  });

  it("refuses a changed definition under a version already loaded, and accepts the same one again", () => {
    const fresh = new InstrumentCatalogue();
    const first = fresh.add(shipped, "shipped");
    // Key order and layout do not change the content.
    expect(fresh.add(JSON.parse(JSON.stringify({ ...shipped, id: shipped.id })), "again")).toBe(first);
    const changed = { ...shipped, title: "Another title" };
    expect(() => fresh.add(changed, "agency import")).toThrow(
      "agency import: version: intake_needs_screener version 1 is already defined differently (shipped); a changed definition needs a new version",
    );
    expect(fresh.add({ ...changed, version: 2 }, "agency import").instrument.version).toBe(2);
    expect(fresh.latest("intake_needs_screener")?.instrument.title).toBe("Another title");
    expect(fresh.get("intake_needs_screener", 1)?.instrument.title).toBe(shipped.title);
  });

  it("stops the load at a bad file, naming the file and the path of each problem", () => {
    dir = mkdtempSync(join(tmpdir(), "instruments-"));
    const broken = structuredClone(shipped);
    broken.domains[2].items[4].askWhen.item = "suicide";
    writeFileSync(join(dir, "screener.json"), JSON.stringify(broken));
    writeFileSync(join(dir, "risk-level-map.json"), JSON.stringify({ mappings: [] }));
    let error: unknown;
    try {
      loadInstruments(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InstrumentDefinitionError);
    expect((error as InstrumentDefinitionError).origin).toBe("screener.json");
    expect((error as InstrumentDefinitionError).problems).toEqual([
      { path: "domains[2].items[4].askWhen.item", message: 'names item "suicide", which the instrument does not have' },
    ]);
  });

  it("refuses a risk level table that leaves a category out, maps a screener, or names an unknown instrument", () => {
    const problems = (input: unknown) => {
      try {
        parseRiskLevelMap(input, catalogue);
        return [];
      } catch (error) {
        return (error as InstrumentDefinitionError).problems;
      }
    };
    expect(
      problems({ mappings: [{ instrument: "general_risk_needs", categories: { low: "low", moderate: "moderate", high: "high" } }] }),
    ).toEqual([
      { path: "mappings[0].categories", message: 'no risk level for category "low_moderate" of general_risk_needs version 1' },
      { path: "mappings[0].categories", message: 'no risk level for category "low_moderate" of general_risk_needs version 2' },
    ]);
    expect(
      problems({
        mappings: [
          { instrument: "intake_needs_screener", categories: { no_immediate_needs: "low", some_needs: "low", many_needs: "low" } },
        ],
      }),
    ).toEqual([{ path: "mappings[0].instrument", message: '"intake_needs_screener" is a screener: it sets no risk level' }]);
    expect(problems({ mappings: [{ instrument: "lsi_r", categories: {} }] })).toEqual([
      { path: "mappings[0].instrument", message: 'names instrument "lsi_r", which is not loaded' },
    ]);
    expect(problems({ mappings: [{ instrument: "general_risk_needs", categories: { low: "minimal" } }] })[0]?.path).toBe(
      "mappings[0].categories.low",
    );
  });

  it("maps categories to supervision levels and sets the reassessment clock from a checked table", () => {
    expect(
      ["low", "low_moderate", "moderate", "high"].map((category) => supervisionLevelFor(supervision, "general_risk_needs", category)),
    ).toEqual(["low", "moderate", "moderate", "high"]);
    expect(supervisionLevelFor(supervision, "intake_needs_screener", "many_needs")).toBeNull();
    expect(supervision.reassessmentMonths).toMatchObject({ high: 6, low: 12 });
    expect(supervision.initialAssessmentWorkingDays).toBe(25);
    const problems = (input: unknown) => {
      try {
        parseSupervisionLevels(input, catalogue);
        return [];
      } catch (error) {
        return (error as InstrumentDefinitionError).problems;
      }
    };
    const valid = {
      levels: [],
      reassessmentMonths: supervision.reassessmentMonths,
      initialAssessmentWorkingDays: 25,
      closedDays: { usFederalHolidays: true, extra: [] },
      triggers: [],
      triggerDueDays: 30,
    };
    expect(problems(valid)).toEqual([]);
    expect(
      problems({
        ...valid,
        levels: [
          { instrument: "general_risk_needs", categories: { low: "low", moderate: "moderate", high: "high", low_moderate: "moderate" } },
        ],
      }),
    ).toEqual([]);
    expect(
      problems({ ...valid, levels: [{ instrument: "general_risk_needs", categories: { low: "low" } }] }).map((problem) => problem.message),
    ).toContain('no supervision level for category "high" of general_risk_needs version 2');
    expect(problems({ ...valid, triggers: ["full_moon"] })[0]?.path).toBe("triggers[0]");
    expect(problems({ ...valid, reassessmentMonths: { ...supervision.reassessmentMonths, high: 0 } })[0]?.path).toBe(
      "reassessmentMonths.high",
    );
  });
});
