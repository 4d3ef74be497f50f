import { taskKindInfo } from "../../../../shared/contract/tasks";
import type { TodayItem, TodayTask } from "../../../../shared/contract/today";
import { formatVisitReasons } from "../../../lib/format";

type AppointmentType = Extract<TodayTask, { kind: "appointment" }>["appointmentType"];
type Requirement = Extract<TodayTask, { kind: "contact_due" }>["requirement"];
export type FieldAddress = NonNullable<TodayItem["address"]>;

/** Appointment types worth driving to: pre-chosen for the route. */
export const fieldAppointmentTypes: ReadonlySet<AppointmentType> = new Set(["scheduled_home_visit", "field_visit", "employment_visit"]);

const appointmentLabels: Record<AppointmentType, string> = {
  office_visit: "Office visit",
  scheduled_home_visit: "Home visit",
  field_visit: "Field visit",
  employment_visit: "Employment visit",
  phone: "Phone call",
  video: "Video call",
};

const requirementLabels: Record<Requirement, { one: string; many: string }> = {
  face_to_face: { one: "face-to-face contact", many: "face-to-face contacts" },
  field: { one: "field contact", many: "field contacts" },
  office: { one: "office visit", many: "office visits" },
  home_visit: { one: "home visit", many: "home visits" },
  collateral: { one: "collateral contact", many: "collateral contacts" },
  employment_verification: { one: "employment verification", many: "employment verifications" },
  home_verification: { one: "home address verification", many: "home address verifications" },
  whereabouts: { one: "whereabouts check (no fixed address)", many: "whereabouts checks (no fixed address)" },
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const shortDate = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const longDate = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", year: "numeric", timeZone: "UTC" });

/** "Feb 28" for a calendar date of the API (no time zone shift). */
export const formatShortDate = (isoDate: string) => shortDate.format(new Date(`${isoDate}T00:00:00Z`));
/** "Wednesday, November 25, 2026". */
export const formatLongDate = (isoDate: string) => longDate.format(new Date(`${isoDate}T00:00:00Z`));

/** "2:00–2:30 pm", or "11:30 am–12:15 pm" across noon, in the agency's time zone. */
export function formatTimeRange(startsAt: string, endsAt: string, timeZone: string): string {
  const format = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit", timeZone });
  const split = (iso: string) => {
    const parts = format.formatToParts(new Date(iso));
    const time = parts
      .filter((part) => part.type !== "dayPeriod")
      .map((part) => part.value)
      .join("")
      .trim();
    const period = parts.find((part) => part.type === "dayPeriod")?.value.toLowerCase() ?? "";
    return { time, period };
  };
  const start = split(startsAt);
  const end = split(endsAt);
  return start.period === end.period
    ? `${start.time}–${end.time} ${end.period}`
    : `${start.time} ${start.period}–${end.time} ${end.period}`;
}

/** "Mar 3": an instant's day in the agency's time zone. */
const shortDayOf = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone }).format(new Date(iso));

/** A task in the officer's words. */
export function taskText(task: TodayTask, timeZone: string): string {
  switch (task.kind) {
    case "appointment": {
      const what = `${appointmentLabels[task.appointmentType]} ${formatTimeRange(task.startsAt, task.endsAt, timeZone)}`;
      const where = task.location ? ` at ${task.location}` : "";
      return `${what}${where}${task.status === "completed" ? " (done)" : ""}`;
    }
    case "contact_due": {
      const labels = requirementLabels[task.requirement];
      if (task.status === "overdue") return `${capitalise(labels.one)} overdue since ${formatShortDate(task.dueBy)}`;
      const remaining = Math.max(1, task.required - task.done);
      const what = remaining === 1 ? labels.one : `${remaining} ${labels.many}`;
      const progress = task.required > 1 ? ` (${task.done} of ${task.required} done)` : "";
      return `${capitalise(what)} due by ${formatShortDate(task.dueBy)}${progress}`;
    }
    case "drug_test":
      return `Random drug test — ${task.tested ? "done today" : "not yet tested"}`;
    case "suggested_unannounced_visit":
      return `Suggested: unannounced home visit — ${formatVisitReasons(task.reasons)}`;
    case "follow_up": {
      const since = task.sourceOccurredAt ? ` (${shortDayOf(task.sourceOccurredAt, timeZone)})` : "";
      return `${taskKindInfo[task.taskKind].label}${since}`;
    }
  }
}

/** Whether the task needs attention before others of the same item (shown with a marker, not colour alone). */
export const isUrgent = (task: TodayTask) => task.kind === "contact_due" && task.status === "overdue";

export function addressLines(address: FieldAddress): string[] {
  // No fixed address: line1 is the last known location in words; the city, when known, follows.
  if (address.kind === "transient") return [`No fixed address — last known: ${address.line1}`, address.city].filter(Boolean);
  return [
    address.kind === "shelter" && address.shelterName ? `Shelter: ${address.shelterName}` : null,
    address.line1,
    address.line2,
    `${address.city}, ${address.state} ${address.postalCode}`,
  ].filter((line): line is string => Boolean(line));
}

export const addressText = (address: FieldAddress) => addressLines(address).join(", ");

/** Whether the item can be placed on the route map (its current address has coordinates). */
export const hasPosition = (item: TodayItem): item is TodayItem & { address: FieldAddress & { latitude: number; longitude: number } } =>
  item.address !== null && item.address.latitude !== null && item.address.longitude !== null;

/** Pre-chosen for the route: a field appointment or a suggested visit, at an address on the map. */
export const chosenByDefault = (item: TodayItem) =>
  hasPosition(item) &&
  item.tasks.some(
    (task) =>
      task.kind === "suggested_unannounced_visit" ||
      (task.kind === "appointment" && task.status === "scheduled" && fieldAppointmentTypes.has(task.appointmentType)),
  );

const isFieldAppointment = (item: TodayItem) =>
  item.tasks.some((task) => task.kind === "appointment" && task.status === "scheduled" && fieldAppointmentTypes.has(task.appointmentType));

/**
 * The day's route as it starts: booked field appointments first (they are commitments), then suggested visits in
 * the worklist's priority order, up to the agency's stop limit; the officer adds or drops stops from there.
 */
export function defaultRouteStops(items: readonly TodayItem[], limit: number): Set<string> {
  const candidates = items.filter(chosenByDefault);
  const ordered = [...candidates.filter(isFieldAppointment), ...candidates.filter((item) => !isFieldAppointment(item))];
  return new Set(ordered.slice(0, Math.max(0, limit)).map((item) => item.caseId));
}

const kmPerMile = 1.609344;

/** "12.3 km (7.6 mi)": kilometres as the route is computed, miles as US officers read road signs. */
export const formatDistance = (km: number) => `${km.toFixed(1)} km (${(km / kmPerMile).toFixed(1)} mi)`;
