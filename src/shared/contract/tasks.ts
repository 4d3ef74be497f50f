import { z } from "zod";
import { standardKinds } from "./contact-requirements";

/**
 * What a task asks for. The capability that owns a kind creates and closes its tasks; `humanCloses` kinds are also
 * marked done by a person (a follow-up), the others close only when their source does (a request is decided, a
 * drawn test is recorded). `dismissable`: a person may close it as not needed (an approval may not: the request
 * still awaits its decision, which is what closes it).
 */
export const taskKinds = [
  "missed_appointment_follow_up",
  "no_show_follow_up",
  "approval_requested",
  "drug_test_due",
  "contact_due",
  "appointment",
  "suggested_unannounced_visit",
  "violation_response_due",
  "response_approval_requested",
  "case_plan_step",
  "crisis",
  "assessment_due",
  "acknowledge_achievement",
  "explanation_due",
  "enforcement_escalation",
  "crisis_follow_up",
  "early_discharge_approval_requested",
  "early_discharge_request_to_board",
  "early_discharge_request_to_court",
  "revocation_decision_requested",
  "revocation_emergency_decision",
  "revocation_complete_file",
  "monitoring_alert",
] as const;
export const taskKind = z.enum(taskKinds);
export type TaskKind = z.infer<typeof taskKind>;

/**
 * `namesSourceTime`: its title adds when its source happened ("… of Mar 3, 10:00 AM", a missed appointment's); the
 * kinds whose source is a request or a decision, not a moment in the person's supervision, do not.
 */
export const taskKindInfo: Record<TaskKind, { label: string; humanCloses: boolean; dismissable: boolean; namesSourceTime: boolean }> = {
  missed_appointment_follow_up: { label: "Follow up on a missed appointment", humanCloses: true, dismissable: true, namesSourceTime: true },
  no_show_follow_up: { label: "Follow up on a no-show or refused contact", humanCloses: true, dismissable: true, namesSourceTime: true },
  approval_requested: { label: "Condition change awaiting approval", humanCloses: false, dismissable: false, namesSourceTime: false },
  drug_test_due: { label: "Drug test due (random draw)", humanCloses: false, dismissable: true, namesSourceTime: true },
  contact_due: { label: "Contact required by the standard", humanCloses: false, dismissable: false, namesSourceTime: true },
  appointment: { label: "Appointment", humanCloses: false, dismissable: false, namesSourceTime: true },
  suggested_unannounced_visit: { label: "Suggested unannounced visit", humanCloses: true, dismissable: true, namesSourceTime: true },
  violation_response_due: { label: "Carry out a violation response", humanCloses: false, dismissable: false, namesSourceTime: false },
  response_approval_requested: {
    label: "Violation response awaiting approval",
    humanCloses: false,
    dismissable: false,
    namesSourceTime: false,
  },
  // Closed by marking the step done in the case plan, so the plan's progress and the task never disagree.
  case_plan_step: { label: "Case plan step due", humanCloses: false, dismissable: false, namesSourceTime: true },
  // Raised by an assessment's crisis flag (suicide risk, no shelter tonight): the officer acts today and marks it done.
  crisis: { label: "Crisis: act today", humanCloses: true, dismissable: false, namesSourceTime: false },
  // Closed by completing a risk and needs assessment, which also sets the next one's due day.
  assessment_due: { label: "Assessment due", humanCloses: false, dismissable: false, namesSourceTime: false },
  // An achievement (a positive supervision event) to acknowledge: recording an incentive for it closes it; the officer
  // may also mark it done (acknowledged otherwise) or dismiss it.
  acknowledge_achievement: { label: "Acknowledge an achievement", humanCloses: true, dismissable: true, namesSourceTime: true },
  // An enforcement decision awaits the person's explanation: the officer decides by this day and marks it done.
  explanation_due: { label: "Enforcement decision: explanation due", humanCloses: true, dismissable: true, namesSourceTime: false },
  // An agency escalation clock was crossed (e.g. 3 warnings in 6 months): the unit's supervisors review the case.
  enforcement_escalation: {
    label: "Review enforcement: escalation clock crossed",
    humanCloses: true,
    dismissable: true,
    namesSourceTime: false,
  },
  // A follow-up of a crisis record (check in within 24 hours, …): marked done here or when the crisis is closed.
  crisis_follow_up: { label: "Crisis follow-up", humanCloses: true, dismissable: true, namesSourceTime: false },
  // Closed by the supervisor's approval or return of the recommendation on the person page.
  early_discharge_approval_requested: {
    label: "Early discharge recommendation awaiting approval",
    humanCloses: false,
    dismissable: false,
    namesSourceTime: false,
  },
  // The approved recommendation: the officer sends the request to the authority and marks the task done (one kind per
  // authority, so the task names it: the parole board for parole, the court for probation).
  early_discharge_request_to_board: {
    label: "Send the early discharge request to the parole board",
    humanCloses: true,
    dismissable: false,
    namesSourceTime: false,
  },
  early_discharge_request_to_court: {
    label: "Send the early discharge request to the court",
    humanCloses: true,
    dismissable: false,
    namesSourceTime: false,
  },
  // Closed by a supervisor's decision on the revocation recommendation (never its author's).
  revocation_decision_requested: {
    label: "Revocation recommendation awaiting decision",
    humanCloses: false,
    dismissable: false,
    namesSourceTime: false,
  },
  // An emergency recommendation (immediate risk): decided within hours, notified at once even in quiet hours.
  revocation_emergency_decision: {
    label: "Emergency revocation: decide now",
    humanCloses: false,
    dismissable: false,
    namesSourceTime: false,
  },
  // An emergency warrant was authorised on a short file: the officer completes its facts and history; submitting the
  // completed file closes it.
  revocation_complete_file: {
    label: "Complete the emergency revocation file",
    humanCloses: false,
    dismissable: false,
    namesSourceTime: false,
  },
  // A monitoring alert to triage: closed when the alert is resolved (on the Alerts page or the person's Monitoring section).
  monitoring_alert: { label: "Triage a monitoring alert", humanCloses: false, dismissable: false, namesSourceTime: true },
};

