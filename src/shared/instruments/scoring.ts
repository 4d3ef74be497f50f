// Scoring an assessment against a checked instrument (definition.ts): every item's contribution, each domain's
// sub-score, the total (the sum of the risk/need domains) and its category by the cut-offs that apply to the person.
// Answers are checked item by item: a wrong type or a value out of range is a problem naming the item, and so is
// every required item left unanswered when the assessment is being completed. Pure and synchronous, so the browser
// can show the same scores live while the officer answers.
import type { z } from "zod";
import type { population } from "../contract/cases";
import { isCalendarDate } from "../time/calendar-date";
import {
  type Band,
  type Condition,
  type InstrumentDefinition,
  type InstrumentItem,
  type instrumentSex,
  maxYearsBefore,
  scoreRanges,
} from "./definition";

/** Answers by item id: a choice's value, a list of values, a whole number, true/false, or a YYYY-MM-DD date. */
export type Answers = Readonly<Record<string, unknown>>;

export interface ScoreOptions {
  /** The assessment date (YYYY-MM-DD): date answers may not be after it, and years are counted back from it. */
  asOf: string;
  /** Picks sex- or population-specific cut-offs where the instrument has them. */
  subject?: { sex?: z.infer<typeof instrumentSex> | undefined; population?: z.infer<typeof population> | undefined };
  /** Completing: every required item that is asked must be answered. */
  complete?: boolean;
}

export interface AnswerProblem {
  item: string;
  /** The question as the officer saw it, so a message can name it. */
  prompt: string;
  problem: "unknown_item" | "wrong_type" | "out_of_range" | "missing";
  message: string;
}

export interface ItemContribution {
  item: string;
  domain: string;
  /** not_asked: its askWhen rule does not hold, so any answer is ignored. */
  status: "answered" | "unanswered" | "not_asked";
  points: number;
}

export interface DomainScore {
  domain: string;
  kind: "risk_need" | "strength";
  score: number;
  min: number;
  max: number;
  /** The sub-score reached the domain's flagAt (a need, or for a strength domain a strength). */
  flagged: boolean;
}

export interface AssessmentScore {
  items: ItemContribution[];
  domains: DomainScore[];
  total: number;
  totalRange: { min: number; max: number };
  /** Required items still unanswered (ids, in the instrument's order). */
  missing: string[];
  /** Only once every required item is answered: a partial total would put the person in too low a category. */
  category: { id: string; label: string } | null;
  flags: { id: string; label: string; severity: "crisis" | "attention"; action: string }[];
}

export type ScoreResult = { ok: true; score: AssessmentScore } | { ok: false; problems: AnswerProblem[] };

/** Whole years from a date to a later one (an age on a birthday counts the year). */
export function wholeYearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}

const inBand = (bands: readonly Band[] | undefined, value: number) =>
  bands?.find((entry) => value >= entry.min && (entry.max === undefined || value <= entry.max))?.points ?? 0;

/** The points of one answer, or why the answer is not acceptable. */
function pointsFor(item: InstrumentItem, answer: unknown, asOf: string): { points: number } | { problem: AnswerProblem } {
  const fail = (problem: "wrong_type" | "out_of_range", detail: string) => ({
    problem: { item: item.id, prompt: item.prompt, problem, message: `${item.id} ("${item.prompt}"): ${detail}` },
  });
  switch (item.type) {
    case "single_choice": {
      if (typeof answer !== "string") return fail("wrong_type", "expected one of the options");
      const choice = item.options.find((entry) => entry.value === answer);
      return choice ? { points: choice.points } : fail("out_of_range", `"${answer}" is not one of its options`);
    }
    case "multi_choice": {
      if (!Array.isArray(answer) || answer.some((value) => typeof value !== "string"))
        return fail("wrong_type", "expected a list of options");
      if (new Set(answer).size !== answer.length) return fail("out_of_range", "an option is picked twice");
      let sum = 0;
      for (const value of answer as string[]) {
        const choice = item.options.find((entry) => entry.value === value);
        if (!choice) return fail("out_of_range", `"${value}" is not one of its options`);
        sum += choice.points;
      }
      return { points: Math.min(sum, item.maxPoints ?? sum) };
    }
    case "yes_no":
      if (typeof answer !== "boolean") return fail("wrong_type", "expected yes or no");
      return { points: answer ? item.points.yes : item.points.no };
    case "number":
      if (typeof answer !== "number" || !Number.isInteger(answer)) return fail("wrong_type", "expected a whole number");
      if (answer < item.min || answer > item.max) return fail("out_of_range", `${answer} is outside ${item.min}–${item.max}`);
      return { points: inBand(item.bands, answer) };
    case "date": {
      if (typeof answer !== "string" || !isCalendarDate(answer)) return fail("wrong_type", "expected a date (YYYY-MM-DD)");
      if (answer > asOf) return fail("out_of_range", `${answer} is after the assessment date`);
      const years = wholeYearsBetween(answer, asOf);
      if (years > maxYearsBefore) return fail("out_of_range", `${answer} is more than ${maxYearsBefore} years before the assessment`);
      return { points: inBand(item.yearsBeforeBands, years) };
    }
  }
}

