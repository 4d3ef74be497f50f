// Choosing a response and putting it into effect, shared by the Violations section (respond, approve) and the
// enforcement decision made while an outcome is recorded. A response that changes supervision acts through what
// exists: a higher level through the level history (applyCaseLevels), a curfew through a condition version, a
// written warning through a generated letter. Each response has its own due day and task.
import type { z } from "zod";
import type { riskLevel, supervisionLevel } from "../../../shared/contract/cases";
import { levelOrder } from "../../../shared/contract/level-review";
import {
  type ResponseEffect,
  type ResponseKind,
  type responseApplied,
  responseKindInfo,
  violationTypeLabels,
} from "../../../shared/contract/violations";
import { addDays, localDate } from "../../../shared/time/calendar-date";
import type { Queryable } from "../../platform/db/database";
import { badRequest } from "../../platform/errors";
import { applyCaseLevels } from "../cases/case-levels";
import { imposeCondition } from "../conditions/imposed-conditions";
import { createTask } from "../tasks/tasks";
import { crossedClocks, loadEscalationClocks } from "./escalation-clocks";
import { cellFor } from "./response-matrix";
import { type AgencyViolationSettings, settleExplanationsDue } from "./violations";
import * as queries from "./violations.queries";

type RiskLevel = z.infer<typeof riskLevel>;
type Level = z.infer<typeof supervisionLevel>;
type ResponseApplied = z.infer<typeof responseApplied>;

/** A supervisor has this long to approve a departure or a response to the authority. */
const approvalDueDays = 2;
/** A response is due within this many days at most; later, it is not a response to this violation. */
export const maxResponseDays = 180;

/** The matrix column of a case: its risk level, moderate when none is recorded yet (said so in the answer). */
export const riskColumn = (risk: string | null): RiskLevel => (risk as RiskLevel | null) ?? "moderate";

export type Actor = { userId: string; displayName: string };

/** Checks the day a response (or an explanation) is due: not past, not beyond maxResponseDays. */
export function checkDueDay(day: string, today: string, field: string): void {
  if (day < today) throw badRequest("The due day has passed.", [{ field, message: "in the past" }]);
  if (day > addDays(today, maxResponseDays))
    throw badRequest(`A response is due within ${maxResponseDays} days.`, [{ field, message: "too far ahead" }]);
}

/** What a response that changes supervision needs set with it (400 naming the field); other responses take none. */
function checkEffect(
  response: ResponseKind,
  effect: ResponseEffect | undefined,
  currentLevel: string,
  prefix: string,
): ResponseEffect | null {
  if (response === "supervision_level_increase") {
    const level = effect?.supervisionLevel;
    if (!level)
      throw badRequest("Choose the higher supervision level the response sets.", [
        { field: `${prefix}effect.supervisionLevel`, message: "required for a higher supervision level" },
      ]);
    if (levelOrder.indexOf(level) <= levelOrder.indexOf(currentLevel as Level))
      throw badRequest(`The level must be higher than the case's current level (${currentLevel}).`, [
        { field: `${prefix}effect.supervisionLevel`, message: "not higher than the current level" },
      ]);
    return { supervisionLevel: level };
  }
  if (response === "curfew") {
    if (!effect?.curfew)
      throw badRequest("Give the curfew's hours.", [{ field: `${prefix}effect.curfew`, message: "required for a curfew" }]);
    return { curfew: effect.curfew };
  }
  return null;
}

/**
 * Chooses a response for a locked, open violation: in the matrix's cell, or a departure with its reason (400 without).
 * A departure, and anything that goes to the authority, awaits a supervisor's approval (a task of the unit's
 * supervisors); otherwise it is in effect at once (its effect applied) and to carry out by its due day (a task of the
 * case's officer). `prefix` names the fields of a request that nests the response (`enforcement.`).
 */