/** Kinds whose notification goes out at once, even in the owner's quiet hours. */
export const urgentTaskKinds: ReadonlySet<TaskKind> = new Set(["crisis", "revocation_emergency_decision"]);

/** Which requirement and period a contact_due task is for (a new case has one task per requirement). */
export const contactDueDetail = z.object({
  // The kinds of the contact standards' standing (contacts.ts standardState), from the small module both import.
  requirement: z.enum(standardKinds),
  missed: z.boolean().describe("A previous period that ended short: overdue until a contact of its kind is made"),
  periodStart: z.iso.date(),
  periodEnd: z.iso.date(),
});
export type ContactDueDetail = z.infer<typeof contactDueDetail>;

/** Each contact requirement as a task names it. */
export const contactDueLabels: Record<ContactDueDetail["requirement"], string> = {
  face_to_face: "Face-to-face contact",
  field: "Field contact",
  office: "Office visit",
  home_visit: "Home visit",
  collateral: "Collateral contact",
  employment_verification: "Employment verification",
  home_verification: "Home visit (verification)",
  whereabouts: "Whereabouts check (no fixed address)",
};

const weekdayAndDay = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" });
const monthAndDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const calendarDay = (date: string) => new Date(`${date}T00:00:00Z`);

/**
 * What a task asks, in words, for every surface that lists tasks and for its notification: its kind, and for a
 * contact the standard requires, which one and by when ("Face-to-face contact due by Fri, Dec 4").
 */
export function taskLabel(task: { kind: TaskKind; contactDue: ContactDueDetail | null }): string {
  const detail = task.kind === "contact_due" ? task.contactDue : null;
  if (!detail) return taskKindInfo[task.kind].label;
  const what = contactDueLabels[detail.requirement];
  if (detail.missed)
    return `${what} missed in the period ${monthAndDay.format(calendarDay(detail.periodStart))} – ${monthAndDay.format(calendarDay(detail.periodEnd))}`;
  return `${what} due by ${weekdayAndDay.format(calendarDay(detail.periodEnd))}`;
}

