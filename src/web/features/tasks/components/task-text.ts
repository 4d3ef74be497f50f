import { type Task, taskKindInfo, taskLabel } from "../../../../shared/contract/tasks";
import { formatDate, formatDateTime } from "../../../lib/format";

/** What the task asks, in words: its kind (a contact's requirement and day) and, where known, when its source happened. */
export function taskTitle(task: Task): string {
  // An approval task is a condition change's or an assessment override's: its source says which.
  if (task.kind === "approval_requested" && task.sourceType === "assessment_override")
    return "Supervision level override awaiting approval";
  const label = taskLabel(task);
  const dated = task.sourceOccurredAt && taskKindInfo[task.kind].namesSourceTime;
  return dated ? `${label} of ${formatDateTime(task.sourceOccurredAt)}` : label;
}

/** When it is due, against the agency's today: "Due today", "Overdue since Dec 1, 2026", "Due Dec 4, 2026". */
export function dueText(task: Task, today: string): string {
  if (task.dueOn === today) return "Due today";
  return task.dueOn < today ? `Overdue since ${formatDate(task.dueOn)}` : `Due ${formatDate(task.dueOn)}`;
}

/** Who owns it, for a list that is not only the reader's own. */
export function ownerText(task: Task): string {
  if (task.owner === "unit_supervisors") return "The unit's supervisors";
  return task.ownerName ?? "The case's officer";
}

const statusWords: Record<Task["status"], string> = { open: "Open", snoozed: "Snoozed", done: "Done", dismissed: "Dismissed" };

/** A change of the task's history in one line: "Snoozed until Dec 4, 2026, 8:00 AM by Ann Lee on …: reason". */
export function changeText(change: Task["history"][number]): string {
  const what = change.status === "open" ? "Opened" : statusWords[change.status];
  const until = change.snoozedUntil ? ` until ${formatDateTime(change.snoozedUntil)}` : "";
  const who = change.changedByName ?? "Waypoint";
  return `${what}${until} by ${who}, ${formatDateTime(change.changedAt)}${change.reason ? `: ${change.reason}` : ""}`;
}

export const taskStatusText = (task: Task): string =>
  task.status === "snoozed" ? `Snoozed until ${formatDateTime(task.snoozedUntil)}` : statusWords[task.status];

/**
 * Whether the reader is offered snooze, dismiss and done on a standing task they may change the case of: the unit's
 * supervisors' task (an approval) only to a supervisor, as the server allows (task.act_as_supervisor); an officer
 * would otherwise be offered a button that answers "forbidden".
 */
export const offersActions = (task: Pick<Task, "owner">, isSupervisor: boolean): boolean =>
  task.owner !== "unit_supervisors" || isSupervisor;
