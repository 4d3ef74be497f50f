import type { z } from "zod";
import type { caseloadTag, caseStatus, riskLevel, supervisionLevel, supervisionType } from "../../shared/contract/cases";
import type { condition } from "../../shared/contract/conditions";
import type { contactOutcome, contactType, standardState } from "../../shared/contract/contacts";
import type { noteType } from "../../shared/contract/notes";
import type { cautionKind } from "../../shared/contract/people";

export type SupervisionLevel = z.infer<typeof supervisionLevel>;
export type RiskLevel = z.infer<typeof riskLevel>;
export type CaseStatus = z.infer<typeof caseStatus>;
export type CaseloadTag = z.infer<typeof caseloadTag>;
export type NoteType = z.infer<typeof noteType>;

/** People-readable labels of the contract's enumerations (the keys are checked against the contract). */
export const levelLabels: Record<SupervisionLevel, string> = {
  intensive: "Intensive",
  high: "High",
  moderate: "Moderate",
  low: "Low",
  administrative: "Administrative",
};

export const riskLabels: Record<RiskLevel, string> = { low: "Low", moderate: "Moderate", high: "High", very_high: "Very high" };

export const statusLabels: Record<CaseStatus, string> = {
  pre_release: "Pre-release",
  active: "Active",
  warrant: "Warrant",
  in_custody: "In custody",
  tolled: "Tolled",
  closed: "Closed",
};

export const tagLabels: Record<CaseloadTag, string> = {
  sex_offense: "Sex offense",
  substance_use: "Substance use",
  mental_health: "Mental health",
  gang: "Gang",
  electronic_monitoring: "Electronic monitoring",
  reentry: "Re-entry",
  employment: "Employment",
  homeless: "Homeless",
  veterans: "Veterans",
  high_risk: "High risk",
};

export const supervisionTypeLabels: Record<z.infer<typeof supervisionType>, string> = { parole: "Parole", probation: "Probation" };

export const cautionLabels: Record<z.infer<typeof cautionKind>, string> = {
  violence: "Violence",
  weapons: "Weapons",
  dog: "Dog",
  residence_hazard: "Residence hazard",
  other: "Other",
};

export const noteTypeLabels: Record<NoteType, string> = {
  contact: "Contact",
  collateral: "Collateral contact",
  office: "Office visit",
  home_visit: "Home visit",
  phone: "Phone call",
  administrative: "Administrative",
  supervisor_review: "Supervisor review",
  motivational_interview: "Motivational interview",
};

export const complianceLabels: Record<z.infer<typeof condition>["compliance"], string> = {
  pending: "Pending",
  compliant: "Compliant",
  non_compliant: "Not compliant",
  not_applicable: "Not applicable",
};

/** Select options from a label map, optionally led by an "any" option with an empty value. */
export function optionsFrom<K extends string>(labels: Record<K, string>, anyLabel?: string): { value: string; label: string }[] {
  const options = (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
  return anyLabel ? [{ value: "", label: anyLabel }, ...options] : options;
}

export const personName = (name: { first: string; middle: string | null; last: string }) =>
  [name.first, name.middle, name.last].filter(Boolean).join(" ");

export const initials = (name: { first: string; last: string }) => `${name.first.charAt(0)}${name.last.charAt(0)}`.toUpperCase();

export type ContactType = z.infer<typeof contactType>;
export type ContactOutcome = z.infer<typeof contactOutcome>;
export type StandardKind = z.infer<typeof standardState>["kind"];
export type StandardStatus = z.infer<typeof standardState>["status"];

export const contactTypeLabels: Record<ContactType, string> = {
  office_visit: "Office visit",
  scheduled_home_visit: "Scheduled home visit",
  unannounced_home_visit: "Unannounced home visit",
  field_visit: "Field visit",
  employment_visit: "Employment visit",
  collateral: "Collateral contact",
  phone: "Phone call",
  video: "Video call",
  remote_checkin: "Remote check-in",
};

export const contactOutcomeLabels: Record<ContactOutcome, string> = {
  completed: "Completed",
  attempted: "Attempted",
  refused: "Refused",
  cancelled: "Cancelled",
  no_show: "No show",
};

export const standardKindLabels: Record<StandardKind, string> = {
  face_to_face: "Face-to-face contacts",
  field: "Field contacts",
  office: "Office visits",
  home_visit: "Home visits",
  collateral: "Collateral contacts",
  employment_verification: "Employment verifications",
  home_verification: "Home verification",
  whereabouts: "Whereabouts check (no fixed address)",
};

export const standardStatusLabels: Record<StandardStatus, string> = {
  met: "Met",
  due: "Due",
  due_soon: "Due soon",
  overdue: "Overdue",
};
