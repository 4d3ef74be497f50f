import { z } from "zod";
import { localDate } from "../time/calendar-date";
import { expectedVersion, isoDate, recordVersion } from "./common";
import { taskStatus } from "./tasks";

/** The kinds of crisis an officer responds to (issue 13 §8). */
export const crisisTypes = [
  "mental_health_emergency",
  "suicide_risk",
  "relapse",
  "housing_loss",
  "family_conflict",
  "victimisation",
] as const;
export const crisisType = z.enum(crisisTypes, { error: "Choose the kind of crisis" });
export type CrisisType = z.infer<typeof crisisType>;

export const crisisTypeLabels: Record<CrisisType, string> = {
  mental_health_emergency: "Mental health emergency",
  suicide_risk: "Suicide risk",
  relapse: "Relapse",
  housing_loss: "Housing loss",
  family_conflict: "Family conflict",
  victimisation: "Victimisation",
};

/** Supervision events an officer may name as what set a crisis off, and their words. */
export const crisisTriggerEventKinds = ["housing_lost", "positive_test", "police_contact", "new_arrest"] as const;
export type CrisisTriggerEventKind = (typeof crisisTriggerEventKinds)[number];
export const crisisTriggerEventLabels: Record<CrisisTriggerEventKind, string> = {
  housing_lost: "Housing lost",
  positive_test: "Positive drug test",
  police_contact: "Police contact",
  new_arrest: "New arrest",
};

const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s().-]{3,30}(\s*(x|ext\.?)\s*\d{1,6})?$/i, "enter a phone number, such as 988 or (555) 010-0111");

// ─── Crisis contacts (administrators) ─────────────────────────────────────────────────────────────────────────────

export const crisisContact = z
  .object({
    id: z.uuid(),
    unitId: z.uuid().nullable().describe("The area (unit) it serves; null: every area of the agency"),
    unitName: z.string().nullable(),
    name: z.string(),
    service: z.string(),
    phone: z.string(),
    available24x7: z.boolean(),
    hours: z.string().nullable().describe("When it answers, when not 24/7"),
    active: z.boolean(),
    version: recordVersion,
  })
  .meta({ id: "CrisisContact" });
export type CrisisContact = z.infer<typeof crisisContact>;

const contactFields = {
  unitId: z.uuid("choose an area").nullable(),
  name: z.string().trim().min(1, "enter the contact's name").max(120),
  service: z.string().trim().min(1, "say what service it is").max(200),
  phone,
  available24x7: z.boolean(),
  hours: z.string().trim().max(200).nullable().optional().describe("Required when not available 24/7"),
};

export const newCrisisContactBody = z.strictObject(contactFields);
export const updateCrisisContactBody = z.strictObject({
  ...contactFields,
  active: z.boolean().describe("false: no longer offered on the crisis form (kept for the crises that name it)"),
  expectedVersion,
});

/** A follow-up a new crisis starts with: what, and within how many hours of now (its due day in the agency's calendar). */
export const followUpDefault = z.strictObject({
  what: z.string().trim().min(1, "say what the follow-up is").max(200),
  withinHours: z.number().int().min(1, "at least 1 hour").max(720, "at most 720 hours (30 days)"),
});
export type FollowUpDefault = z.infer<typeof followUpDefault>;

export const followUpDefaultsBody = z.strictObject({ followUps: z.array(followUpDefault).max(6, "at most 6 follow-ups") });

export const crisisSettings = z
  .object({
    contacts: z.array(crisisContact),
    followUpDefaults: z.array(followUpDefault),
    followUpDefaultsAreShipped: z.boolean().describe("true: the agency has not set its own"),
  })
  .meta({ id: "CrisisSettings" });
export type CrisisSettings = z.infer<typeof crisisSettings>;

// ─── A crisis record ─────────────────────────────────────────────────────────────────────────────────────────────

export const checklistItems = ["person_safe", "called", "referral", "emergency_services"] as const;
export type ChecklistItem = (typeof checklistItems)[number];

// Blank (or only spaces) is no note: the columns hold 1 to 1,000 characters.
const noteField = z
  .string()
  .trim()
  .max(1000)
  .transform((note) => note || null)
  .nullable()
  .optional();

/** A call made for the crisis: to one of the area's crisis contacts, or to someone named in words; and when. */
export const crisisCall = z
  .strictObject({
    contactId: z.uuid().nullable().optional().describe("One of the area's crisis contacts"),
    name: z.string().trim().max(300).nullable().optional().describe("Who was called, when not one of the crisis contacts"),
    at: z.iso.datetime({ offset: true, error: "say when the call was made, as a date and time" }),
  })
  .refine((call) => Boolean(call.contactId) !== Boolean(call.name), {
    message: "choose a crisis contact or name who was called (one of them)",
    path: ["name"],
  });

