import type { z } from "zod";
import {
  type completeTaskBody,
  type dismissTaskBody,
  type snoozeTaskBody,
  type Task,
  type TaskKind,
  taskKindInfo,
  type UnitTasks,
} from "../../../shared/contract/tasks";
import { localDate } from "../../../shared/time/calendar-date";
import { loadCaseTarget } from "../../platform/access/case-access";
import { guarded } from "../../platform/access/guarded";
import type { Permission } from "../../platform/access/policy";
import { type FeatureDeps, type RequestContext, signedInActor } from "../../platform/context";
import type { Queryable } from "../../platform/db/database";
import { badRequest, conflict, notFound } from "../../platform/errors";
import { announceTaskChange } from "./tasks";
import * as queries from "./tasks.queries";

/** A snooze puts a task off for at most this long; longer, it should be dismissed with its reason. */
const maxSnoozeDays = 90;

const withRules = (task: Omit<Task, "humanCloses" | "dismissable">): Task => ({
  ...task,
  humanCloses: taskKindInfo[task.kind].humanCloses,
  dismissable: taskKindInfo[task.kind].dismissable,
});

/** What closes a task that a person may not close that way. */
const closedBySource: Partial<Record<TaskKind, string>> = {
  approval_requested: "This task closes when the request is granted or denied.",
  drug_test_due: "This task closes when the drawn test is recorded.",
  violation_response_due: "This task closes when the response is recorded as done.",
  response_approval_requested: "This task closes when a supervisor approves or refuses the response.",
  case_plan_step: "This task closes when the step is marked done in the case plan.",
  assessment_due: "This task closes when a risk and needs assessment of the case is completed.",
  early_discharge_approval_requested: "This task closes when a supervisor approves or returns the recommendation.",
  revocation_decision_requested: "This task closes when a supervisor decides the revocation recommendation.",
  revocation_emergency_decision: "This task closes when a supervisor decides the emergency revocation recommendation.",
  revocation_complete_file: "This task closes when the completed revocation file is submitted.",
};
const closesWithSource = (task: queries.TaskRow) =>
  conflict(closedBySource[task.kind] ?? "This task closes with the record it comes from.", [
    { field: "kind", message: "closes with its source" },
  ]);

/**
 * Who may snooze, dismiss or complete a task follows its owner: the case's officer's tasks, whoever may change the
 * case (its officers, the unit's supervisors); the unit's supervisors' (an approval), those supervisors only, never
 * the officer; a named user's, that user or the unit's supervisors.
 */
const taskPermission = {
  case_officer: "case.write",
  unit_supervisors: "task.act_as_supervisor",
  user: "task.act_as_named_owner",
} as const satisfies Record<queries.TaskRow["owner"], Permission>;

