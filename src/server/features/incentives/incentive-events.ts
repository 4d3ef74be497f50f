// The incentives capability as a consumer of supervision events: each achievement (a run of negative tests,
// employment verified, a case-plan goal or a programme completed) asks the case's officer to acknowledge it, a task
// due within a week, so no achievement goes unnoticed; recording an incentive for it closes the task. When the event
// is withdrawn (a goal's step opened again) the task is dismissed with the withdrawal's reason. It runs in the
// delivery's transaction, so each delivery makes or closes its task exactly once.
import { achievementKindLabels, achievementKinds } from "../../../shared/contract/incentives";
import { appendAudit } from "../../platform/audit/audit";
import type { EventConsumer } from "../../platform/events/supervision-events";
import { closeTasksForSource, createTask } from "../tasks/tasks";
import { caseAgency } from "../tasks/tasks.queries";

/** The officer has this many days to acknowledge an achievement. */
export const acknowledgeWithinDays = 7;

/** The task source of an achievement: the event itself. */
export const achievementSource = (eventId: string) => ({ sourceType: "supervision_event", sourceId: eventId });

const system = { actorUserId: null, actorUsername: "system", sessionRef: null, ip: null, userAgent: "incentive event consumer" };

export const incentiveEventConsumer: EventConsumer = {
  name: "incentives",
  kinds: [...achievementKinds],
  async handle(tx, { delivery, event, now }) {
    const kind = event.kind as (typeof achievementKinds)[number];
    if (!achievementKinds.includes(kind)) return;
    let changed: number;
    if (delivery === "raised") {
      const id = await createTask(tx, {
        caseId: event.caseId,
        kind: "acknowledge_achievement",
        owner: { owner: "case_officer" },
        due: { daysAfterSource: acknowledgeWithinDays },
        ...achievementSource(event.id),
        sourceOccurredAt: event.occurredAt,
        by: null,
        now,
      });
      changed = id ? 1 : 0;
    } else {
      changed = await closeTasksForSource(tx, {
        ...achievementSource(event.id),
        kinds: ["acknowledge_achievement"],
        status: "dismissed",
        reason: `${achievementKindLabels[kind]} was withdrawn${event.withdrawnReason ? `: ${event.withdrawnReason}` : ""}`.slice(0, 500),
        by: null,
        now,
      });
    }
    if (changed === 0) return;
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
        details: { kind: "acknowledge_achievement", eventId: event.id },
      },
      now,
    );
  },
};
