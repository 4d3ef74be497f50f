import type { Client } from "./harness";

/**
 * General risk/needs answers, hand-worked on 2026-03-02: 3 prior arrests (2) + violent (1) + age 30 (1) + unemployed
 * (1) = 5, low. The items that score, then every other required item (in the instrument's order).
 */
export const lowRiskScored = { prior_arrests: 3, violent_offense: true, date_of_birth: "1996-01-10", unemployed: true };
export const lowRiskRest = {
  varied_offending: false,
  supervision_failure: false,
  institutional_misconduct: false,
  education: "high_school_or_ged",
  unstable_work_history: false,
  alcohol_problem: false,
  drug_problem: false,
  relationship_status: "married_or_partnered",
  unstable_family: false,
  lacks_prosocial_support: false,
  attitude_to_change: "engaged",
};
/** Every required item, total 5: low. */
export const lowRiskAnswers = { ...lowRiskScored, ...lowRiskRest };

/**
 * A completed general risk/needs assessment, hand-worked on 2026-03-02: prior arrests 3 (2) + violent (1) + age 30 (1)
 * + unemployed (1) + unstable work (1) + drug problem (1) = 7, low/moderate → risk moderate. Needs flagged: education
 * and employment (2 of 3) before substance abuse (1 of 2); strength: a supportive person. The browser journeys give
 * the same answers with their person's date of birth.
 */
export const moderateRiskAnswers = {
  prior_arrests: 3,
  violent_offense: true,
  date_of_birth: "1996-01-10",
  unemployed: true,
  unstable_work_history: true,
  drug_problem: true,
  supportive_person: true,
  varied_offending: false,
  supervision_failure: false,
  institutional_misconduct: false,
  education: "high_school_or_ged",
  alcohol_problem: false,
  relationship_status: "married_or_partnered",
  unstable_family: false,
  lacks_prosocial_support: false,
  attitude_to_change: "engaged",
};

/** Starts, answers ({@link moderateRiskAnswers}) and completes that assessment for a case; returns its id. */
export async function completedAssessment(client: Client, caseId: string): Promise<string> {
  const started = await client.post(`/api/v1/cases/${caseId}/assessments`, { instrumentId: "general_risk_needs" });
  if (started.statusCode !== 201) throw new Error(started.body);
  const id = started.json().id as string;
  const saved = await client.put(`/api/v1/assessments/${id}/answers`, { answers: moderateRiskAnswers, expectedVersion: 1 });
  if (saved.statusCode !== 200) throw new Error(saved.body);
  const completed = await client.post(`/api/v1/assessments/${id}/complete`, { expectedVersion: 2 });
  if (completed.statusCode !== 200) throw new Error(completed.body);
  return id;
}