export const taskStatus = z
  .enum(["open", "done", "dismissed", "snoozed"])
  .describe("snoozed: hidden from the open list until snoozedUntil (then open again); done and dismissed are final");
export type TaskStatus = z.infer<typeof taskStatus>;

export const taskOwner = z
  .enum(["case_officer", "unit_supervisors", "user"])
  .describe("case_officer: the case's supervising officer now; unit_supervisors: the supervisors of the case's unit; user: ownerName");

const taskChange = z.object({
  status: taskStatus,
  reason: z.string().nullable(),
  snoozedUntil: z.iso.datetime().nullable(),
  changedByName: z.string().nullable().describe("null: the system (the capability that owns the task)"),
  changedAt: z.iso.datetime(),
});

export const task = z
  .object({
    id: z.uuid(),
    kind: taskKind,
    caseId: z.uuid(),
    caseNumber: z.string(),
    personId: z.uuid(),
    personName: z.string(),
    owner: taskOwner,
    ownerName: z.string().nullable().describe("The named owner, or the case's officer; null for the unit's supervisors"),
    dueOn: z.iso.date(),
    contactDue: contactDueDetail.nullable().describe("contact_due: the requirement and period it is for; null for other kinds"),
    sourceType: z.string(),
    sourceId: z.uuid(),
    sourceOccurredAt: z.iso.datetime().nullable().describe("When what the task comes from happened (the missed appointment)"),
    status: taskStatus.describe("As it stands now: a snooze whose time has passed reads as open"),
    statusReason: z.string().nullable(),
    snoozedUntil: z.iso.datetime().nullable(),
    humanCloses: z.boolean().describe("A person marks it done; otherwise it closes when its source does"),
    dismissable: z.boolean().describe("A person may dismiss it as not needed (with a reason)"),
    createdAt: z.iso.datetime(),
    changedAt: z.iso.datetime(),
    history: z.array(taskChange).describe("Every change, oldest first"),
  })
  .meta({ id: "Task" });
export type Task = z.infer<typeof task>;

export const taskList = z.object({ tasks: z.array(task) }).meta({ id: "TaskList" });
export type TaskList = z.infer<typeof taskList>;

export const myTasksQuery = z.strictObject({
  kind: taskKind.optional().describe("Only this kind (approval_requested: awaiting my approval)"),
});

const reason = z
  .string({ error: "Give a reason" })
  .trim()
  .min(1, "Give a reason")
  .max(500, "Keep the reason under 500 characters")
  .describe("Why; kept in the task's history");

export const dismissTaskBody = z.strictObject({ reason });
export const snoozeTaskBody = z.strictObject({
  reason,
  until: z.iso.datetime({ error: "Say until when, as a date and time" }).describe("When the task is open again"),
});
export const completeTaskBody = z.strictObject({
  note: z.string().trim().max(500).optional().describe("What was done, kept in the task's history"),
});

export const unitTasksQuery = z.strictObject({
  unitId: z.uuid().optional().describe("The unit; the supervisor's own when left out"),
});

/** A unit's standing tasks due today or overdue, by the supervising officer of their case, overdue first. */
export const unitTasks = z
  .object({
    date: z.iso.date().describe("Today in the agency's time zone"),
    unitId: z.uuid(),
    unitName: z.string(),
    officers: z.array(
      z.object({
        officerId: z.uuid(),
        officerName: z.string(),
        overdue: z.number().int().describe("Due before today"),
        dueToday: z.number().int(),
        tasks: z.array(task).describe("Overdue first (oldest first), then today's"),
      }),
    ),
  })
  .meta({ id: "UnitTasks" });
export type UnitTasks = z.infer<typeof unitTasks>;
