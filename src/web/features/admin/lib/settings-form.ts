import type { AgencySettings } from "../../../../shared/contract/admin";
import type { FormIssue } from "../../../lib/contract-form";
import type { AgencySettingsInput } from "../api/settings";

const numberFields = [
  "lockoutReleaseMinutes",
  "passwordMaxAgeDays",
  "fieldEscalationMinutes",
  "routeStopLimit",
  "monitoringHomeRadiusMeters",
] as const;
type NumberField = (typeof numberFields)[number];
type Values = Record<NumberField | "dutyContactUserId", string> & {
  missedTestCountsAsPositive: boolean;
  notifyUnitSupervisorOfTests: boolean;
};

/** The settings as the form holds them: numbers as typed text, nothing as blank. */
export const settingsValues = (settings: AgencySettings): Values => ({
  lockoutReleaseMinutes: settings.lockoutReleaseMinutes === null ? "" : String(settings.lockoutReleaseMinutes),
  passwordMaxAgeDays: settings.passwordMaxAgeDays === null ? "" : String(settings.passwordMaxAgeDays),
  fieldEscalationMinutes: String(settings.fieldEscalationMinutes),
  routeStopLimit: String(settings.routeStopLimit),
  monitoringHomeRadiusMeters: String(settings.monitoringHomeRadiusMeters),
  dutyContactUserId: settings.dutyContactUserId ?? "",
  missedTestCountsAsPositive: settings.missedTestCountsAsPositive,
  notifyUnitSupervisorOfTests: settings.notifyUnitSupervisorOfTests,
});

/**
 * Whole numbers become numbers; anything else typed stays text, so the schema refuses it (a number input would turn
 * "ten" into blank, which here means "no limit").
 */
export function settingsRequest(values: Values): Record<string, unknown> {
  const request: Record<string, unknown> = { ...values };
  for (const field of numberFields) {
    const text = values[field].trim();
    request[field] = /^\d+$/.test(text) ? Number(text) : values[field];
  }
  return request;
}

export const settingsMessages = {
  lockoutReleaseMinutes: "Enter a whole number of minutes from 1 to 10,080, or leave empty",
  passwordMaxAgeDays: "Enter a whole number of days from 1 to 3,650, or leave empty",
  fieldEscalationMinutes: "Enter a whole number of minutes from 1 to 240",
  routeStopLimit: "Enter a whole number of stops from 1 to 40",
  monitoringHomeRadiusMeters: "Enter a whole number of metres from 10 to 2,000",
  dutyContactUserId: "Choose an active user of the agency",
};

/** Blank is "unchanged" in the request, but these settings always have a value: the form asks for one. */
export const requiredSettings = (request: AgencySettingsInput): FormIssue[] =>
  (["fieldEscalationMinutes", "routeStopLimit", "monitoringHomeRadiusMeters"] as const)
    .filter((field) => request[field] === undefined)
    .map((field) => ({ field, message: settingsMessages[field] }));
