// The instruments an agency can use: the shipped ones (instruments/, checked at load) and the ones its administrators
// imported (imported_instrument, checked by the same parseInstrument() before they were stored), each with the agency's
// publication status. Read from the database on every lookup rather than cached: an import on one instance must be
// seen by all at once, and an agency has a handful of instruments.
import type { z } from "zod";
import type { InstrumentLibraryEntry, instrumentImportBody } from "../../../shared/contract/assessments";
import type { riskLevel, supervisionLevel } from "../../../shared/contract/cases";
import { type DefinitionProblem, type InstrumentDefinition, parseInstrument } from "../../../shared/instruments/definition";
import type { Queryable } from "../../platform/db/database";
import * as queries from "./instrument-library.queries";
import { type CatalogueEntry, contentHash, riskLevelFor, shippedInstruments, supervisionLevelFor } from "./instruments";

type RiskLevel = z.infer<typeof riskLevel>;
type SupervisionLevel = z.infer<typeof supervisionLevel>;

export type AgencyInstrument = CatalogueEntry & {
  source: "shipped" | "imported";
  importedBy: string | null;
  importedAt: string | null;
  status: InstrumentLibraryEntry["status"];
  statusChangedBy: string | null;
  statusChangedAt: string | null;
  riskLevels: Readonly<Record<string, RiskLevel>> | null;
  supervisionLevels: Readonly<Record<string, SupervisionLevel>> | null;
};

const fromImported = (row: queries.ImportedInstrumentRow): Omit<AgencyInstrument, "status" | "statusChangedBy" | "statusChangedAt"> => ({
  // Stored only after parseInstrument() accepted it, with its defaults filled in.
  instrument: row.definition as InstrumentDefinition,
  contentHash: row.content_hash,
  origin: `imported by ${row.imported_by}`,
  source: "imported",
  importedBy: row.imported_by,
  importedAt: row.imported_at,
  riskLevels: row.risk_levels as Record<string, RiskLevel> | null,
  supervisionLevels: row.supervision_levels as Record<string, SupervisionLevel> | null,
});

const fromShipped = (entry: CatalogueEntry): Omit<AgencyInstrument, "status" | "statusChangedBy" | "statusChangedAt"> => {
  const { riskLevels, supervision } = shippedInstruments();
  return {
    ...entry,
    source: "shipped",
    importedBy: null,
    importedAt: null,
    riskLevels: riskLevels.get(entry.instrument.id) ?? null,
    supervisionLevels: supervision.levels.get(entry.instrument.id) ?? null,
  };
};

/** Every instrument version the agency has (shipped and its own imports), by id then version, with its status. */
export async function agencyInstruments(tx: Queryable, agencyId: string): Promise<AgencyInstrument[]> {
  const [imported, publications] = [await queries.listImportedInstruments(tx, agencyId), await queries.listPublications(tx, agencyId)];
  const decided = new Map(publications.map((row) => [`${row.instrument_id}@${row.version}`, row]));
  return [...shippedInstruments().catalogue.list().map(fromShipped), ...imported.map(fromImported)]
    .map((entry) => {
      const publication = decided.get(`${entry.instrument.id}@${entry.instrument.version}`);
      return {
        ...entry,
        // Shipped versions are in use until retired; an import waits for an administrator to publish it.
        status: publication?.status ?? (entry.source === "shipped" ? "active" : "draft"),
        statusChangedBy: publication?.changed_by ?? null,
        statusChangedAt: publication?.changed_at ?? null,
      } satisfies AgencyInstrument;
    })
    .sort((a, b) => a.instrument.id.localeCompare(b.instrument.id) || a.instrument.version - b.instrument.version);
}

/** The highest active version of each instrument: what officers start assessments on. */
export const activeLatest = (entries: readonly AgencyInstrument[]): AgencyInstrument[] => {
  const latest = new Map<string, AgencyInstrument>();
  for (const entry of entries) if (entry.status === "active") latest.set(entry.instrument.id, entry);
  return [...latest.values()];
};

/** A version's definition as the agency may read it: shipped, or imported by this agency. */
export async function findAgencyInstrument(
  tx: Queryable,
  agencyId: string,
  id: string,
  version: number,
): Promise<CatalogueEntry | undefined> {
  const shipped = shippedInstruments().catalogue.get(id, version);
  if (shipped) return shipped;
  const row = await queries.findImportedInstrument(tx, id, version);
  return row && row.agency_id === agencyId ? fromImported(row) : undefined;
}

/** The risk and supervision level a category of an instrument version sets (null: a screener, or not mapped). */
export async function levelsFor(
  tx: Queryable,
  instrumentId: string,
  version: number,
  category: string,
): Promise<{ riskLevel: RiskLevel | null; supervisionLevel: SupervisionLevel | null }> {
  const { catalogue, riskLevels, supervision } = shippedInstruments();
  if (catalogue.get(instrumentId, version)) {
    return {
      riskLevel: riskLevelFor(riskLevels, instrumentId, category),
      supervisionLevel: supervisionLevelFor(supervision, instrumentId, category),
    };
  }
  const row = await queries.findImportedInstrument(tx, instrumentId, version);
  return {
    riskLevel: (row?.risk_levels?.[category] as RiskLevel | undefined) ?? null,
    supervisionLevel: (row?.supervision_levels?.[category] as SupervisionLevel | undefined) ?? null,
  };
}

export type CheckedImport =
  | {
      ok: true;
      instrument: InstrumentDefinition;
      contentHash: string;
      riskLevels: Record<string, RiskLevel> | null;
      supervisionLevels: Record<string, SupervisionLevel> | null;
    }
  | { ok: false; problems: DefinitionProblem[] };

/**
 * The checks of an import: the definition by parseInstrument() (the shipped files' checks, paths unchanged), then its
 * level tables the way the shipped tables are checked: a risk and needs instrument maps every category to a level,
 * a screener sets none.
 */
export function checkImport(input: z.infer<typeof instrumentImportBody>): CheckedImport {
  const parsed = parseInstrument(input.definition);
  if (!parsed.ok)
    return {
      ok: false,
      problems: parsed.problems.map((problem) => ({
        ...problem,
        path: problem.path === "(root)" ? "definition" : `definition.${problem.path}`,
      })),
    };
  const { instrument } = parsed;
  const problems: DefinitionProblem[] = [];
  const categories = instrument.categories.map((category) => category.id);
  const table = (name: "riskLevels" | "supervisionLevels", words: string) => {
    const given = input[name];
    if (instrument.purpose === "screener") {
      if (given) problems.push({ path: name, message: `a screener sets no ${words}; leave it out` });
      return;
    }
    if (!given) {
      problems.push({ path: name, message: `a risk and needs instrument needs a ${words} for each category (${categories.join(", ")})` });
      return;
    }
    for (const category of categories) {
      if (!(category in given)) problems.push({ path: `${name}.${category}`, message: `no ${words} for category "${category}"` });
    }
    for (const category of Object.keys(given)) {
      if (!categories.includes(category)) {
        problems.push({ path: `${name}.${category}`, message: `names category "${category}", which the instrument does not define` });
      }
    }
  };
  table("riskLevels", "risk level");
  table("supervisionLevels", "supervision level");
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    instrument,
    contentHash: contentHash(instrument),
    riskLevels: instrument.purpose === "risk_needs" ? (input.riskLevels ?? null) : null,
    supervisionLevels: instrument.purpose === "risk_needs" ? (input.supervisionLevels ?? null) : null,
  };
}
