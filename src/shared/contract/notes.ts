import { z } from "zod";
import { expectedVersion, recordVersion } from "./common";

export const noteType = z.enum([
  "contact",
  "collateral",
  "office",
  "home_visit",
  "phone",
  "administrative",
  "supervisor_review",
  "motivational_interview",
]);

/**
 * The structured part of a motivational-interviewing note (noteType motivational_interview, and only that type):
 * the person's own goals in their words, where they put themselves on the readiness ruler, the change talk heard,
 * and the next steps agreed, each linked to a step of the case's active plan when it is one.
 */
export const motivationalInterview = z.strictObject({
  ownGoals: z.string().trim().min(1, "write the person's goals in their own words").max(2000),
  readiness: z
    .number({ error: "choose a number from 0 to 10" })
    .int()
    .min(0, "choose a number from 0 to 10")
    .max(10, "choose a number from 0 to 10")
    .describe("Readiness ruler: 0 not ready at all, 10 completely ready"),
  changeTalk: z.string().trim().max(2000).nullable().optional().describe("Change talk noted: desire, ability, reasons, need, commitment"),
  nextSteps: z
    .array(
      z.strictObject({
        text: z.string().trim().min(1, "write the next step").max(500),
        planStepId: z.uuid().nullable().optional().describe("The step of the case's active plan it carries forward"),
      }),
    )
    .max(10)
    .default([]),
});
export type MotivationalInterview = z.infer<typeof motivationalInterview>;

export const noteBody = z.strictObject({
  noteType,
  occurredAt: z.iso.datetime({ offset: true }),
  narrative: z.string().trim().min(1, "write the note").max(20_000),
  details: z
    .record(z.string(), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
    .nullable()
    .optional(),
  interview: motivationalInterview.nullable().optional().describe("Required for a motivational-interviewing note, only for it"),
});

/** Editing a draft: the note as read (`version`), so a change made meanwhile (another tab) is a 409, never overwritten. */
export const noteUpdateBody = noteBody.extend({ expectedVersion });
/** Signing: the version the officer read in the confirmation, so what becomes final is what they saw (no body: as it stands). */
// Fastify hands a request without a body to validation as null.
export const signNoteBody = z.strictObject({ expectedVersion }).nullish();

export const caseNote = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    noteType,
    occurredAt: z.iso.datetime(),
    author: z.object({ id: z.uuid(), displayName: z.string() }),
    narrative: z.string(),
    details: z.record(z.string(), z.unknown()).nullable(),
    interview: z
      .object({
        ownGoals: z.string(),
        readiness: z.number().int(),
        changeTalk: z.string().nullable(),
        nextSteps: z.array(z.object({ text: z.string(), planStepId: z.uuid().nullable() })),
      })
      .nullable(),
    status: z.enum(["draft", "signed"]),
    signedAt: z.iso.datetime().nullable(),
    amendsNoteId: z.uuid().nullable(),
    amendedBy: z.array(z.uuid()),
    createdAt: z.iso.datetime(),
    version: recordVersion,
  })
  .meta({ id: "CaseNote" });
export type CaseNote = z.infer<typeof caseNote>;

/** A note search result names its person and case, so a list of results needs no request per row. */
export const noteSearchResult = caseNote
  .extend({ personId: z.uuid(), personName: z.string(), caseNumber: z.string() })
  .meta({ id: "NoteSearchResult" });
export type NoteSearchResult = z.infer<typeof noteSearchResult>;

export const noteSearchResponse = z.object({ notes: z.array(noteSearchResult) });

export const notePage = z.object({ notes: z.array(caseNote), nextCursor: z.string().nullable() });