/** One checklist entry, recorded on its own after the crisis was opened. */
export const checklistEntryBody = z.discriminatedUnion(
  "item",
  [
    z.strictObject({ item: z.literal("person_safe"), answer: z.enum(["yes", "no", "unknown"]), note: noteField }),
    z.strictObject({ item: z.literal("called"), call: crisisCall, note: noteField }),
    z.strictObject({
      item: z.literal("referral"),
      to: z.string().trim().min(1, "say who the person was referred to").max(300),
      note: noteField,
    }),
    z.strictObject({ item: z.literal("emergency_services"), answer: z.enum(["yes", "no"]), note: noteField }),
  ],
  { error: "Choose a checklist item" },
);

export const newFollowUpBody = z.strictObject({
  what: z.string().trim().min(1, "say what the follow-up is").max(200),
  dueOn: isoDate,
});

export const newCrisisBody = z.strictObject({
  type: crisisType,
  occurredAt: z.iso.datetime({ offset: true, error: "say when it happened, as a date and time" }),
  description: z.string().trim().min(1, "describe what happened").max(4000),
  triggerEventId: z.uuid().nullable().optional().describe("The supervision event that set it off (one of the case's linkable events)"),
  checklist: z.strictObject({
    personSafe: z.enum(["yes", "no", "unknown"], { error: "say whether the person is safe" }),
    emergencyServices: z.enum(["yes", "no"], { error: "say whether emergency services are involved" }),
    emergencyNote: noteField,
    calls: z.array(crisisCall).max(10),
    referralTo: z.string().trim().max(300).nullable().optional().describe("Who the person was referred to (blank: no referral yet)"),
  }),
  followUps: z.array(newFollowUpBody).max(10),
});

export const closeCrisisBody = z.strictObject({
  expectedVersion,
  summary: z.string().trim().min(1, "write a closing summary").max(4000),
  openFollowUps: z
    .enum(["done", "dismissed", "keep"], { error: "say what happens to the open follow-ups" })
    .describe("The crisis's follow-up tasks still open: done, dismissed (no longer needed), or kept open"),
});

const crisisTrigger = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("assessment"),
    assessmentId: z.uuid(),
    instrumentTitle: z.string(),
    itemPrompt: z.string().nullable(),
    flagLabel: z.string(),
    assessedAt: z.iso.datetime(),
  }),
  z.object({
    kind: z.literal("event"),
    eventId: z.uuid(),
    eventKind: z.string(),
    occurredAt: z.iso.datetime(),
    withdrawnAt: z.iso.datetime().nullable(),
  }),
]);

export const checklistEntry = z.object({
  id: z.number().int(),
  item: z.enum(checklistItems),
  answer: z.enum(["yes", "no", "unknown"]).nullable(),
  contactId: z.uuid().nullable(),
  name: z.string().nullable().describe("Who was called or referred to"),
  phone: z.string().nullable(),
  calledAt: z.iso.datetime().nullable(),
  note: z.string().nullable(),
  recordedByName: z.string(),
  recordedAt: z.iso.datetime(),
});
export type ChecklistEntry = z.infer<typeof checklistEntry>;

export const crisisFollowUp = z.object({
  id: z.uuid(),
  what: z.string(),
  dueOn: isoDate,
  taskId: z.uuid().nullable(),
  taskStatus: taskStatus.nullable(),
});

export const crisis = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    type: crisisType,
    occurredAt: z.iso.datetime(),
    description: z.string(),
    status: z.enum(["open", "closed"]),
    closingSummary: z.string().nullable(),
    closedAt: z.iso.datetime().nullable(),
    closedByName: z.string().nullable(),
    recordedByName: z.string().nullable().describe("null: opened by an assessment's crisis flag"),
    createdAt: z.iso.datetime(),
    trigger: crisisTrigger.nullable(),
    checklist: z.array(checklistEntry).describe("Every entry in the order recorded; the latest of an item is its state"),
    followUps: z.array(crisisFollowUp),
    version: recordVersion,
  })
  .meta({ id: "Crisis" });
export type Crisis = z.infer<typeof crisis>;

export const caseCrises = z
  .object({
    crises: z.array(crisis).describe("Open first, then the most recent"),
    contacts: z.array(crisisContact).describe("The active crisis contacts of the case's area and of every area"),
    followUpDefaults: z.array(followUpDefault),
    linkableEvents: z
      .array(z.object({ id: z.uuid(), kind: z.enum(crisisTriggerEventKinds), occurredAt: z.iso.datetime() }))
      .describe("The case's standing events of the last 30 days a crisis may name as its trigger"),
  })
  .meta({ id: "CaseCrises" });
export type CaseCrises = z.infer<typeof caseCrises>;

/** A follow-up's due day from "within N hours": the agency's calendar day N hours from now falls on. */
export function followUpDueOn(now: Date, withinHours: number, timeZone: string): string {
  return localDate(new Date(now.getTime() + withinHours * 3_600_000), timeZone);
}