const isAnswered = (answer: unknown) => answer !== undefined && answer !== null;

/** Does a rule hold on the answers so far? (An unanswered or not-asked item satisfies no rule.) */
function holds(rule: Condition, effective: ReadonlyMap<string, unknown>): boolean {
  const answer = effective.get(rule.item);
  if (!isAnswered(answer)) return false;
  if ("is" in rule) return answer === rule.is;
  if ("atLeast" in rule) return typeof answer === "number" && answer >= rule.atLeast;
  return Array.isArray(answer) ? answer.some((value) => rule.anyOf.includes(value)) : rule.anyOf.includes(answer as string);
}

function cutoffsFor(instrument: InstrumentDefinition, subject: ScoreOptions["subject"]) {
  const specific = instrument.cutoffs.find(
    (set) =>
      set.appliesTo &&
      (!set.appliesTo.sex || (subject?.sex !== undefined && set.appliesTo.sex.includes(subject.sex))) &&
      (!set.appliesTo.population || (subject?.population !== undefined && set.appliesTo.population.includes(subject.population))),
  );
  return specific ?? instrument.cutoffs.find((set) => !set.appliesTo)!;
}

/** Scores answers (partial or complete) against an instrument that parseInstrument() accepted. */
export function scoreAssessment(instrument: InstrumentDefinition, answers: Answers, options: ScoreOptions): ScoreResult {
  const problems: AnswerProblem[] = [];
  const known = new Set(instrument.domains.flatMap((entry) => entry.items.map((candidate) => candidate.id)));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) problems.push({ item: id, prompt: id, problem: "unknown_item", message: `${id}: the instrument has no such item` });
  }

  // Answers of items that are asked, in the instrument's order (a rule only looks back).
  const effective = new Map<string, unknown>();
  const items: ItemContribution[] = [];
  const missing: string[] = [];
  for (const entry of instrument.domains) {
    for (const item of entry.items) {
      const answer = answers[item.id];
      const asked = !item.askWhen || holds(item.askWhen, effective);
      let points = 0;
      if (isAnswered(answer)) {
        const result = pointsFor(item, answer, options.asOf);
        if ("problem" in result) problems.push(result.problem);
        else if (asked) {
          points = result.points;
          effective.set(item.id, answer);
        }
      } else if (asked && item.required) {
        missing.push(item.id);
      }
      const status = !asked ? "not_asked" : isAnswered(answer) ? "answered" : "unanswered";
      items.push({ item: item.id, domain: entry.id, status, points });
    }
  }

  if (options.complete) {
    for (const id of missing) {
      const item = instrument.domains.flatMap((entry) => entry.items).find((candidate) => candidate.id === id)!;
      problems.push({ item: id, prompt: item.prompt, problem: "missing", message: `${id} ("${item.prompt}"): required, not answered` });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const ranges = scoreRanges(instrument);
  const domains = instrument.domains.map((entry, index): DomainScore => {
    const score = items
      .filter((contribution) => contribution.domain === entry.id)
      .reduce((sum, contribution) => sum + contribution.points, 0);
    const range = ranges.domains[index]!;
    return { domain: entry.id, kind: entry.kind, score, ...range, flagged: entry.flagAt !== undefined && score >= entry.flagAt };
  });
  const total = domains.filter((entry) => entry.kind === "risk_need").reduce((sum, entry) => sum + entry.score, 0);

  let category: AssessmentScore["category"] = null;
  if (missing.length === 0) {
    const band = cutoffsFor(instrument, options.subject).bands.find(
      (entry) => total >= entry.min && (entry.max === undefined || total <= entry.max),
    );
    // checkInstrument() proved the bands cover every reachable total.
    if (!band) throw new Error(`${instrument.id} v${instrument.version}: no cut-off for total ${total}`);
    const found = instrument.categories.find((entry) => entry.id === band.category)!;
    category = { id: found.id, label: found.label };
  }

  const flags = instrument.flags
    .filter((flag) => flag.when.some((rule) => holds(rule, effective)))
    .map(({ id, label, severity, action }) => ({ id, label, severity, action }));

  return { ok: true, score: { items, domains, total, totalRange: ranges.total, missing, category, flags } };
}
