import { z } from "zod";
import { type TaskKind, taskKind, taskKinds } from "./tasks";

/** What a notification is about: each kind can go by e-mail and SMS as well, as its recipient prefers. */
export const notificationKinds = ["field_visit_overdue", "drug_test", "task", "request_decided", "monitoring_alert"] as const;
export const notificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKind>;

export const notification = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    title: z.string(),
    body: z.string().nullable(),
    recordType: z.string().nullable(),
    recordId: z.uuid().nullable(),
    urgent: z.boolean(),
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Notification" });

export const markAllReadResponse = z.object({ marked: z.number().int().describe("How many notifications were unread") });

/**
 * The task kinds whose new tasks notify their owner unless the owner chooses otherwise: follow-ups and approvals.
 * Routine kinds (each appointment, a drawn test, a contact the standard requires, a suggested visit) would flood.
 */
export const defaultNotifiedTaskKinds: readonly TaskKind[] = [
  "missed_appointment_follow_up",
  "no_show_follow_up",
  "approval_requested",
  "response_approval_requested",
  "crisis",
  "crisis_follow_up",
  "early_discharge_approval_requested",
  "early_discharge_request_to_board",
  "early_discharge_request_to_court",
  "revocation_decision_requested",
  "revocation_emergency_decision",
  "revocation_complete_file",
];

/** Minutes after midnight, agency time. */
const minuteOfDay = z.number().int().min(0).max(1439);

export const notificationPreferences = z
  .strictObject({
    email: z.email("enter an e-mail address, like name@agency.gov").max(254).nullable(),
    smsPhone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{4,40}$/, "enter a phone number: digits, spaces, brackets, dashes and a leading +")
      .nullable(),
    emailKinds: z.array(notificationKind).max(notificationKinds.length).describe("Kinds also sent by e-mail"),
    smsKinds: z.array(notificationKind).max(notificationKinds.length).describe("Kinds also sent by SMS"),
    taskKinds: z
      .array(taskKind)
      .max(taskKinds.length)
      .optional()
      .describe("Kinds of task whose new tasks notify you; left out: the default (follow-ups and approvals, not routine kinds)"),
    quietHours: z
      .strictObject({ startMinute: minuteOfDay, endMinute: minuteOfDay })
      .refine((hours) => hours.startMinute !== hours.endMinute, { message: "quiet hours must start and end at different times" })
      .nullable()
      .describe("E-mail and SMS of non-urgent notifications wait until quiet hours end (agency time)"),
  })
  .superRefine((value, context) => {
    if (value.emailKinds.length > 0 && !value.email)
      context.addIssue({ code: "custom", path: ["email"], message: "needed to send e-mail" });
    if (value.smsKinds.length > 0 && !value.smsPhone)
      context.addIssue({ code: "custom", path: ["smsPhone"], message: "needed to send SMS" });
  })
  .meta({ id: "NotificationPreferences" });

/** Preferences as stored, with which channels this server can send through. */
export const notificationPreferencesView = z
  .object({
    preferences: notificationPreferences,
    channels: z.object({ email: z.boolean(), sms: z.boolean() }).describe("Whether this server is set up to send e-mail and SMS"),
  })
  .meta({ id: "NotificationPreferencesView" });

export const deliveryChannel = z.enum(["email", "sms"]);

/** An e-mail or SMS that could not be delivered after every retry: for administrators to look into and retry. */
export const deadLetter = z
  .object({
    id: z.uuid(),
    channel: deliveryChannel,
    recipientName: z.string(),
    address: z.string(),
    kind: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "DeadLetter" });
