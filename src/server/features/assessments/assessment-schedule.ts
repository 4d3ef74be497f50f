// When the next assessment of a case is due, as one task of kind assessment_due per case (its source is the case, so
// a case never has two standing): the first within N working days of the supervision start, the next some months
// after each completed risk/needs assessment (by the level it leaves the case at), and sooner after a triggering
// supervision event (a new arrest, a violation, the loss of housing). Overdue is the same task past its due day.
import { addDays, localDate } from "../../../shared/time/calendar-date";
import type { Queryable } from "../../platform/db/database";
import { closeTasksForSource, createTask, standingTasksOfCases } from "../tasks/tasks";
import type { SupervisionLevelRules } from "./instruments";
import { addWorkingDays } from "./working-days";

/** The assessment-due task's source: the case itself (one standing task per case). */
export const assessmentScheduleSource = "assessment_schedule";

/** A calendar date this many months later; the 31st becomes the month's last day when the month is shorter. */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const day = Number(date.slice(8, 10));
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

async function standingDue(tx: Queryable, caseId: string) {
  const [standing] = await standingTasksOfCases(tx, { caseIds: [caseId], kind: "assessment_due", sourceType: assessmentScheduleSource });
  return standing;
}

/** Makes the case's assessment due on a day, replacing a standing one (closed with the reason given). */
async function setDue(
  tx: Queryable,
  input: { caseId: string; dueOn: string; closeAs: "done" | "dismissed"; reason: string; by: string | null; now: Date },
): Promise<void> {
  await closeTasksForSource(tx, {
    sourceType: assessmentScheduleSource,
    sourceId: input.caseId,
    kinds: ["assessment_due"],
    status: input.closeAs,
    reason: input.reason,
    by: input.by,
    now: input.now,
  });
  await createTask(tx, {
    caseId: input.caseId,
    kind: "assessment_due",
    owner: { owner: "case_officer" },
    due: input.dueOn,
    sourceType: assessmentScheduleSource,
    sourceId: input.caseId,
    sourceOccurredAt: input.now,
    by: input.by,
    now: input.now,
  });
}

/** At intake: the first assessment is due within the configured working days of the supervision start. */
export async function scheduleInitialAssessment(
  tx: Queryable,
  rules: SupervisionLevelRules,
  input: { caseId: string; supervisionStart: string; by: string | null; now: Date },
): Promise<void> {
  await setDue(tx, {
    caseId: input.caseId,
    dueOn: addWorkingDays(input.supervisionStart, rules.initialAssessmentWorkingDays, rules.closedDays),
    closeAs: "dismissed",
    reason: "Replaced",
    by: input.by,
    now: input.now,
  });
}

/** After a completed risk/needs assessment (or an approved override): the next is due by the case's level. */
export async function scheduleReassessment(
  tx: Queryable,
  rules: SupervisionLevelRules,
  input: { caseId: string; assessedOn: string; level: keyof SupervisionLevelRules["reassessmentMonths"]; by: string | null; now: Date },
): Promise<string> {
  const dueOn = addMonths(input.assessedOn, rules.reassessmentMonths[input.level]);
  await setDue(tx, { caseId: input.caseId, dueOn, closeAs: "done", reason: "Assessment completed", by: input.by, now: input.now });
  return dueOn;
}

/**
 * A triggering event: the reassessment is due within triggerDueDays of the event, unless one is already due sooner.
 * Answers the new due day, or null when nothing changed.
 */
export async function bringReassessmentForward(
  tx: Queryable,
  rules: SupervisionLevelRules,
  input: { caseId: string; occurredAt: Date; timeZone: string; reason: string; now: Date },
): Promise<string | null> {
  const dueOn = addDays(localDate(input.occurredAt, input.timeZone), rules.triggerDueDays);
  const standing = await standingDue(tx, input.caseId);
  if (standing && standing.dueOn <= dueOn) return null;
  await setDue(tx, { caseId: input.caseId, dueOn, closeAs: "dismissed", reason: input.reason, by: null, now: input.now });
  return dueOn;
}

/** The day the case's next assessment is due, or null. */
export async function assessmentDueOn(tx: Queryable, caseId: string): Promise<string | null> {
  return (await standingDue(tx, caseId))?.dueOn ?? null;
}
