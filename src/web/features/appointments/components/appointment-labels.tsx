import type { ContactType } from "../../../lib/supervision-labels";
import type { Appointment, AppointmentType } from "../api/appointments";
import { formatShortDay, formatTime, sameDay } from "../lib/calendar-dates";

export const appointmentTypeLabels: Record<AppointmentType, string> = {
  office_visit: "Office visit",
  scheduled_home_visit: "Home visit",
  field_visit: "Field visit",
  employment_visit: "Employment visit",
  phone: "Phone contact",
  video: "Video contact",
};

/** Every appointment type is also a contact type: the contact that completes it has the same type. */
export const contactTypeOf = (type: AppointmentType): ContactType => type;

/** What the status tag says: a scheduled appointment that has ended without an outcome is flagged as such. */
type DisplayStatus = Appointment["status"] | "not_recorded";

const statusText: Record<DisplayStatus, string> = {
  scheduled: "Scheduled",
  completed: "Completed",
  missed: "Missed",
  cancelled: "Cancelled",
  not_recorded: "Outcome not recorded",
};
const statusClasses: Record<DisplayStatus, string> = {
  scheduled: "bg-primary",
  completed: "bg-success-darker",
  missed: "bg-secondary-dark",
  cancelled: "bg-base-dark",
  not_recorded: "bg-secondary-dark",
};
const statusSymbols: Partial<Record<DisplayStatus, string>> = { completed: "✓ ", missed: "✗ ", not_recorded: "⚠ " };

export const displayStatus = (appointment: Appointment, now = new Date()): DisplayStatus =>
  appointment.status === "scheduled" && new Date(appointment.endsAt) < now ? "not_recorded" : appointment.status;

/** The status as a tag, always in words (never by colour alone). */
export function AppointmentStatusTag({ appointment }: { appointment: Appointment }) {
  const status = displayStatus(appointment);
  return (
    <span className={`usa-tag ${statusClasses[status]}`} data-status={status}>
      {statusSymbols[status] ? <span aria-hidden="true">{statusSymbols[status]}</span> : null}
      {statusText[status]}
    </span>
  );
}

/** "10:00 AM – 11:00 AM", with the day first when asked ("Thu, Jun 12, 10:00 AM – 11:00 AM"). */
export function timeRangeText(appointment: Pick<Appointment, "startsAt" | "endsAt">, withDay = false): string {
  const starts = new Date(appointment.startsAt);
  const ends = new Date(appointment.endsAt);
  const end = sameDay(starts, ends) ? formatTime(ends) : `${formatShortDay(ends)}, ${formatTime(ends)}`;
  return `${withDay ? `${formatShortDay(starts)}, ` : ""}${formatTime(starts)} – ${end}`;
}

/** For screen readers, what an action button acts on: "home visit with Dana Reed on Thu, Jun 12, 10:00 AM". */
export const appointmentDescription = (appointment: Appointment, withPerson = true): string =>
  `${appointmentTypeLabels[appointment.appointmentType].toLowerCase()}${withPerson ? ` with ${appointment.personName}` : ""} on ${formatShortDay(
    new Date(appointment.startsAt),
  )}, ${formatTime(new Date(appointment.startsAt))}`;