export async function chooseResponse(
  tx: Queryable,
  input: {
    violation: queries.ViolationRow;
    facts: queries.CaseFacts;
    settings: AgencyViolationSettings;
    response: ResponseKind;
    dueOn: string;
    departureReason?: string | undefined;
    note?: string | undefined;
    effect?: ResponseEffect | undefined;
    prefix?: string;
    actor: Actor;
    now: Date;
  },
): Promise<{ responseId: string; withinMatrix: boolean; crossedClocks: string[] }> {
  const { violation, facts, settings, actor, now } = input;
  const prefix = input.prefix ?? "";
  const risk = riskColumn(facts.risk_level);
  const withinMatrix = cellFor(settings.matrix.rows, violation.severity, risk).includes(input.response);
  if (!withinMatrix && !input.departureReason) {
    throw badRequest(
      `${responseKindInfo[input.response].label} is not in the matrix for a ${violation.severity} severity violation at ${risk.replace("_", " ")} risk: give the reason for departing from it.`,
      [{ field: `${prefix}departureReason`, message: "required outside the matrix" }],
    );
  }
  const today = localDate(now, facts.time_zone);
  checkDueDay(input.dueOn, today, `${prefix}dueOn`);
  const effect = checkEffect(input.response, input.effect, facts.supervision_level, prefix);
  const needsApproval = !withinMatrix || responseKindInfo[input.response].goesToAuthority;
  const responseId = await queries.insertResponse(tx, {
    violationId: violation.id,
    caseId: violation.case_id,
    response: input.response,
    withinMatrix,
    departureReason: withinMatrix ? null : (input.departureReason ?? null),
    note: input.note ?? null,
    dueOn: input.dueOn,
    needsApproval,
    effect,
    by: actor.userId,
    now,
  });
  const source = { sourceType: "violation_response", sourceId: responseId, sourceOccurredAt: now, by: actor.userId, now };
  const task = needsApproval
    ? ({ kind: "response_approval_requested", owner: { owner: "unit_supervisors" }, due: addDays(today, approvalDueDays) } as const)
    : ({ kind: "violation_response_due", owner: { owner: "case_officer" }, due: input.dueOn } as const);
  await createTask(tx, { caseId: violation.case_id, ...task, ...source });
  // The agency's escalation clocks: a response that brings a count to its threshold asks the supervisors to review.
  const earlier = (await queries.countedResponsesOfCase(tx, violation.case_id, responseId)).map((row) => ({
    kind: row.response,
    day: localDate(new Date(row.proposed_at), facts.time_zone),
  }));
  const crossed = crossedClocks(loadEscalationClocks(), earlier, input.response, today);
  if (crossed.length > 0) {
    await createTask(tx, {
      caseId: violation.case_id,
      kind: "enforcement_escalation",
      owner: { owner: "unit_supervisors" },
      due: addDays(today, approvalDueDays),
      ...source,
    });
  }
  await settleExplanationsDue(tx, { violationId: violation.id, status: "done", reason: "A response was chosen", by: actor.userId, now });
  if (!needsApproval) {
    await applyResponseEffect(tx, { responseId, response: input.response, effect, violation, facts, actor, now });
  }
  return { responseId, withinMatrix, crossedClocks: crossed.map((clock) => clock.label) };
}

/**
 * Puts a response in effect (chosen within the matrix, or approved): what it changes goes through the capability
 * that owns it, in the caller's transaction, and what it did is kept on the response.
 */
export async function applyResponseEffect(
  tx: Queryable,
  input: {
    responseId: string;
    response: ResponseKind;
    effect: ResponseEffect | null;
    violation: queries.ViolationRow;
    facts: queries.CaseFacts;
    actor: Actor;
    now: Date;
  },
): Promise<void> {
  const { violation, facts, actor, now, effect } = input;
  const today = localDate(now, facts.time_zone);
  const what = `${violationTypeLabels[violation.violation_type].toLowerCase()} of ${new Intl.DateTimeFormat("en-US", {
    dateStyle: "medium",
    timeZone: facts.time_zone,
  }).format(new Date(violation.occurred_at))}`;
  let applied: ResponseApplied | null = null;
  switch (input.response) {
    case "supervision_level_increase": {
      const level = effect?.supervisionLevel;
      // Approved after the level rose anyway (an assessment, another response): a response never lowers it.
      if (!level || levelOrder.indexOf(level) <= levelOrder.indexOf(facts.supervision_level as Level)) break;
      const result = await applyCaseLevels(tx, {
        caseId: violation.case_id,
        agencyId: facts.agency_id,
        supervisionLevel: level,
        cause: "violation_response",
        reason: `Violation response: higher supervision level for the ${what}`,
        by: actor.userId,
        now,
      });
      applied = { levelFrom: result.previousLevel as Level, levelTo: level };
      break;
    }
    case "curfew": {
      if (!effect?.curfew) break;
      const { conditionId } = await imposeCondition(tx, {
        caseId: violation.case_id,
        agencyId: facts.agency_id,
        kind: "curfew",
        parameters: effect.curfew,
        from: today,
        orderedBy: `Violation response by ${actor.displayName}`,
        by: actor.userId,
        now,
      });
      applied = { conditionId };
      break;
    }
    case "written_warning": {
      const letterId = await queries.insertWarningLetter(tx, {
        caseId: violation.case_id,
        responseId: input.responseId,
        personName: facts.person_name,
        violationType: violation.violation_type,
        violationOccurredAt: violation.occurred_at,
        response: input.response,
        letterDate: today,
        officerName: actor.displayName,
        agencyName: await queries.findAgencyName(tx, facts.agency_id),
        now,
      });
      applied = { letterId };
      break;
    }
    case "increased_reporting":
      // The contact standards follow the level and the caseload, not a response: the reporting is recorded with it.
      applied = { reportingRecorded: true };
      break;
    default:
      break;
  }
  if (applied) await queries.setResponseApplied(tx, input.responseId, applied, now);
}
