// The catalogue of assessment instruments: the definitions shipped in instruments/ (one JSON file per version),
// each checked by parseInstrument() when loaded, with a content hash so that a changed definition under an old
// version number is refused rather than silently re-scoring completed assessments. Also the configurable table
// from an instrument's categories to Waypoint's risk levels (instruments/risk-level-map.json).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { riskLevel, supervisionLevel } from "../../../shared/contract/cases";
import { type DefinitionProblem, type InstrumentDefinition, parseInstrument, shapeProblems } from "../../../shared/instruments/definition";
import { type SupervisionEventKind, supervisionEventKinds } from "../../platform/events/supervision-events";
import type { ClosedDays } from "./working-days";

export const instrumentsDir = join(dirname(fileURLToPath(import.meta.url)), "../../../../instruments");
const riskLevelMapFile = "risk-level-map.json";
const supervisionLevelsFile = "supervision-levels.json";
/** The files of instruments/ that are tables about instruments, not instruments. */
const tableFiles = new Set([riskLevelMapFile, supervisionLevelsFile]);

export class InstrumentDefinitionError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: DefinitionProblem[],
  ) {
    super(`${origin}: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ")}`);
  }
}

/** JSON with keys sorted at every level: the same definition hashes the same however its file is laid out. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, entry]) => `${JSON.stringify(name)}:${canonicalJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of the checked definition (defaults filled in), so an edit that changes nothing of meaning keeps it. */
export const contentHash = (instrument: InstrumentDefinition) => createHash("sha256").update(canonicalJson(instrument)).digest("hex");

export interface CatalogueEntry {
  instrument: InstrumentDefinition;
  contentHash: string;
  /** Where it came from (a file name, or an import), for messages. */
  origin: string;
}

export class InstrumentCatalogue {
  private readonly entries = new Map<string, CatalogueEntry>();

  /**
   * Checks a definition and adds it. The same id and version twice is accepted only when the content is the same:
   * a changed definition must take a new version, since completed assessments keep the one they were scored with.
   */
  add(definition: unknown, origin: string): CatalogueEntry {
    const parsed = parseInstrument(definition);
    if (!parsed.ok) throw new InstrumentDefinitionError(origin, parsed.problems);
    const { instrument } = parsed;
    const entry = { instrument, contentHash: contentHash(instrument), origin };
    const key = `${instrument.id}@${instrument.version}`;
    const existing = this.entries.get(key);
    if (existing && existing.contentHash !== entry.contentHash) {
      throw new InstrumentDefinitionError(origin, [
        {
          path: "version",
          message: `${instrument.id} version ${instrument.version} is already defined differently (${existing.origin}); a changed definition needs a new version`,
        },
      ]);
    }
    if (!existing) this.entries.set(key, entry);
    return existing ?? entry;
  }

  get(id: string, version: number): CatalogueEntry | undefined {
    return this.entries.get(`${id}@${version}`);
  }

  /** The highest version of an instrument: the one new assessments start on. */
  latest(id: string): CatalogueEntry | undefined {
    return this.list()
      .filter((entry) => entry.instrument.id === id)
      .at(-1);
  }

  /** Every version of every instrument, by id then version. */
  list(): CatalogueEntry[] {
    return [...this.entries.values()].sort(
      (a, b) => a.instrument.id.localeCompare(b.instrument.id) || a.instrument.version - b.instrument.version,
    );
  }
}

const riskLevelMap = z.strictObject({
  description: z.string().optional(),
  mappings: z.array(z.strictObject({ instrument: z.string(), categories: z.record(z.string(), riskLevel) })),
});

export type RiskLevelMap = ReadonlyMap<string, Readonly<Record<string, z.infer<typeof riskLevel>>>>;

/**
 * Checks the category → risk level table against the catalogue: each mapped instrument exists and is a risk/needs
 * instrument, and every category of each of its versions has a level (a new version's new category is not left out).
 */
export function parseRiskLevelMap(input: unknown, catalogue: InstrumentCatalogue, origin = riskLevelMapFile): RiskLevelMap {
  const shaped = riskLevelMap.safeParse(input);
  if (!shaped.success) {
    throw new InstrumentDefinitionError(origin, shapeProblems(shaped.error.issues));
  }
  const problems: DefinitionProblem[] = [];
  shaped.data.mappings.forEach((mapping, index) => {
    const versions = catalogue.list().filter((entry) => entry.instrument.id === mapping.instrument);
    if (versions.length === 0) {
      problems.push({ path: `mappings[${index}].instrument`, message: `names instrument "${mapping.instrument}", which is not loaded` });
    }
    for (const { instrument } of versions) {
      if (instrument.purpose !== "risk_needs") {
        problems.push({ path: `mappings[${index}].instrument`, message: `"${instrument.id}" is a screener: it sets no risk level` });
      }
      for (const category of instrument.categories) {
        if (!(category.id in mapping.categories)) {
          problems.push({
            path: `mappings[${index}].categories`,
            message: `no risk level for category "${category.id}" of ${instrument.id} version ${instrument.version}`,
          });
        }
      }
    }
  });
  if (problems.length > 0) throw new InstrumentDefinitionError(origin, problems);
  return new Map(shaped.data.mappings.map((mapping) => [mapping.instrument, mapping.categories]));
}

