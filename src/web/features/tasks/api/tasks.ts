import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  type completeTaskBody,
  type dismissTaskBody,
  type snoozeTaskBody,
  task,
  taskList,
  unitTasks,
} from "../../../../shared/contract/tasks";
import { api } from "../../../lib/api-client";
import { taskKeys } from "../../../lib/query-keys";

export type { Task } from "../../../../shared/contract/tasks";
export type SnoozeInput = z.input<typeof snoozeTaskBody>;
export type DismissInput = z.input<typeof dismissTaskBody>;
export type CompleteInput = z.input<typeof completeTaskBody>;

/** My standing tasks: as a case's officer, by name, and (supervisors) my unit's, snoozed ones included. */
export const useMyTasks = () =>
  useQuery({ queryKey: taskKeys.mine(), queryFn: async () => (await api.get("/api/v1/tasks/mine", { schema: taskList })).tasks });

/** The supervisor's unit: today's and overdue tasks by officer (kept current by the live "tasks" event of their own). */
export const useUnitTasks = () =>
  useQuery({ queryKey: taskKeys.unit(), queryFn: () => api.get("/api/v1/tasks/unit", { schema: unitTasks }) });

/** A case's tasks with their history. */
export const useCaseTasks = (caseId: string) =>
  useQuery({
    queryKey: taskKeys.ofCase(caseId),
    queryFn: async () => (await api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/tasks`, { schema: taskList })).tasks,
  });

/** Snooze, dismiss or mark done; every task list shows the change (also after a refusal: it changed meanwhile). */
export function useTaskChange<I>(id: string, action: "snooze" | "dismiss" | "done") {
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: taskKeys.all });
  return useMutation({
    mutationFn: (input: I) => api.post(`/api/v1/tasks/${encodeURIComponent(id)}/${action}`, input, { schema: task }),
    onSuccess: invalidate,
    onError: invalidate,
  });
}
