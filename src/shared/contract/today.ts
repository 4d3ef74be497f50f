import { z } from "zod";
import { caseStatus, riskLevel, supervisionLevel } from "./cases";
import { standardKinds } from "./contact-requirements";
import { appointmentType } from "./contacts";
import { cautionKind } from "./people";

export const todayQuery = z.strictObject({
  date: z.iso.date().optional().describe("The day to plan, in the agency's time zone; today when left out"),
});

/**
 * Why an unannounced visit would help, as facts (dates, counts) the client words and formats: a sentence built here
 * would carry raw dates. `daysLeft` counts from the planned day.
 */
export const visitReason = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("field_contact_overdue"), dueBy: z.iso.date() }),
    z.object({
      kind: z.literal("field_contacts_needed"),
      required: z.number().int(),
      done: z.number().int(),
      dueBy: z.iso.date(),
      daysLeft: z.number().int(),
    }),
    z.object({ kind: z.literal("home_verification_overdue"), dueBy: z.iso.date() }),
    z.object({ kind: z.literal("home_verification_due"), movedIn: z.iso.date(), dueBy: z.iso.date(), daysLeft: z.number().int() }),
  ])
  .meta({ id: "VisitReason" });
export type VisitReason = z.infer<typeof visitReason>;

/**
 * One thing the officer should do for a case today, in the order of the worklist: each is a standing task of the
 * task model (appointment, drawn drug test, suggested visit, follow-up, contact due).
 */
export const todayTask = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("appointment"),
    appointmentId: z.uuid(),
    appointmentType,
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    location: z.string().nullable(),
    status: z.enum(["scheduled", "completed", "missed"]),
  }),
  z.object({
    kind: z.literal("contact_due"),
    taskId: z.uuid(),
    requirement: z.enum(standardKinds),
    status: z.enum(["due", "due_soon", "overdue"]).describe("On the planned day, from the status row the task was opened for"),
    dueBy: z.iso.date().describe("The task's due day: the end of the period (of the missed period, when overdue from one)"),
    required: z.number().int(),
    done: z.number().int(),
  }),
  z.object({ kind: z.literal("drug_test"), reason: z.string(), tested: z.boolean() }),
  z.object({
    kind: z.literal("suggested_unannounced_visit"),
    reasons: z.array(visitReason).min(1).describe("Why a visit is suggested today: the field contact and home verification still open"),
  }),
  z.object({
    kind: z.literal("follow_up"),
    taskId: z.uuid(),
    taskKind: z.enum([
      "missed_appointment_follow_up",
      "no_show_follow_up",
      "approval_requested",
      "violation_response_due",
      "response_approval_requested",
      "crisis",
      "explanation_due",
      "crisis_follow_up",
      "monitoring_alert",
    ]),
    dueOn: z.iso.date(),
    sourceOccurredAt: z.iso.datetime().nullable().describe("When what it follows up happened (the missed appointment)"),
  }),
]);
export type TodayTask = z.infer<typeof todayTask>;

export const fieldAddress = z.object({
  kind: z.enum(["residence", "shelter", "transient"]).describe("transient: line1 is the last known location in words"),
  shelterName: z.string().nullable(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  verified: z.boolean(),
});

export const todayItem = z
  .object({
    caseId: z.uuid(),
    personId: z.uuid(),
    personName: z.string(),
    caseNumber: z.string(),
    caseStatus,
    supervisionLevel,
    riskLevel: riskLevel.nullable(),
    priorityScore: z.number(),
    priorityReason: z.string(),
    tasks: z.array(todayTask).min(1),
    address: fieldAddress.nullable(),
    phone: z.string().nullable(),
    cautions: z.array(z.object({ kind: cautionKind, description: z.string() })),
  })
  .meta({ id: "TodayItem" });
export type TodayItem = z.infer<typeof todayItem>;

export const todayList = z
  .object({
    date: z.iso.date(),
    timeZone: z.string(),
    items: z.array(todayItem),
    routeStopLimit: z.number().int().describe("How many stops the day's route starts with, highest priority first (agency setting)"),
  })
  .meta({ id: "TodayList" });
export type TodayList = z.infer<typeof todayList>;

/** Where the web map takes its background tiles from; null when the agency runs without tiles (air-gapped). */
export const mapConfig = z
  .object({
    tileUrl: z.string().nullable().describe("XYZ template with {z}, {x} and {y}"),
    attribution: z.string().nullable(),
  })
  .meta({ id: "MapConfig" });
export type MapConfig = z.infer<typeof mapConfig>;
