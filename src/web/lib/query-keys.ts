import type { z } from "zod";
import type { caseloadQuery } from "../../shared/contract/caseload";

/**
 * The query keys of data that more than one module reads or invalidates (recording a contact refreshes the
 * caseload, the notes and the appointments). Features import them from here, never from each other's API
 * modules, so invalidation needs no import between features and no cycle.
 */

/** The caseload filters the page can set (paging is handled by the query). */
export type CaseloadFilters = Omit<z.input<typeof caseloadQuery>, "cursor" | "limit">;

export const caseloadKeys = {
  all: ["caseload"] as const,
  list: (filters: CaseloadFilters) => [...caseloadKeys.all, "list", filters] as const,
};

export const personKeys = {
  all: ["people"] as const,
  detail: (id: string) => [...personKeys.all, "detail", id] as const,
};

export const noteKeys = {
  all: ["notes"] as const,
  ofCase: (caseId: string) => [...noteKeys.all, "case", caseId] as const,
  search: (q: string) => [...noteKeys.all, "search", q] as const,
};

export const contactKeys = {
  all: ["contacts"] as const,
  ofCase: (caseId: string) => [...contactKeys.all, "case", caseId] as const,
  standards: (caseId: string) => [...contactKeys.all, "standards", caseId] as const,
};

export const appointmentKeys = {
  all: ["appointments"] as const,
  calendar: (officerId: string | undefined, from: string, to: string) =>
    [...appointmentKeys.all, "calendar", officerId ?? "me", from, to] as const,
  ofCase: (caseId: string, upcoming: boolean) => [...appointmentKeys.all, "case", caseId, upcoming ? "upcoming" : "all"] as const,
};

export const notificationKeys = {
  all: ["notifications"] as const,
  list: () => [...notificationKeys.all, "list"] as const,
  preferences: () => [...notificationKeys.all, "preferences"] as const,
  deadLetters: () => [...notificationKeys.all, "dead-letters"] as const,
};

export const unitKeys = { all: ["admin", "units"] as const, list: () => [...unitKeys.all, "list"] as const };

export const userKeys = {
  all: ["admin", "users"] as const,
  list: (unitId: string | null) => [...userKeys.all, "list", unitId ?? "all"] as const,
  detail: (id: string) => [...userKeys.all, "detail", id] as const,
};

/** The Today list's days (see features/today/api/today.ts). */
export const todayKeys = {
  all: ["today"] as const,
  /** `null` is "today" as the server counts it (in the agency's time zone). */
  day: (date: string | null) => [...todayKeys.all, "day", date] as const,
};

export const taskKeys = {
  all: ["tasks"] as const,
  mine: () => [...taskKeys.all, "mine"] as const,
  unit: () => [...taskKeys.all, "unit"] as const,
  ofCase: (caseId: string) => [...taskKeys.all, "case", caseId] as const,
};

/** A case's plan (the person page's Case plan section) and the level review list, both changed by plan and level changes. */
export const casePlanKeys = {
  all: ["case-plans"] as const,
  ofCase: (caseId: string) => [...casePlanKeys.all, "case", caseId] as const,
};

/** Self-reported race and ethnicity (read on request) and the supervisors' fairness report. */
export const fairnessKeys = {
  all: ["fairness"] as const,
  raceEthnicity: (personId: string) => [...fairnessKeys.all, "race-ethnicity", personId] as const,
  report: (query: { dimension: string; from: string; to: string }) => [...fairnessKeys.all, "report", query] as const,
};

export const levelReviewKeys = {
  all: ["level-reviews"] as const,
  list: (officerId: string | null) => [...levelReviewKeys.all, "list", officerId ?? "all"] as const,
};

/** A case's assessments (the person page's section and its level-change banner) and single assessments. */
export const assessmentKeys = {
  all: ["assessments"] as const,
  ofCase: (caseId: string) => [...assessmentKeys.all, "case", caseId] as const,
  detail: (id: string) => [...assessmentKeys.all, "detail", id] as const,
  instrument: (id: string, version: number) => [...assessmentKeys.all, "instrument", id, version] as const,
};

/** Violations and responses: also refreshed by a contact recorded with its enforcement decision. */
export const violationKeys = {
  all: ["violations"] as const,
  ofCase: (caseId: string) => [...violationKeys.all, "case", caseId] as const,
  settings: () => [...violationKeys.all, "settings"] as const,
  letter: (id: string) => [...violationKeys.all, "letter", id] as const,
};

/** A case's crises: its section and the person page's banner; an assessment's crisis flag opens one. */
export const crisisKeys = {
  all: ["crises"] as const,
  ofCase: (caseId: string) => [...crisisKeys.all, "case", caseId] as const,
  settings: () => [...crisisKeys.all, "settings"] as const,
};

/** Monitoring alerts: the queue (caseload or unit), a case's alerts and suspensions, the supervisor's report. */
export const alertKeys = {
  all: ["monitoring-alerts"] as const,
  queue: (filters: Record<string, string | undefined>) => [...alertKeys.all, "queue", filters] as const,
  ofCase: (caseId: string) => [...alertKeys.all, "case", caseId] as const,
  report: (from: string, to: string) => [...alertKeys.all, "report", from, to] as const,
};