export function createTasksService(deps: FeatureDeps) {
  /**
   * A person's change of a task, allowed by its owner (see taskPermission). Only a standing (open or snoozed) task
   * changes; the change and its audit row commit together, and a refusal is audited.
   */
  async function change(
    context: RequestContext,
    id: string,
    action: "snoozed" | "dismissed" | "done",
    details: { reason: string | null; snoozedUntil: Date | null },
    check?: (task: queries.TaskRow) => void,
  ): Promise<Task> {
    const actor = signedInActor(context);
    return guarded(deps, context, async ({ tx, authorize }) => {
      const task = await queries.lockTask(tx, id);
      if (!task) throw notFound("Task");
      const caseTarget = await loadCaseTarget(tx, task.case_id);
      authorize(taskPermission[task.owner], task.owner_user_id ? { ...caseTarget, userId: task.owner_user_id } : caseTarget, {
        action: `task.${action}`,
        recordType: "task",
        recordId: id,
        details: { kind: task.kind, reason: details.reason, snoozedUntil: details.snoozedUntil?.toISOString() ?? null },
      });
      if (task.status !== "open" && task.status !== "snoozed") {
        throw conflict(`This task is already ${task.status}.`, [{ field: "status", message: `already ${task.status}` }]);
      }
      check?.(task);
      await queries.setTaskStatus(tx, id, { status: action, ...details, by: actor.userId, now: context.now });
      // The owners' other pages and devices (the Today list open on a phone) refresh without a reload.
      await announceTaskChange(tx, [id]);
      return findTask(tx, id, context.now);
    });
  }

  async function findTask(tx: Queryable, id: string, now: Date): Promise<Task> {
    return withRules((await queries.findTask(tx, id, now))!);
  }

  return {
    /**
     * The actor's standing tasks: as a case's officer, by name, and (supervisors) those of their unit's supervisors;
     * only on cases the actor may read. kind narrows it (approval_requested: awaiting my approval).
     */
    async mine(context: RequestContext, kind: TaskKind | undefined): Promise<{ tasks: Task[] }> {
      const actor = signedInActor(context);
      return guarded(deps, context, async ({ tx, visible }) => {
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 5, {
          action: "task.list_mine",
          recordType: "task",
          details: kind ? { kind } : undefined,
        });
        const tasks = await queries.listOwnedTasks(tx, {
          now: context.now,
          userId: actor.userId,
          supervisedUnitId: actor.roles.includes("supervisor") ? actor.unitId : null,
          kind: kind ?? null,
          filter,
        });
        return { tasks: tasks.map(withRules) };
      });
    },

    /**
     * A unit's tasks due today or overdue, by the supervising officer of their case (every active officer of the
     * unit has a row), overdue first: for the unit's supervisors (unit.tasks_read), limited to cases they may read.
     */
    async unit(context: RequestContext, unitIdAsked: string | undefined): Promise<UnitTasks> {
      const actor = signedInActor(context);
      const unitId = unitIdAsked ?? actor.unitId;
      if (!unitId) throw badRequest("Say which unit: you belong to none.", [{ field: "unitId", message: "required" }]);
      return guarded(deps, context, async ({ tx, authorize, visible }) => {
        const unit = await queries.findUnit(tx, unitId);
        if (!unit) throw notFound("Unit");
        const event = { action: "task.list_unit", recordType: "unit", recordId: unitId } as const;
        authorize("unit.tasks_read", { agencyId: unit.agency_id, unitId }, event);
        const filter = visible("case.read", { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" }, 4, event);
        const date = localDate(context.now, unit.time_zone);
        const rows = await queries.listUnitTasks(tx, { now: context.now, unitId, date, filter });
        const officers = new Map(
          (await queries.listUnitOfficers(tx, unitId)).map((officer) => [
            officer.id,
            { officerId: officer.id, officerName: officer.display_name, overdue: 0, dueToday: 0, tasks: [] as Task[] },
          ]),
        );
        for (const row of rows) {
          // A case may still be with an officer who has left the unit: they get a row of their own.
          let officer = officers.get(row.officer_id);
          if (!officer) {
            officer = { officerId: row.officer_id, officerName: row.task.ownerName ?? "", overdue: 0, dueToday: 0, tasks: [] };
            officers.set(row.officer_id, officer);
          }
          if (row.task.dueOn < date) officer.overdue++;
          else officer.dueToday++;
          officer.tasks.push(withRules(row.task));
        }
        return { date, unitId, unitName: unit.name, officers: [...officers.values()] };
      });
    },

    /** Every task of a case, standing ones first, with their history: for whoever may read the case. */
    async forCase(context: RequestContext, caseId: string): Promise<{ tasks: Task[] }> {
      return guarded(deps, context, async ({ tx, authorize }) => {
        authorize("case.read", await loadCaseTarget(tx, caseId), { action: "task.list_case", recordType: "case", recordId: caseId });
        return { tasks: (await queries.listCaseTasks(tx, caseId, context.now)).map(withRules) };
      });
    },

    /** Puts a task off until a later time, with a reason; it reads as open again from then. */
    async snooze(context: RequestContext, id: string, input: z.infer<typeof snoozeTaskBody>): Promise<Task> {
      const until = new Date(input.until);
      if (until.getTime() <= context.now.getTime()) {
        throw badRequest("Snooze until a time still to come.", [{ field: "until", message: "not in the future" }]);
      }
      if (until.getTime() > context.now.getTime() + maxSnoozeDays * 86_400_000) {
        throw badRequest(`Snooze for at most ${maxSnoozeDays} days; dismiss the task if it is not needed.`, [
          { field: "until", message: `more than ${maxSnoozeDays} days ahead` },
        ]);
      }
      return change(context, id, "snoozed", { reason: input.reason, snoozedUntil: until });
    },

    /** Closes a task that is not needed, with a reason; it stays in the case's history. */
    async dismiss(context: RequestContext, id: string, input: z.infer<typeof dismissTaskBody>): Promise<Task> {
      return change(context, id, "dismissed", { reason: input.reason, snoozedUntil: null }, (task) => {
        if (!taskKindInfo[task.kind].dismissable) throw closesWithSource(task);
      });
    },

    /** Marks a follow-up done. Tasks that close with their source (a request decided, a drawn test recorded) refuse it. */
    async complete(context: RequestContext, id: string, input: z.infer<typeof completeTaskBody>): Promise<Task> {
      return change(context, id, "done", { reason: input.note || null, snoozedUntil: null }, (task) => {
        if (!taskKindInfo[task.kind].humanCloses) throw closesWithSource(task);
      });
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
