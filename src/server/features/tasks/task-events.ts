// The tasks capability as a consumer of supervision events: a missed appointment, a no-show or a refused contact
// becomes a follow-up for the case's supervising officer, due that day (so it is on their Today list at once); when
// the event is withdrawn (the appointment's outcome corrected) the follow-up is dismissed with the withdrawal's
// reason. It runs in the delivery's transaction, so each delivery makes or closes its task exactly once.
//
// Registered on a system that already has events (an upgrade, or a database whose events were raised before this
// consumer ran), it is given the standing events of the last followUpBackfillDays before its start: a missed
// appointment of last week still wants its follow-up; one of last year is history, not today's work.
import type { TaskKind } from "../../../shared/contract/tasks";
import { appendAudit } from "../../platform/audit/audit";
import type { EventConsumer, SupervisionEventKind } from "../../platform/events/supervision-events";
import { closeTasksForSource, createTask } from "./tasks";
import { caseAgency } from "./tasks.queries";

/** The follow-up each event kind asks for, and the event in words for a withdrawal's reason. */
const followUps: Partial<Record<SupervisionEventKind, { kind: TaskKind; words: string }>> = {
  missed_appointment: { kind: "missed_appointment_follow_up", words: "missed appointment" },
  contact_no_show: { kind: "no_show_follow_up", words: "no-show" },
  contact_refused: { kind: "no_show_follow_up", words: "refused contact" },
};

const system = { actorUserId: null, actorUsername: "system", sessionRef: null, ip: null, userAgent: "task event consumer" };

/** How far back, from its start, the follow-up consumer takes the events raised before it was registered. */
export const followUpBackfillDays = 30;

/** The consumer as main.ts registers it on an instance started at `startedAt`, with its backfill start point. */
export function taskEventConsumerStartedAt(startedAt: Date): EventConsumer {
  return { ...taskEventConsumer, backfillFrom: new Date(startedAt.getTime() - followUpBackfillDays * 86_400_000) };
}

export const taskEventConsumer: EventConsumer = {
  name: "tasks",
  kinds: Object.keys(followUps) as SupervisionEventKind[],
  async handle(tx, { delivery, event, now }) {
    const followUp = followUps[event.kind];
    if (!followUp) return;
    const { kind } = followUp;
    const source = { sourceType: "supervision_event", sourceId: event.id };
    let taskCount: number;
    if (delivery === "raised") {
      const id = await createTask(tx, {
        caseId: event.caseId,
        kind,
        owner: { owner: "case_officer" },
        due: { daysAfterSource: 0 },
        ...source,
        sourceOccurredAt: event.occurredAt,
        by: null,
        now,
      });
      taskCount = id ? 1 : 0;
    } else {
      taskCount = await closeTasksForSource(tx, {
        ...source,
        status: "dismissed",
        reason: `The ${followUp.words} was withdrawn${event.withdrawnReason ? `: ${event.withdrawnReason}` : ""}`.slice(0, 500),
        by: null,
        now,
      });
    }
    if (taskCount === 0) return;
    const { agency_id: agencyId } = await caseAgency(tx, event.caseId);
    await appendAudit(
      tx,
      { agencyId, ...system },
      {
        action: delivery === "raised" ? "task.created" : "task.dismissed",
        outcome: "allowed",
        recordType: "case",
        recordId: event.caseId,
        justification: `supervision event ${event.kind} ${delivery}`,
        details: { kind, eventId: event.id },
      },
      now,
    );
  },
};
