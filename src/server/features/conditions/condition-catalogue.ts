import type { ConditionKind } from "../../../shared/contract/conditions";

// A starting catalogue modelled on common standard and special conditions; each agency edits its own.
export const defaultConditionCatalogue: { code: string; title: string; kind: ConditionKind; isStandard: boolean }[] = [
  { code: "STD-REPORT", title: "Report to the supervising officer as directed", kind: "standard", isStandard: true },
  { code: "STD-LAWS", title: "Obey all laws", kind: "standard", isStandard: true },
  { code: "STD-RESIDENCE", title: "Live at an approved residence; report changes within 72 hours", kind: "standard", isStandard: true },
  { code: "STD-WEAPONS", title: "Possess no firearms or dangerous weapons", kind: "standard", isStandard: true },
  { code: "STD-SEARCH", title: "Submit to search of person, residence and vehicle", kind: "standard", isStandard: true },
  { code: "CURFEW", title: "Curfew", kind: "curfew", isStandard: false },
  { code: "DRUG-TEST", title: "Drug and alcohol testing", kind: "drug_testing", isStandard: false },
  { code: "TREATMENT", title: "Attend a treatment or counseling program", kind: "treatment", isStandard: false },
  { code: "NO-CONTACT", title: "No contact with a named person", kind: "no_contact", isStandard: false },
  { code: "GEO", title: "Geographic restriction", kind: "geographic_restriction", isStandard: false },
  { code: "WORK-SCHOOL", title: "Employment or school", kind: "employment_education", isStandard: false },
  { code: "COMM-SERVICE", title: "Community service hours", kind: "community_service", isStandard: false },
  { code: "FEES", title: "Supervision fees and restitution", kind: "fees", isStandard: false },
  { code: "EM", title: "Electronic monitoring", kind: "electronic_monitoring", isStandard: false },
  { code: "TRAVEL", title: "Travel restriction", kind: "travel_restriction", isStandard: false },
];
