import { z } from "zod";
import { isTimeZone } from "../time/calendar-date";
import { supervisionLevel } from "./cases";
import { expectedVersion, recordVersion } from "./common";
import { contactRequirementKinds, standardKinds } from "./contact-requirements";
import { enforcementBody } from "./violations";

export const contactType = z.enum([
  "office_visit",
  "scheduled_home_visit",
  "unannounced_home_visit",
  "field_visit",
  "employment_visit",
  "collateral",
  "phone",
  "video",
  "remote_checkin",
]);
export type ContactType = z.infer<typeof contactType>;
export const contactOutcome = z.enum(["completed", "attempted", "refused", "cancelled", "no_show"]);

export const contactBody = z.strictObject({
  contactType,
  occurredAt: z.iso.datetime({ offset: true }),
  location: z.string().trim().max(300).nullable().optional(),
  peoplePresent: z.string().trim().max(500).nullable().optional(),
  outcome: contactOutcome,
  narrative: z.string().trim().min(1).max(20_000).optional().describe("Starts a draft case note documenting the contact"),
  appointmentId: z.uuid().optional().describe("The appointment this contact fulfils; it is marked completed"),
  enforcement: enforcementBody
    .optional()
    .describe("A missed appointment or failed contact: the enforcement decision, recorded with the outcome in one transaction"),
});

export const contact = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    contactType,
    occurredAt: z.iso.datetime(),
    location: z.string().nullable(),
    peoplePresent: z.string().nullable(),
    outcome: contactOutcome,
    officer: z.object({ id: z.uuid(), displayName: z.string() }),
    noteId: z.uuid().nullable(),
    verifiedAddressId: z.uuid().nullable(),
  })
  .meta({ id: "Contact" });
export type Contact = z.infer<typeof contact>;

export { contactRequirementKinds };
export const contactRequirementKind = z.enum(contactRequirementKinds);

export const standardState = z.object({
  kind: z
    .enum(standardKinds)
    .describe("whereabouts: no fixed address, a face-to-face contact every few days instead of a home verification"),
  periodStart: z.iso.date(),
  periodEnd: z.iso.date(),
  required: z.number().int(),
  done: z.number().int(),
  dueBy: z.iso.date(),
  status: z.enum(["met", "due", "due_soon", "overdue"]).describe("Overdue when the previous period was missed (carriedOver)"),
  carriedOver: z.boolean(),
  periodStatus: z.enum(["met", "due", "due_soon", "overdue"]).describe("The current period on its own"),
  missedPeriod: z
    .object({ periodStart: z.iso.date(), periodEnd: z.iso.date(), required: z.number().int(), done: z.number().int() })
    .nullable()
    .describe("The previous period, when it ended short and nothing of this kind has happened since"),
});
export const caseStandards = z
  .object({ today: z.iso.date(), timeZone: z.string(), states: z.array(standardState) })
  .meta({ id: "CaseStandards" });

export const appointmentType = z.enum(["office_visit", "scheduled_home_visit", "field_visit", "employment_visit", "phone", "video"]);
export const appointmentBody = z.strictObject({
  appointmentType,
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  location: z.string().trim().max(300).nullable().optional(),
});
// Both change an appointment someone else may be changing too: they name the version they were based on.
export const rescheduleBody = appointmentBody.omit({ appointmentType: true }).extend({ expectedVersion });
export const cancelBody = z.strictObject({ reason: z.string().trim().min(1, "give the reason").max(500), expectedVersion });
/** A finished appointment's outcome was recorded wrongly: the person did attend (completed), or did not (missed). */
export const outcomeCorrectionBody = z.strictObject({
  status: z.enum(["completed", "missed"]),
  reason: z.string().trim().min(1, "give the reason").max(500),
  expectedVersion,
});

export const appointment = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    personId: z.uuid(),
    personName: z.string(),
    officer: z.object({ id: z.uuid(), displayName: z.string() }),
    appointmentType,
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    location: z.string().nullable(),
    status: z.enum(["scheduled", "completed", "missed", "cancelled"]).describe("missed: its contact was a no-show, refused or attempted"),
    cancelReason: z.string().nullable(),
    version: recordVersion,
  })
  .meta({ id: "Appointment" });
export type Appointment = z.infer<typeof appointment>;

/** The secret iCalendar subscription address; making a new one ends the previous one. */
export const calendarFeed = z.object({ url: z.string() });

export const calendarQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  officerId: z.uuid().optional().describe("Supervisors: an officer of their unit (default: the signed-in user)"),
});

export const requirementRule = z.strictObject({
  supervisionLevel,
  caseloadTag: z.string().max(40).nullable(),
  kind: contactRequirementKind,
  count: z.number().int().min(1).max(31),
  periodMonths: z.union([z.literal(1), z.literal(2), z.literal(3)]),
});
export const contactStandardsBody = z.strictObject({
  requirements: z.array(requirementRule).min(1).max(100),
  homeVerificationDays: z.number().int().min(1).max(90),
  dueSoonDays: z.number().int().min(0).max(31),
  timeZone: z.string().refine(isTimeZone, "use an IANA time zone such as America/New_York"),
});
export const contactStandards = contactStandardsBody.extend({ isDefault: z.boolean() }).meta({ id: "ContactStandards" });
