// Assessment instruments are data, never code: a definition (JSON in the repository's instruments/ folder, or an
// agency's own imported through the same function) is checked here before anything scores with it. The zod schema
// checks shapes; checkInstrument() then checks what a schema cannot: that every rule names an item that exists, that
// cut-offs and score bands cover their range with neither gap nor overlap, that no domain is empty. Every problem
// carries the path to it in the definition, so an author can find it. Pure: the server and the browser share it.
import { z } from "zod";
import { population } from "../contract/cases";

const key = z.string().regex(/^[a-z][a-z0-9_]*$/, "use lower-case letters, digits and underscores, starting with a letter");
const text = z.string().trim().min(1);
const points = z.number().int();

// The values of a person's recorded sex (the people contract); cut-offs may differ by it.
export const instrumentSex = z.enum(["female", "male", "other", "unknown"]);

/** A range of whole values worth some points; max omitted on the last band means "and above". */
const band = z.strictObject({ min: z.number().int(), max: z.number().int().optional(), points });

/** A rule about an earlier answer: a yes/no answer, choices picked, or a number at least some value. */
const condition = z.union([
  z.strictObject({ item: key, is: z.boolean() }),
  z.strictObject({ item: key, anyOf: z.array(key).min(1) }),
  z.strictObject({ item: key, atLeast: z.number().int() }),
]);

const option = z.strictObject({ value: key, label: text, points: points.default(0) });

const itemBase = {
  id: key,
  prompt: text,
  help: text.optional(),
  required: z.boolean().default(true),
  // Static factors (history) cannot change; dynamic ones are needs a case plan can target.
  factor: z.enum(["static", "dynamic"]),
  // Asked only when the rule holds; otherwise not required and worth nothing.
  askWhen: condition.optional(),
  // The structured fact the answer records (e.g. prior_arrests), for reuse beyond the instrument.
  fact: key.optional(),
};

const item = z.discriminatedUnion("type", [
  z.strictObject({ ...itemBase, type: z.literal("single_choice"), options: z.array(option).min(2) }),
  z.strictObject({ ...itemBase, type: z.literal("multi_choice"), options: z.array(option).min(1), maxPoints: points.min(0).optional() }),
  z.strictObject({ ...itemBase, type: z.literal("yes_no"), points: z.strictObject({ yes: points, no: points }) }),
  // Whole numbers (counts, ages); bands turn the value into points.
  z.strictObject({ ...itemBase, type: z.literal("number"), min: z.number().int(), max: z.number().int(), bands: z.array(band).optional() }),
  // A date on or before the assessment date; bands are on whole years before it (a birth date → age).
  z.strictObject({ ...itemBase, type: z.literal("date"), yearsBeforeBands: z.array(band).optional() }),
]);

const domain = z.strictObject({
  id: key,
  title: text,
  description: text.optional(),
  // A strength domain is reported beside the total, never added to it.
  kind: z.enum(["risk_need", "strength"]),
  // The domain is flagged as a need (or a strength) when its sub-score reaches this.
  flagAt: points.optional(),
  items: z.array(item),
});

const cutoffSet = z.strictObject({
  // Omitted: the default set. Otherwise it applies to people matching every field given.
  appliesTo: z
    .strictObject({ sex: z.array(instrumentSex).min(1).optional(), population: z.array(population).min(1).optional() })
    .optional(),
  bands: z.array(z.strictObject({ category: key, min: z.number().int(), max: z.number().int().optional() })).min(1),
});

export const instrumentDefinition = z.strictObject({
  id: key,
  // A changed definition is a new version; a completed assessment keeps the version it was scored with.
  version: z.number().int().positive(),
  title: text,
  purpose: z.enum(["risk_needs", "screener"]),
  description: text,
  source: z.strictObject({ citation: text, url: z.url().optional(), adaptation: text }),
  domains: z.array(domain).min(1),
  // In order of increasing risk or need.
  categories: z.array(z.strictObject({ id: key, label: text, description: text.optional() })).min(1),
  cutoffs: z.array(cutoffSet).min(1),
  flags: z
    .array(
      z.strictObject({
        id: key,
        label: text,
        severity: z.enum(["crisis", "attention"]),
        action: text,
        // Raised when any of these holds.
        when: z.array(condition).min(1),
      }),
    )
    .default([]),
});

export type InstrumentDefinition = z.infer<typeof instrumentDefinition>;
export type InstrumentItem = InstrumentDefinition["domains"][number]["items"][number];
export type Condition = z.infer<typeof condition>;
export type Band = z.infer<typeof band>;

