import type { z } from "zod";
import type { CaseNote, NoteSearchResult, noteBody, noteUpdateBody } from "../../../shared/contract/notes";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { claimVersion } from "../../platform/db/versioned";
import { AppError, badRequest, conflict, notFound } from "../../platform/errors";
import { activePlanStepIds } from "../case-plans/case-plans.queries";
import * as queries from "./notes.queries";

type NoteInput = z.infer<typeof noteBody>;
type NoteUpdate = z.infer<typeof noteUpdateBody>;

// A note records something that happened: its event time may be back-dated, not set in the future.
const allowedClockSkewMs = 5 * 60_000;

export function createNotesService(deps: FeatureDeps) {
  function checkEventTime(context: RequestContext, input: NoteInput) {
    if (new Date(input.occurredAt).getTime() > context.now.getTime() + allowedClockSkewMs) {
      throw badRequest("The time of the event is in the future.", [{ field: "occurredAt", message: "in the future" }]);
    }
    // The interview's structured part belongs to a motivational-interviewing note, and that note needs it.
    const interviewNote = input.noteType === "motivational_interview";
    if (interviewNote && !input.interview) {
      throw badRequest("A motivational-interviewing note records the person's goals and readiness.", [
        { field: "interview", message: "required for a motivational-interviewing note" },
      ]);
    }
    if (!interviewNote && input.interview) {
      throw badRequest("Only a motivational-interviewing note has an interview part.", [
        { field: "interview", message: "only for a motivational-interviewing note" },
      ]);
    }
  }

  return {
    async list(context: RequestContext, caseId: string, offset: number, limit: number) {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId);
        authorize("case.read", target, { action: "note.list", recordType: "case", recordId: caseId });
        const rows = await queries.listCaseNotes(tx, caseId, actor.userId, offset, limit + 1);
        return { notes: rows.slice(0, limit).map((row) => row.note), nextCursor: rows.length > limit ? String(offset + limit) : null };
      });
    },

    async create(context: RequestContext, caseId: string, input: NoteInput): Promise<CaseNote> {
      const actor = signedInActor(context);
      checkEventTime(context, input);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const target = await loadCaseTarget(tx, caseId, true);
        authorize("case.write", target, {
          action: "note.create",
          recordType: "case",
          recordId: caseId,
          details: { noteType: input.noteType },
        });
        const interview = await checkedInterview(tx, caseId, input);
        const id = await queries.insertNote(tx, {
          ...input,
          interview,
          caseId,
          authorId: actor.userId,
          amendsNoteId: null,
          now: context.now,
        });
        return (await queries.findNote(tx, id))!.note;
      });
    },

    async updateDraft(context: RequestContext, noteId: string, { expectedVersion, ...input }: NoteUpdate): Promise<CaseNote> {
      checkEventTime(context, input);
      return changeOwnDraft(context, noteId, "note.update", expectedVersion, async (tx, caseId) =>
        queries.updateDraft(tx, noteId, { ...input, interview: await checkedInterview(tx, caseId, input), now: context.now }),
      );
    },

    /** Without `expectedVersion` (older clients) the note is signed as it stands; the web app always sends it. */
    async sign(context: RequestContext, noteId: string, expectedVersion?: number): Promise<CaseNote> {
      // The signature is set by the version claim itself: one UPDATE, one new row version of the note.
      return changeOwnDraft(context, noteId, "note.sign", expectedVersion, { signed_at: context.now });
    },

    /** A correction to a signed note: a new draft linked to it; the original stays as it was signed. */
    async amend(context: RequestContext, noteId: string, input: NoteInput): Promise<CaseNote> {
      const actor = signedInActor(context);
      checkEventTime(context, input);
      return guarded(deps, context, async ({ tx, authorize }) => {
        const original = await queries.findNote(tx, noteId);
        if (!original) throw notFound("Note");
        const target = await loadCaseTarget(tx, original.case_id, true);
        authorize("case.write", target, { action: "note.amend", recordType: "note", recordId: noteId });
        if (!original.signed) throw conflict("Only a signed note is amended; edit the draft instead.");
        const id = await queries.insertNote(tx, {
          ...input,
          interview: await checkedInterview(tx, original.case_id, input),
          caseId: original.case_id,
          authorId: actor.userId,
          amendsNoteId: noteId,
          now: context.now,
        });
        return (await queries.findNote(tx, id))!.note;
      });
    },

    async search(context: RequestContext, query: string, limit: number): Promise<NoteSearchResult[]> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 1, {
          action: "note.search",
          recordType: "note",
          // The search words may name people: record only their length (minimum necessary).
          details: { queryLength: query.length },
        });
        return (await queries.searchNotes(tx, filter, query, actor.userId, limit)).map((row) => ({
          ...row.note,
          personId: row.person_id,
          personName: row.person_name,
          caseNumber: row.case_number,
        }));
      });
    },
  };

  async function changeOwnDraft(
    context: RequestContext,
    noteId: string,
    action: string,
    expectedVersion: number | undefined,
    /** The change after the version claim, or the columns the claim itself sets. */
    change: ((tx: Queryable, caseId: string) => Promise<void>) | Record<string, unknown>,
  ): Promise<CaseNote> {
    const actor = signedInActor(context);
    return guarded(deps, context, async ({ tx, authorize }) => {
      const note = await queries.findNote(tx, noteId, true);
      if (!note) throw notFound("Note");
      const target = await loadCaseTarget(tx, note.case_id, true);
      authorize("case.write", target, { action, recordType: "note", recordId: noteId });
      // Only the author signs or edits a note: a signature is that person's attestation (policy rule note.author).
      authorize("note.author", { agencyId: target.agencyId, userId: note.author_id }, { action, recordType: "note", recordId: noteId });
      if (note.signed) throw new AppError("conflict", "This note is signed and cannot be changed; add an amendment instead.");
      // The same draft open in two tabs: the change based on the older version is a 409, never a silent overwrite.
      const claim = {
        table: "case_note",
        id: noteId,
        expectedVersion: expectedVersion ?? note.note.version,
        actorId: actor.userId,
        now: context.now,
        what: "note",
      } as const;
      if (typeof change === "function") {
        await claimVersion(tx, claim);
        await change(tx, note.case_id);
      } else {
        await claimVersion(tx, claim, change);
      }
      return (await queries.findNote(tx, noteId))!.note;
    });
  }
}

/**
 * The interview part as stored (absent fields made null), its next steps checked against the case's active plan:
 * a step of another case or of a replaced version is a 400 naming it.
 */
async function checkedInterview(tx: Queryable, caseId: string, input: NoteInput) {
  if (!input.interview) return null;
  const { ownGoals, readiness, changeTalk, nextSteps } = input.interview;
  const linked = nextSteps.some((step) => step.planStepId);
  const steps = linked ? new Set(await activePlanStepIds(tx, caseId)) : new Set<string>();
  const issues = nextSteps.flatMap((step, index) =>
    step.planStepId && !steps.has(step.planStepId)
      ? [{ field: `interview.nextSteps.${index}.planStepId`, message: "not a step of the case's current plan" }]
      : [],
  );
  if (issues.length > 0) throw badRequest("A next step names a step that is not in the case's current plan.", issues);
  return {
    ownGoals,
    readiness,
    changeTalk: changeTalk || null,
    nextSteps: nextSteps.map((step) => ({ text: step.text, planStepId: step.planStepId ?? null })),
  };
}

export type NotesService = ReturnType<typeof createNotesService>;
