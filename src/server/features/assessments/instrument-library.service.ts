import type { z } from "zod";
import type { InstrumentLibrary, InstrumentLibraryEntry, instrumentImportBody } from "../../../shared/contract/assessments";
import { type Guard, guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { type AgencyInstrument, agencyInstruments, checkImport } from "./instrument-library";
import * as queries from "./instrument-library.queries";
import { shippedInstruments } from "./instruments";

const sameTable = (a: Readonly<Record<string, string>> | null, b: Readonly<Record<string, string>> | null) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

async function libraryEntries(tx: Queryable, agencyId: string): Promise<InstrumentLibraryEntry[]> {
  const counts = new Map(
    (await queries.countAssessmentsByVersion(tx, agencyId)).map((row) => [`${row.instrument_id}@${row.version}`, row]),
  );
  return (await agencyInstruments(tx, agencyId)).map((entry) =>
    toEntry(entry, counts.get(`${entry.instrument.id}@${entry.instrument.version}`)),
  );
}

function toEntry(entry: AgencyInstrument, count?: { started: number; completed: number }): InstrumentLibraryEntry {
  const { instrument } = entry;
  return {
    id: instrument.id,
    version: instrument.version,
    title: instrument.title,
    purpose: instrument.purpose,
    description: instrument.description,
    source: entry.source,
    importedBy: entry.importedBy,
    importedAt: entry.importedAt,
    status: entry.status,
    statusChangedBy: entry.statusChangedBy,
    statusChangedAt: entry.statusChangedAt,
    domains: instrument.domains.length,
    items: instrument.domains.reduce((sum, domain) => sum + domain.items.length, 0),
    categories: instrument.categories.map((category) => ({ id: category.id, label: category.label })),
    assessmentsStarted: count?.started ?? 0,
    assessmentsCompleted: count?.completed ?? 0,
  };
}

/** The administrators' instrument library: the list, imports, and publishing or retiring a version. */
export function createInstrumentLibraryService(deps: FeatureDeps) {
  const manage = (authorize: Guard["authorize"], agencyId: string, action: string, details?: Record<string, string | number>) =>
    authorize("instrument.manage", { agencyId }, { action, recordType: "instrument", ...(details ? { details } : {}) });

  const findEntry = async (tx: Queryable, agencyId: string, id: string, version: number) => {
    const entry = (await libraryEntries(tx, agencyId)).find((candidate) => candidate.id === id && candidate.version === version);
    if (!entry) throw notFound("Instrument version");
    return entry;
  };

  return {
    async list(context: RequestContext): Promise<InstrumentLibrary> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        manage(authorize, actor.agencyId, "instrument.list");
        return { instruments: await libraryEntries(tx, actor.agencyId) };
      });
    },

    /**
     * Imports a definition as a draft of the agency: 400 listing every problem with its path; the same id and version
     * again is accepted only with the same content (answered as it stands, created false), else 409: a changed
     * definition takes a new version, since assessments keep the one they were scored with.
     */
    async import(
      context: RequestContext,
      input: z.infer<typeof instrumentImportBody>,
    ): Promise<{ created: boolean; entry: InstrumentLibraryEntry }> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const checked = checkImport(input);
        const definition = input.definition as { id?: unknown; version?: unknown } | null;
        manage(authorize, actor.agencyId, "instrument.import", {
          id: typeof definition?.id === "string" ? definition.id.slice(0, 100) : "(none)",
          version: typeof definition?.version === "number" ? definition.version : 0,
        });
        if (!checked.ok) {
          const count = checked.problems.length;
          throw badRequest(
            `The instrument was not imported: ${count === 1 ? "1 problem" : `${count} problems`}. ${checked.problems
              .map((problem) => `${problem.path}: ${problem.message}.`)
              .join(" ")}`,
            checked.problems.map((problem) => ({ field: problem.path, message: problem.message })),
          );
        }
        const { instrument } = checked;
        const idIssue = [{ field: "definition.id", message: `"${instrument.id}" is taken` }];
        if (
          shippedInstruments()
            .catalogue.list()
            .some((entry) => entry.instrument.id === instrument.id)
        ) {
          throw conflict(`"${instrument.id}" is an instrument shipped with Waypoint; import your own under another id.`, idIssue);
        }
        await queries.lockInstrumentId(tx, instrument.id);
        const owner = await queries.importedInstrumentOwner(tx, instrument.id);
        if (owner && owner !== actor.agencyId) {
          throw conflict(`The id "${instrument.id}" is used by another agency's instrument; choose another id.`, idIssue);
        }
        const existing = await queries.findImportedInstrument(tx, instrument.id, instrument.version);
        const usedHash = await queries.usedInstrumentHash(tx, instrument.id, instrument.version);
        const same =
          existing &&
          existing.content_hash === checked.contentHash &&
          sameTable(existing.risk_levels, checked.riskLevels) &&
          sameTable(existing.supervision_levels, checked.supervisionLevels);
        if ((existing && !same) || (usedHash && usedHash !== checked.contentHash)) {
          const versions = (await queries.listImportedInstruments(tx, actor.agencyId))
            .filter((row) => row.instrument_id === instrument.id)
            .map((row) => row.version);
          const next = Math.max(instrument.version, ...versions) + 1;
          throw conflict(
            `Version ${instrument.version} of "${instrument.id}" already exists with different content. A changed definition is a new version: give it version ${next}.`,
            [{ field: "definition.version", message: `version ${instrument.version} exists; use ${next}` }],
          );
        }
        if (!existing) {
          const inserted = await queries.insertImportedInstrument(tx, {
            id: instrument.id,
            version: instrument.version,
            agencyId: actor.agencyId,
            contentHash: checked.contentHash,
            definition: instrument,
            riskLevels: checked.riskLevels,
            supervisionLevels: checked.supervisionLevels,
            by: actor.userId,
            now: context.now,
          });
          if (!inserted)
            throw conflict(`Version ${instrument.version} of "${instrument.id}" was imported at the same moment; reload the list.`);
        }
        return { created: !existing, entry: await findEntry(tx, actor.agencyId, instrument.id, instrument.version) };
      });
    },

    /** Publishes (officers may start assessments on it) or retires a version; assessments already made keep theirs. */
    async setStatus(context: RequestContext, id: string, version: number, status: "active" | "retired"): Promise<InstrumentLibraryEntry> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        manage(authorize, actor.agencyId, status === "active" ? "instrument.published" : "instrument.retired", { id, version });
        const entry = await findEntry(tx, actor.agencyId, id, version);
        if (entry.status === status) {
          throw conflict(`${entry.title} version ${version} is already ${status === "active" ? "published" : "retired"}.`);
        }
        if (status === "retired" && entry.status === "draft") {
          throw badRequest(`${entry.title} version ${version} was never published; there is nothing to retire.`);
        }
        await queries.setPublication(tx, { agencyId: actor.agencyId, id, version, status, by: actor.userId, now: context.now });
        return findEntry(tx, actor.agencyId, id, version);
      });
    },
  };
}

export type InstrumentLibraryService = ReturnType<typeof createInstrumentLibraryService>;
