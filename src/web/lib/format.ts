import type { VisitReason } from "../../shared/contract/today";
import { weekdayNames } from "../../shared/time/calendar-date";

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : "—");

export const roleLabels = { officer: "Officer", supervisor: "Supervisor", admin: "Administrator", auditor: "Auditor" } as const;

const dateOnly = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

/** A calendar date (YYYY-MM-DD from the API), shown without shifting it into the local time zone. */
export const formatDate = (isoDate: string | null | undefined): string =>
  isoDate ? dateOnly.format(new Date(`${isoDate}T00:00:00Z`)) : "—";

/** A span of calendar dates, e.g. a contact-standard period: "Dec 1, 2026 – Dec 31, 2026". */
export const formatDateRange = (startDate: string, endDate: string): string => `${formatDate(startDate)} – ${formatDate(endDate)}`;

// Substances are stored as lower-case codes ("thc", "mdma"); people read names.
const substanceNames: Record<string, string> = {
  thc: "THC (cannabis)",
  mdma: "MDMA",
  pcp: "PCP",
  lsd: "LSD",
  etg: "EtG (alcohol)",
  benzodiazepines: "Benzodiazepines",
};

/** A substance code as people read it: "thc" → "THC (cannabis)", "cocaine" → "Cocaine". */
export const formatSubstance = (code: string): string =>
  substanceNames[code] ?? code.charAt(0).toUpperCase() + code.slice(1).replaceAll("_", " ");

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** An amount kept in cents, as dollars: 3000 → "$30.00". */
export const formatCents = (cents: number): string => money.format(cents / 100);

/** A condition's parameters in words: "Amount: $30.00; Frequency: monthly", dates and amounts formatted, never raw keys. */
export function formatConditionParameters(parameters: Record<string, unknown>): string {
  const entries = Object.entries(parameters);
  if (entries.length === 0) return "—";
  return entries
    .map(([key, value]) => {
      if (key.endsWith("Cents") && typeof value === "number") return `${labelOf(key.slice(0, -"Cents".length))}: ${formatCents(value)}`;
      if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${labelOf(key)}: ${formatDate(value)}`;
      if (typeof value === "boolean") return `${labelOf(key)}: ${value ? "yes" : "no"}`;
      // Option codes (weekdays, frequencies) in words; free text (times, names) as written.
      const inWords = (item: unknown) => (typeof item === "string" && /^[a-z_]+$/.test(item) ? labelOfOption(item) : String(item));
      return `${labelOf(key)}: ${Array.isArray(value) ? value.map(inWords).join(", ") : inWords(value)}`;
    })
    .join("; ");
}

/** "hoursPerWeek" → "Hours per week". */
export const labelOf = (key: string) => {
  const words = key.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** An option's code in words: "twice_monthly" → "Twice monthly", "fri" → "Friday", "gps" → "GPS". */
export const labelOfOption = (value: string) =>
  weekdayNames[value] ?? (value === "gps" ? "GPS" : value.charAt(0).toUpperCase() + value.slice(1).replaceAll("_", " "));

const counted = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
const dueText = (dueBy: string, daysLeft: number) =>
  daysLeft === 0 ? "due today" : `due by ${formatDate(dueBy)} (${counted(daysLeft, "day")} left)`;

/** Why an unannounced visit is suggested, in the officer's words, from the API's facts. */
export function formatVisitReason(reason: VisitReason): string {
  switch (reason.kind) {
    case "field_contact_overdue":
      return `Field contact overdue since ${formatDate(reason.dueBy)}`;
    case "field_contacts_needed":
      return `${counted(reason.required - reason.done, "field contact")} still needed this period (${reason.done} of ${reason.required} done), ${dueText(reason.dueBy, reason.daysLeft)}`;
    case "home_verification_overdue":
      return `Home address not verified; it was due ${formatDate(reason.dueBy)}`;
    case "home_verification_due":
      return `Home address (moved in ${formatDate(reason.movedIn)}) not yet verified, ${dueText(reason.dueBy, reason.daysLeft)}`;
  }
}

export const formatVisitReasons = (reasons: readonly VisitReason[]): string => reasons.map(formatVisitReason).join(". ");
