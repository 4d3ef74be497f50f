// The enforcement decision an officer takes while recording a missed appointment or a failed contact (issue 13 §3,
// after the UK probation service's appointment-outcome flow): no action with a reason, a warning, a response from the
// matrix, or a decision pending the person's explanation by a deadline. It runs in the outcome's own transaction: the
// violation the outcome's events make is made at once (the consumer's later delivery finds it and does nothing), so
// the outcome, the violation, the decision, its response and tasks are written together or not at all.
import type { EnforcementBody } from "../../../shared/contract/violations";
import { localDate } from "../../../shared/time/calendar-date";
import type { Queryable } from "../../platform/db/database";
import { badRequest, conflict } from "../../platform/errors";
import type { SupervisionEvent } from "../../platform/events/supervision-events";
import { createTask } from "../tasks/tasks";
import { type Actor, checkDueDay, chooseResponse } from "./responses";
import { violationEventConsumer } from "./violation-events";
import { loadSettings } from "./violations";
import * as queries from "./violations.queries";

const field = (name: string) => `enforcement.${name}`;

/** What each decision needs, checked before anything is written (400 naming the field). */
export function checkEnforcementInput(input: EnforcementBody): void {
  const missing = (name: string, sentence: string) => {
    throw badRequest(sentence, [{ field: field(name), message: sentence }]);
  };
  switch (input.decision) {
    case "no_action":
      if (!input.reason) missing("reason", "Give the reason for taking no action");
      break;
    case "matrix_response":
      if (!input.response) missing("response", "Choose the response");
      if (!input.dueOn) missing("dueOn", "Give the day the response is due");
      break;
    case "pending_explanation":
      if (!input.explanationDueOn) missing("explanationDueOn", "Give the day the person's explanation is due");
      break;
    case "warning":
      break;
  }
}

/**
 * Records the decision on the violation the outcome's events make (made here, in this transaction). `events` are
 * those the outcome raised, all of one episode (the missed appointment and the contact it was recorded with).
 */
export async function recordEnforcement(
  tx: Queryable,
  input: {
    caseId: string;
    contactId: string;
    appointmentId: string | null;
    events: SupervisionEvent[];
    decision: EnforcementBody;
    actor: Actor;
    now: Date;
  },
): Promise<{ decisionId: string; violationId: string }> {
  const { decision, actor, now } = input;
  if (input.events.length === 0)
    throw badRequest("An enforcement decision is taken on a missed appointment or a failed contact (no-show or refused).", [
      { field: field("decision"), message: "the outcome is not a missed appointment or failed contact" },
    ]);
  for (const event of input.events) await violationEventConsumer.handle(tx, { delivery: "raised", event, now });
  const violationId = await queries.findViolationOfEvent(tx, input.events[0]!.id);
  if (!violationId) throw conflict("The outcome made no violation to decide on.", [{ field: field("decision"), message: "no violation" }]);
  const violation = (await queries.lockViolation(tx, violationId))!;
  const facts = (await queries.findCaseFacts(tx, input.caseId))!;
  if (facts.status === "closed")
    throw conflict("The case is closed: violations and responses are not recorded on a closed case.", [
      { field: "caseId", message: "case closed" },
    ]);
  const today = localDate(now, facts.time_zone);
  let responseId: string | null = null;
  let explanationDueOn: string | null = null;
  switch (decision.decision) {
    case "no_action":
      await queries.setViolationState(tx, violationId, {
        status: "addressed",
        statusReason: `No action: ${decision.reason}`.slice(0, 500),
        severity: violation.severity,
        by: actor.userId,
        now,
      });
      break;
    case "warning":
    case "matrix_response": {
      const settings = await loadSettings(tx, facts.agency_id);
      // A warning is a written warning letter, due today, under the same matrix rules as any response.
      const response = decision.decision === "warning" ? "written_warning" : decision.response!;
      ({ responseId } = await chooseResponse(tx, {
        violation,
        facts,
        settings,
        response,
        dueOn: decision.decision === "warning" ? (decision.dueOn ?? today) : decision.dueOn!,
        departureReason: decision.departureReason,
        note: decision.note,
        effect: decision.effect,
        prefix: "enforcement.",
        actor,
        now,
      }));
      break;
    }
    case "pending_explanation":
      explanationDueOn = decision.explanationDueOn!;
      checkDueDay(explanationDueOn, today, field("explanationDueOn"));
      break;
  }
  const decisionId = await queries.insertEnforcementDecision(tx, {
    caseId: input.caseId,
    contactId: input.contactId,
    appointmentId: input.appointmentId,
    decision: decision.decision,
    reason: decision.decision === "no_action" ? decision.reason! : decision.note || null,
    violationId,
    responseId,
    explanationDueOn,
    by: actor.userId,
    now,
  });
  if (explanationDueOn) {
    await createTask(tx, {
      caseId: input.caseId,
      kind: "explanation_due",
      owner: { owner: "case_officer" },
      due: explanationDueOn,
      sourceType: "enforcement_decision",
      sourceId: decisionId,
      sourceOccurredAt: now,
      by: actor.userId,
      now,
    });
  }
  return { decisionId, violationId };
}
