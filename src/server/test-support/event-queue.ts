// Supervision events delivered in tests: the consumers given, exactly as main.ts registers them, on a job queue the
// test runs by hand (queue.runUntilIdle()).
import { createConsumerRegistry, type EventConsumer, supervisionEventJobs } from "../platform/events/supervision-events";
import { createJobQueue, type JobQueue } from "../platform/jobs";
import type { TestApp } from "./harness";

export function eventQueue(test: TestApp, ...consumers: EventConsumer[]): JobQueue {
  const registry = createConsumerRegistry();
  for (const consumer of consumers) registry.register(consumer);
  return createJobQueue(test.deps, { handlers: supervisionEventJobs(test.db, registry) });
}