/** Whole years before the assessment date a date item accepts (no one is assessed on a date older than this). */
export const maxYearsBefore = 120;

export interface DefinitionProblem {
  /** Where in the definition, e.g. "domains[1].items[0].askWhen.item". */
  path: string;
  message: string;
}

export type ParsedInstrument = { ok: true; instrument: InstrumentDefinition } | { ok: false; problems: DefinitionProblem[] };

const pathText = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)),
    "",
  );

/** A schema's issues as problems with paths written the same way as checkInstrument()'s. */
export const shapeProblems = (issues: readonly z.core.$ZodIssue[]): DefinitionProblem[] =>
  issues.map((issue) => ({ path: pathText(issue.path) || "(root)", message: issue.message }));

/** Validates an instrument definition: its shape, then its rules. */
export function parseInstrument(input: unknown): ParsedInstrument {
  const shaped = instrumentDefinition.safeParse(input);
  if (!shaped.success) {
    return { ok: false, problems: shapeProblems(shaped.error.issues) };
  }
  const problems = checkInstrument(shaped.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, instrument: shaped.data };
}

/** The lowest and highest points an item can add (an optional or conditional item may add nothing). */
export function itemPointRange(item: InstrumentItem): { min: number; max: number } {
  let values: number[];
  switch (item.type) {
    case "single_choice":
      values = item.options.map((choice) => choice.points);
      break;
    case "multi_choice": {
      const sum = (sign: number) =>
        item.options.reduce((total, choice) => total + (Math.sign(choice.points) === sign ? choice.points : 0), 0);
      values = [sum(-1), sum(1)].map((value) => Math.min(value, item.maxPoints ?? value));
      break;
    }
    case "yes_no":
      values = [item.points.yes, item.points.no];
      break;
    case "number":
      values = item.bands?.map((entry) => entry.points) ?? [0];
      break;
    case "date":
      values = item.yearsBeforeBands?.map((entry) => entry.points) ?? [0];
      break;
  }
  if (!item.required || item.askWhen) values.push(0);
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** The range of sub-scores of a domain, and of the total (the sum of the risk/need domains). */
export function scoreRanges(instrument: InstrumentDefinition) {
  const domains = instrument.domains.map((entry) =>
    entry.items.map(itemPointRange).reduce((range, next) => ({ min: range.min + next.min, max: range.max + next.max }), { min: 0, max: 0 }),
  );
  const total = domains
    .filter((_, index) => instrument.domains[index]!.kind === "risk_need")
    .reduce((range, next) => ({ min: range.min + next.min, max: range.max + next.max }), { min: 0, max: 0 });
  return { domains, total };
}

/**
 * Ranges in ascending order must cover [low, high] with no gap and no overlap; only the last may be open-ended.
 * A range may reach beyond [low, high]: unreachable values are harmless.
 */
function checkPartition(
  ranges: readonly { min: number; max?: number | undefined }[],
  low: number,
  high: number,
  path: string,
  problems: DefinitionProblem[],
) {
  ranges.forEach((range, index) => {
    const at = `${path}[${index}]`;
    if (range.max !== undefined && range.max < range.min)
      problems.push({ path: `${at}.max`, message: `max ${range.max} is below min ${range.min}` });
    const previous = ranges[index - 1];
    if (!previous) {
      if (range.min > low) problems.push({ path: `${at}.min`, message: `gap: ${low}–${range.min - 1} fall in no band` });
    } else if (previous.max === undefined || range.min <= previous.max) {
      const upTo = previous.max === undefined ? "and above" : `to ${previous.max}`;
      problems.push({ path: `${at}.min`, message: `overlap: ${range.min} is also in the band before (${previous.min} ${upTo})` });
    } else if (range.min > previous.max + 1) {
      problems.push({ path: `${at}.min`, message: `gap: ${previous.max + 1}–${range.min - 1} fall in no band` });
    }
  });
  const last = ranges.at(-1);
  if (last?.max !== undefined && last.max < high) {
    problems.push({ path: `${path}[${ranges.length - 1}].max`, message: `gap: ${last.max + 1}–${high} fall in no band` });
  }
}

function checkUnique(ids: readonly string[], path: (index: number) => string, what: string, problems: DefinitionProblem[]) {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) problems.push({ path: path(index), message: `${what} "${id}" is defined twice` });
    seen.add(id);
  });
}

