// The one way a capability creates and closes its tasks: in its own transaction, with the change that makes the task
// (a request submitted, a test drawn) or ends it (the request decided, the test recorded), so both commit or neither.
import type { TaskKind } from "../../../shared/contract/tasks";
import { addDays, localDate } from "../../../shared/time/calendar-date";
import type { Queryable } from "../../platform/db/database";
import * as queries from "./tasks.queries";

export type { TaskOwner } from "./tasks.queries";

/**
 * Opens a task on a case. `due` is a calendar date, or a number of days after the source's day in the agency's time
 * zone (0: the same day). Creating a standing task of the same case, source and kind again changes nothing.
 * Answers the new task's id, or null when it already stood. `by` is the user whose change made it (null: the system).
 */
export async function createTask(
  tx: Queryable,
  input: {
    caseId: string;
    kind: TaskKind;
    owner: queries.TaskOwner;
    due: string | { daysAfterSource: number };
    sourceType: string;
    sourceId: string;
    sourceOccurredAt?: Date | string | null;
    by: string | null;
    now: Date;
  },
): Promise<string | null> {
  const dueOn =
    typeof input.due === "string"
      ? input.due
      : addDays(
          localDate(new Date(input.sourceOccurredAt ?? input.now), (await queries.caseAgency(tx, input.caseId)).time_zone),
          input.due.daysAfterSource,
        );
  return queries.insertTask(tx, {
    caseId: input.caseId,
    kind: input.kind,
    owner: input.owner,
    dueOn,
    sourceType: input.sourceType,
    sourceId: input.sourceId,
    sourceOccurredAt: input.sourceOccurredAt ?? null,
    by: input.by,
    now: input.now,
  });
}

/**
 * Closes the standing (open or snoozed) tasks of a source: done when their obligation was met (the request decided),
 * dismissed when it went away (the event withdrawn), with the reason kept in their history. Answers how many.
 */
export async function closeTasksForSource(
  tx: Queryable,
  input: {
    sourceType: string;
    sourceId: string;
    caseId?: string;
    kinds?: readonly TaskKind[];
    status: "done" | "dismissed";
    reason?: string;
    by: string | null;
    now: Date;
  },
): Promise<number> {
  const ids = await queries.closeStandingTasks(tx, {
    sourceType: input.sourceType,
    sourceId: input.sourceId,
    caseId: input.caseId ?? null,
    kinds: input.kinds ?? null,
    status: input.status,
    reason: input.reason ?? null,
    by: input.by,
    now: input.now,
  });
  return ids.length;
}

/** The standing (open or snoozed) tasks a capability made of one kind on some cases: for it to reconcile them. */
export async function standingTasksOfCases(
  tx: Queryable,
  input: { caseIds: readonly string[]; kind: TaskKind; sourceType: string },
): Promise<{ id: string; sourceId: string; dueOn: string }[]> {
  const rows = await queries.standingTasksOfCases(tx, input);
  return rows.map((row) => ({ id: row.id, sourceId: row.source_id, dueOn: row.due_on }));
}

/**
 * createTask for many tasks of one kind at once, each owned by its case's officer and due on a calendar day: for a
 * capability that reconciles many cases in one transaction (the contact standards after a change of the agency's
 * standards, or as periods roll over). Standing ones are not made twice. Answers the new tasks' ids.
 */
export async function createCaseOfficerTasks(
  tx: Queryable,
  input: {
    kind: TaskKind;
    sourceType: string;
    tasks: readonly { caseId: string; sourceId: string; dueOn: string }[];
    by: string | null;
    now: Date;
  },
): Promise<string[]> {
  return queries.insertCaseOfficerTasks(tx, input);
}

/** closeTasksForSource for many sources of one type at once, with one reason. Answers how many were closed. */
export async function closeTasksForSources(
  tx: Queryable,
  input: {
    sourceType: string;
    sourceIds: readonly string[];
    kind: TaskKind;
    status: "done" | "dismissed";
    reason: string;
    by: string | null;
    now: Date;
  },
): Promise<number> {
  return (await queries.closeStandingTasksOfSources(tx, input)).length;
}
