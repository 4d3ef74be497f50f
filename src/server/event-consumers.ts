// The capabilities of this build that act on supervision events, as every instance registers them at start-up
// (main.ts). Each declares where its backfill starts (EventConsumer.backfillFrom), so a consumer added to a running
// system is given the standing events from a defined point instead of only those raised after it was deployed;
// event-consumers.test.ts holds every consumer here to that.
import { reassessmentTriggerConsumer } from "./features/assessments/reassessment-triggers";
import { incentiveEventConsumer } from "./features/incentives/incentive-events";
import { taskEventConsumerStartedAt } from "./features/tasks/task-events";
import { violationEventConsumer } from "./features/violations/violation-events";
import type { ConsumerRegistry, EventConsumer } from "./platform/events/supervision-events";

/**
 * When first deployed, non-compliance of the last 30 days becomes a violation, a triggering event of the last 30
 * days brings the reassessment forward, and an achievement of the last 30 days asks to be acknowledged; older events
 * need none of these now.
 */
const recentDays = 30;

/** The production consumers on an instance started at `startedAt`. */
export function productionEventConsumers(startedAt: Date): EventConsumer[] {
  const recent = new Date(startedAt.getTime() - recentDays * 86_400_000);
  return [
    taskEventConsumerStartedAt(startedAt),
    { ...violationEventConsumer, backfillFrom: recent },
    { ...reassessmentTriggerConsumer(), backfillFrom: recent },
    // Achievements of the last 30 days still want acknowledging; older ones are history.
    { ...incentiveEventConsumer, backfillFrom: recent },
  ];
}

export function registerEventConsumers(registry: ConsumerRegistry, startedAt: Date): void {
  for (const consumer of productionEventConsumers(startedAt)) registry.register(consumer);
}