/** The rules a schema cannot express; an empty list means the definition is sound. */
export function checkInstrument(instrument: InstrumentDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const items = instrument.domains.flatMap((entry, domainIndex) =>
    entry.items.map((candidate, itemIndex) => ({ item: candidate, path: `domains[${domainIndex}].items[${itemIndex}]` })),
  );
  checkUnique(
    instrument.domains.map((entry) => entry.id),
    (index) => `domains[${index}].id`,
    "domain",
    problems,
  );
  checkUnique(
    items.map((entry) => entry.item.id),
    (index) => `${items[index]!.path}.id`,
    "item",
    problems,
  );
  checkUnique(
    instrument.categories.map((entry) => entry.id),
    (index) => `categories[${index}].id`,
    "category",
    problems,
  );
  checkUnique(
    instrument.flags.map((entry) => entry.id),
    (index) => `flags[${index}].id`,
    "flag",
    problems,
  );

  instrument.domains.forEach((entry, index) => {
    if (entry.items.length === 0) problems.push({ path: `domains[${index}].items`, message: `domain "${entry.id}" has no items` });
  });

  const position = new Map(items.map((entry, index) => [entry.item.id, index]));
  // A rule may only look back: an item's askWhen names an earlier item, so the order of questions has no cycle.
  const checkCondition = (rule: Condition, path: string, before?: number) => {
    const index = position.get(rule.item);
    const target = index === undefined ? undefined : items[index]!.item;
    if (index === undefined || !target) {
      problems.push({ path: `${path}.item`, message: `names item "${rule.item}", which the instrument does not have` });
      return;
    }
    if (before !== undefined && index >= before) {
      problems.push({ path: `${path}.item`, message: `names item "${rule.item}", which is not asked before this one` });
    }
    if ("is" in rule && target.type !== "yes_no") {
      problems.push({ path: `${path}.is`, message: `"is" needs a yes/no item; "${rule.item}" is ${target.type}` });
    } else if ("atLeast" in rule && target.type !== "number") {
      problems.push({ path: `${path}.atLeast`, message: `"atLeast" needs a number item; "${rule.item}" is ${target.type}` });
    } else if ("anyOf" in rule) {
      if (target.type !== "single_choice" && target.type !== "multi_choice") {
        problems.push({ path: `${path}.anyOf`, message: `"anyOf" needs a choice item; "${rule.item}" is ${target.type}` });
      } else {
        rule.anyOf.forEach((value, valueIndex) => {
          if (!target.options.some((choice) => choice.value === value)) {
            problems.push({ path: `${path}.anyOf[${valueIndex}]`, message: `item "${rule.item}" has no option "${value}"` });
          }
        });
      }
    }
  };

  items.forEach(({ item: entry, path }, index) => {
    if (entry.askWhen) checkCondition(entry.askWhen, `${path}.askWhen`, index);
    switch (entry.type) {
      case "single_choice":
      case "multi_choice":
        checkUnique(
          entry.options.map((choice) => choice.value),
          (optionIndex) => `${path}.options[${optionIndex}].value`,
          "option",
          problems,
        );
        break;
      case "number":
        if (entry.max < entry.min) problems.push({ path: `${path}.max`, message: `max ${entry.max} is below min ${entry.min}` });
        else if (entry.bands) checkPartition(entry.bands, entry.min, entry.max, `${path}.bands`, problems);
        break;
      case "date":
        if (entry.yearsBeforeBands) checkPartition(entry.yearsBeforeBands, 0, maxYearsBefore, `${path}.yearsBeforeBands`, problems);
        break;
      case "yes_no":
        break;
    }
  });

  instrument.flags.forEach((flag, flagIndex) => {
    flag.when.forEach((rule, ruleIndex) => {
      checkCondition(rule, `flags[${flagIndex}].when[${ruleIndex}]`);
    });
  });

  const categories = new Set(instrument.categories.map((entry) => entry.id));
  const { total } = scoreRanges(instrument);
  const defaults = instrument.cutoffs.filter((set) => !set.appliesTo);
  if (defaults.length !== 1) {
    problems.push({ path: "cutoffs", message: `needs exactly one set without appliesTo (the default); found ${defaults.length}` });
  }
  instrument.cutoffs.forEach((set, setIndex) => {
    set.bands.forEach((entry, bandIndex) => {
      if (!categories.has(entry.category)) {
        problems.push({
          path: `cutoffs[${setIndex}].bands[${bandIndex}].category`,
          message: `names category "${entry.category}", which is not defined`,
        });
      }
    });
    // Cut-offs partition every total the instrument can produce.
    checkPartition(set.bands, total.min, total.max, `cutoffs[${setIndex}].bands`, problems);
  });
  return problems;
}
