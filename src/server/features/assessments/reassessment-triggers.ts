// The assessments capability as a consumer of supervision events: a triggering event (by default a new arrest, a
// condition violation, the loss of housing: instruments/supervision-levels.json) brings the case's next assessment
// forward, to within triggerDueDays of the event, unless it is already due sooner. It runs in the delivery's
// transaction, so each delivery moves the clock once. A withdrawn event leaves the earlier due day as it is: an
// early reassessment does no harm, and the officer may complete it or the next completion sets the clock again.
import { appendAudit } from "../../platform/audit/audit";
import type { EventConsumer, SupervisionEventKind } from "../../platform/events/supervision-events";
import { bringReassessmentForward } from "./assessment-schedule";
import * as queries from "./assessments.queries";
import { type SupervisionLevelRules, shippedInstruments } from "./instruments";

const eventWords: Partial<Record<SupervisionEventKind, string>> = {
  new_arrest: "a new arrest",
  condition_non_compliant: "a condition violation",
  housing_lost: "the loss of housing",
  police_contact: "police contact",
  positive_test: "a positive drug test",
};

const system = { actorUserId: null, actorUsername: "system", sessionRef: null, ip: null, userAgent: "reassessment trigger consumer" };

/** The consumer, with the triggers of the rules given (the shipped file's by default, checked at start-up). */
export function reassessmentTriggerConsumer(rules: SupervisionLevelRules = shippedInstruments().supervision): EventConsumer {
  return {
    name: "reassessment triggers",
    kinds: rules.triggers,
    async handle(tx, { delivery, event, now }) {
      if (delivery !== "raised") return;
      const subject = await queries.caseForScheduling(tx, event.caseId);
      if (subject.status === "closed") return;
      const words = eventWords[event.kind] ?? event.kind.replaceAll("_", " ");
      const dueOn = await bringReassessmentForward(tx, rules, {
        caseId: event.caseId,
        occurredAt: new Date(event.occurredAt),
        timeZone: subject.time_zone,
        reason: `Reassessment brought forward after ${words}`,
        now,
      });
      if (!dueOn) return;
      await appendAudit(
        tx,
        { agencyId: subject.agency_id, ...system },
        {
          action: "assessment.reassessment_triggered",
          outcome: "allowed",
          recordType: "case",
          recordId: event.caseId,
          justification: `supervision event ${event.kind} raised`,
          details: { eventId: event.id, dueOn },
        },
        now,
      );
    },
  };
}
