const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : "—");

export const roleLabels = { officer: "Officer", supervisor: "Supervisor", admin: "Administrator", auditor: "Auditor" } as const;

const dateOnly = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

/** A calendar date (YYYY-MM-DD from the API), shown without shifting it into the local time zone. */
export const formatDate = (isoDate: string | null | undefined): string =>
  isoDate ? dateOnly.format(new Date(`${isoDate}T00:00:00Z`)) : "—";

/** A span of calendar dates, e.g. a contact-standard period: "Dec 1, 2026 – Dec 31, 2026". */
export const formatDateRange = (startDate: string, endDate: string): string => `${formatDate(startDate)} – ${formatDate(endDate)}`;
