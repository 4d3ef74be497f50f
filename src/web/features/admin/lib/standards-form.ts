import { type SupervisionLevel, standardKindLabels } from "../../../lib/supervision-labels";
import type { RequirementRule } from "../api/contact-standards";

export type Row = {
  supervisionLevel: SupervisionLevel;
  caseloadTag: string;
  kind: RequirementRule["kind"];
  count: string;
  periodMonths: string;
};
export type Values = { requirements: Row[]; homeVerificationDays: string; dueSoonDays: string; timeZone: string };

export const kindOptions = [
  { value: "face_to_face", label: standardKindLabels.face_to_face },
  { value: "field", label: standardKindLabels.field },
  { value: "office", label: standardKindLabels.office },
  { value: "home_visit", label: standardKindLabels.home_visit },
  { value: "collateral", label: standardKindLabels.collateral },
  { value: "employment_verification", label: standardKindLabels.employment_verification },
];
export const periodOptions = [
  { value: "1", label: "1 month" },
  { value: "2", label: "2 months" },
  { value: "3", label: "3 months" },
];

export const rowFrom = (rule: RequirementRule): Row => ({
  supervisionLevel: rule.supervisionLevel,
  caseloadTag: rule.caseloadTag ?? "",
  kind: rule.kind,
  count: String(rule.count),
  periodMonths: String(rule.periodMonths),
});

/** A whole number typed in a text field becomes a number; anything else stays text for the schema to refuse. */
const wholeOrText = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text);

/** The form's text fields as the request: counts, periods and days as numbers, "any tag" as null (blank). */
export const standardsRequest = (values: Values) => ({
  requirements: values.requirements.map((row) => ({
    ...row,
    count: wholeOrText(row.count),
    periodMonths: wholeOrText(row.periodMonths),
  })),
  homeVerificationDays: wholeOrText(values.homeVerificationDays),
  dueSoonDays: wholeOrText(values.dueSoonDays),
  timeZone: values.timeZone.trim(),
});

export const rowLimit = 100;
const rowFields = ["supervisionLevel", "caseloadTag", "kind", "count", "periodMonths"] as const;
const rowPaths = Array.from({ length: rowLimit }, (_, index) => rowFields.map((field) => `requirements.${index}.${field}`)).flat();

export const standardsMessages: Record<string, string> = {
  requirements: "Add at least one requirement",
  homeVerificationDays: "Enter a whole number of days from 1 to 90",
  dueSoonDays: "Enter a whole number of days from 0 to 31",
  timeZone: "Enter the agency's time zone, such as America/New_York",
  ...Object.fromEntries(rowPaths.filter((path) => path.endsWith(".count")).map((path) => [path, "Enter a whole number from 1 to 31"])),
};
// The server names a row's field by its index, as the form does.
export const standardsFieldAliases = Object.fromEntries(rowPaths.map((path) => [path, path]));
