// The tasks capability as a consumer of supervision events: a missed appointment, a no-show or a refused contact
// becomes a follow-up for the case's supervising officer, due the day after; when the event is withdrawn (the
// appointment's outcome corrected) the follow-up is dismissed with the withdrawal's reason. It runs in the
// delivery's transaction, so each delivery makes or closes its task exactly once.
import type { TaskKind } from "../../../shared/contract/tasks";
import { appendAudit } from "../../platform/audit/audit";
import type { EventConsumer, SupervisionEventKind } from "../../platform/events/supervision-events";
import { closeTasksForSource, createTask } from "./tasks";
import { caseAgency } from "./tasks.queries";

const followUpKind: Partial<Record<SupervisionEventKind, TaskKind>> = {
  missed_appointment: "missed_appointment_follow_up",
  contact_no_show: "no_show_follow_up",
  contact_refused: "no_show_follow_up",
};

const system = { actorUserId: null, actorUsername: "system", sessionRef: null, ip: null, userAgent: "task event consumer" };

export const taskEventConsumer: EventConsumer = {
  name: "tasks",
  kinds: Object.keys(followUpKind) as SupervisionEventKind[],
  async handle(tx, { delivery, event, now }) {
    const kind = followUpKind[event.kind];
    if (!kind) return;
    const source = { sourceType: "supervision_event", sourceId: event.id };
    let taskCount: number;
    if (delivery === "raised") {
      const id = await createTask(tx, {
        caseId: event.caseId,
        kind,
        owner: { owner: "case_officer" },
        due: { daysAfterSource: 1 },
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
        reason: `The ${event.kind.replaceAll("_", " ")} was withdrawn${event.withdrawnReason ? `: ${event.withdrawnReason}` : ""}`.slice(
          0,
          500,
        ),
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