/** The risk level an instrument's category sets, or null for an instrument that sets none (a screener). */
export function riskLevelFor(map: RiskLevelMap, instrumentId: string, category: string): z.infer<typeof riskLevel> | null {
  return map.get(instrumentId)?.[category] ?? null;
}

const readJson = (dir: string, name: string): unknown => {
  try {
    return JSON.parse(readFileSync(join(dir, name), "utf8"));
  } catch (error) {
    throw new InstrumentDefinitionError(name, [{ path: "(file)", message: error instanceof Error ? error.message : String(error) }]);
  }
};

/** Loads every instrument file of a folder and its risk level table; any problem stops the load with its file and path. */
export function loadInstruments(dir = instrumentsDir): {
  catalogue: InstrumentCatalogue;
  riskLevels: RiskLevelMap;
  supervision: SupervisionLevelRules;
} {
  const catalogue = new InstrumentCatalogue();
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".json") && !tableFiles.has(name))
    .sort();
  for (const name of files) catalogue.add(readJson(dir, name), name);
  return {
    catalogue,
    riskLevels: parseRiskLevelMap(readJson(dir, riskLevelMapFile), catalogue),
    supervision: parseSupervisionLevels(readJson(dir, supervisionLevelsFile), catalogue),
  };
}

const supervisionLevelsSchema = z.strictObject({
  description: z.string().optional(),
  levels: z.array(z.strictObject({ instrument: z.string(), categories: z.record(z.string(), supervisionLevel) })),
  reassessmentMonths: z.strictObject({
    intensive: z.number().int().min(1).max(60),
    high: z.number().int().min(1).max(60),
    moderate: z.number().int().min(1).max(60),
    low: z.number().int().min(1).max(60),
    administrative: z.number().int().min(1).max(60),
  }),
  initialAssessmentWorkingDays: z.number().int().min(1).max(260),
  closedDays: z.strictObject({ usFederalHolidays: z.boolean(), extra: z.array(z.iso.date()) }),
  triggers: z.array(z.enum(supervisionEventKinds)),
  triggerDueDays: z.number().int().min(0).max(365),
});

type Level = z.infer<typeof supervisionLevel>;

/** How assessments set the supervision level and when the next one is due (instruments/supervision-levels.json). */
export type SupervisionLevelRules = {
  levels: ReadonlyMap<string, Readonly<Record<string, Level>>>;
  reassessmentMonths: Readonly<Record<Level, number>>;
  initialAssessmentWorkingDays: number;
  closedDays: ClosedDays;
  triggers: readonly SupervisionEventKind[];
  triggerDueDays: number;
};

/**
 * Checks the category → supervision level table against the catalogue like the risk level table: each mapped
 * instrument is a loaded risk/needs instrument and every category of each of its versions has a level.
 */
export function parseSupervisionLevels(
  input: unknown,
  catalogue: InstrumentCatalogue,
  origin = supervisionLevelsFile,
): SupervisionLevelRules {
  const shaped = supervisionLevelsSchema.safeParse(input);
  if (!shaped.success) throw new InstrumentDefinitionError(origin, shapeProblems(shaped.error.issues));
  const problems: DefinitionProblem[] = [];
  shaped.data.levels.forEach((mapping, index) => {
    const versions = catalogue.list().filter((entry) => entry.instrument.id === mapping.instrument);
    if (versions.length === 0) {
      problems.push({ path: `levels[${index}].instrument`, message: `names instrument "${mapping.instrument}", which is not loaded` });
    }
    for (const { instrument } of versions) {
      if (instrument.purpose !== "risk_needs") {
        problems.push({ path: `levels[${index}].instrument`, message: `"${instrument.id}" is a screener: it sets no supervision level` });
      }
      for (const category of instrument.categories) {
        if (!(category.id in mapping.categories)) {
          problems.push({
            path: `levels[${index}].categories`,
            message: `no supervision level for category "${category.id}" of ${instrument.id} version ${instrument.version}`,
          });
        }
      }
    }
  });
  if (problems.length > 0) throw new InstrumentDefinitionError(origin, problems);
  return {
    levels: new Map(shaped.data.levels.map((mapping) => [mapping.instrument, mapping.categories])),
    reassessmentMonths: shaped.data.reassessmentMonths,
    initialAssessmentWorkingDays: shaped.data.initialAssessmentWorkingDays,
    closedDays: { usFederalHolidays: shaped.data.closedDays.usFederalHolidays, extra: new Set(shaped.data.closedDays.extra) },
    triggers: shaped.data.triggers,
    triggerDueDays: shaped.data.triggerDueDays,
  };
}

/** The supervision level an instrument's category sets, or null (a screener, or an instrument not mapped). */
export function supervisionLevelFor(rules: SupervisionLevelRules, instrumentId: string, category: string): Level | null {
  return rules.levels.get(instrumentId)?.[category] ?? null;
}

// The shipped instruments and tables, checked once on first use (a bad file fails the first request loudly, and the
// instruments test fails before that).
let shipped: ReturnType<typeof loadInstruments> | undefined;
export const shippedInstruments = () => {
  shipped ??= loadInstruments();
  return shipped;
};
