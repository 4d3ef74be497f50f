// The one way a capability creates and closes its tasks: in its own transaction, with the change that makes the task
// (a request submitted, a test drawn) or ends it (the request decided, the test recorded), so both commit or neither.
import { defaultNotifiedTaskKinds } from "../../../shared/contract/notifications";
import { type TaskKind, taskLabel, urgentTaskKinds } from "../../../shared/contract/tasks";
import { addDays, localDate } from "../../../shared/time/calendar-date";
import type { Queryable } from "../../platform/db/database";
import { publishLive } from "../notifications/notifications.queries";
import { notify } from "../notifications/notify";
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
  const id = await queries.insertTask(tx, {
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
  if (id) await tellOwners(tx, [id], input.now);
  return id;
}

/** A calendar date in words for a stored message (it has no client to format it). */
const dayInWords = (date: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));

/**
 * Tells the tasks' owners, when the transaction commits: their open pages refresh (a live "tasks" event, one per
 * user however many tasks), and for a new task of a kind they want to hear of (follow-ups and approvals unless
 * they chose otherwise) a notification, which also goes by e-mail or SMS as they prefer (kind "task"; those carry
 * no name, see delivery.ts).
 */
async function tellOwners(tx: Queryable, taskIds: string[], createdAt: Date | null): Promise<void> {
  const owners = await queries.listTaskOwners(tx, taskIds);
  for (const owner of owners) {
    if (!createdAt || !(owner.task_kinds ?? defaultNotifiedTaskKinds).includes(owner.kind)) continue;
    await notify(tx, {
      userId: owner.user_id,
      kind: "task",
      title: `New task: ${taskLabel({ kind: owner.kind, contactDue: owner.detail })} — ${owner.person_name}`,
      body: `Due ${dayInWords(owner.due_on)}. It is on your task list.`,
      recordType: "task",
      recordId: owner.task_id,
      urgent: urgentTaskKinds.has(owner.kind),
      now: createdAt,
    });
  }
  for (const userId of new Set(owners.map((owner) => owner.user_id))) await publishLive(tx, userId, "tasks");
}

/**
 * A person's change of tasks (snoozed, dismissed, done: tasks.service): every owner's open pages refresh, on every
 * device, as for a capability's change. Nobody is notified: the change is theirs, or their colleague's.
 */
export async function announceTaskChange(tx: Queryable, taskIds: readonly string[]): Promise<void> {
  await tellOwners(tx, [...taskIds], null);
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
  await tellOwners(tx, ids, null);
  return ids.length;
}

/**
 * Dismisses every standing task of a case that has closed (plan steps, follow-ups, approvals, assessments due), with
 * the reason in words kept in each task's history; their owners' open pages refresh. Answers how many.
 */
export async function closeTasksOfCase(
  tx: Queryable,
  input: { caseId: string; reason: string; by: string | null; now: Date },
): Promise<number> {
  const ids = await queries.closeStandingTasksOfCase(tx, { ...input, status: "dismissed", reason: input.reason.slice(0, 500) });
  await tellOwners(tx, ids, null);
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
 * createTask for many tasks of one kind at once, each owned by its case's officer and due on a calendar day (or on
 * its source's day): for a capability that reconciles many cases in one transaction (the contact standards after a
 * change of the agency's standards, or as periods roll over) or loads many sources at once (the demo's appointments).
 * Standing ones are not made twice. Answers the new tasks with their cases.
 */
export async function createCaseOfficerTasks(
  tx: Queryable,
  input: {
    kind: TaskKind;
    sourceType: string;
    tasks: readonly queries.NewCaseOfficerTask[];
    by: string | null;
    now: Date;
  },
): Promise<{ id: string; caseId: string }[]> {
  const created = await queries.insertCaseOfficerTasks(tx, input);
  await tellOwners(
    tx,
    created.map((task) => task.id),
    input.now,
  );
  return created.map((task) => ({ id: task.id, caseId: task.case_id }));
}

/** closeTasksForSource for many sources of one type at once, with one reason. Answers the tasks closed, with their cases. */
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
): Promise<{ id: string; caseId: string }[]> {
  const closed = await queries.closeStandingTasksOfSources(tx, input);
  await tellOwners(
    tx,
    closed.map((task) => task.id),
    null,
  );
  return closed.map((task) => ({ id: task.id, caseId: task.case_id }));
}

/** Moves the standing tasks of a source to the source's new day (a rescheduled appointment), in the agency's calendar. */
export async function moveTasksForSource(
  tx: Queryable,
  input: { sourceType: string; sourceId: string; kinds: readonly TaskKind[]; occurredAt: string },
): Promise<void> {
  // Owners' pages refresh; moving a task is not news worth a notification.
  await tellOwners(tx, await queries.moveStandingTasks(tx, input), null);
}
