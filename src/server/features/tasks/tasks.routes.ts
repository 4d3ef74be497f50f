import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { idParams } from "../../../shared/contract/common";
import {
  completeTaskBody,
  dismissTaskBody,
  myTasksQuery,
  snoozeTaskBody,
  task,
  taskList,
  unitTasks,
  unitTasksQuery,
} from "../../../shared/contract/tasks";
import type { TasksService } from "./tasks.service";

export function tasksRoutes(tasks: TasksService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get(
      "/tasks/mine",
      {
        schema: {
          tags: ["tasks"],
          summary: "My standing tasks: as a case's officer, by name, and (supervisors) my unit's; snoozed ones marked",
          querystring: myTasksQuery,
          response: { 200: taskList },
        },
      },
      async (request) => tasks.mine(request.context, request.query.kind),
    );
    routes.get(
      "/tasks/unit",
      {
        schema: {
          tags: ["tasks"],
          summary: "A unit's tasks due today or overdue, by officer with counts, overdue first (the unit's supervisors)",
          querystring: unitTasksQuery,
          response: { 200: unitTasks },
        },
      },
      async (request) => tasks.unit(request.context, request.query.unitId),
    );
    routes.get(
      "/cases/:id/tasks",
      {
        schema: {
          tags: ["tasks"],
          summary: "A case's tasks with their history: standing ones first, then done and dismissed",
          params: idParams,
          response: { 200: taskList },
        },
      },
      async (request) => tasks.forCase(request.context, request.params.id),
    );
    routes.post(
      "/tasks/:id/snooze",
      {
        schema: {
          tags: ["tasks"],
          summary: "Put a task off until a later time, with a reason (open again from then)",
          params: idParams,
          body: snoozeTaskBody,
          response: { 200: task },
        },
      },
      async (request) => tasks.snooze(request.context, request.params.id, request.body),
    );
    routes.post(
      "/tasks/:id/dismiss",
      {
        schema: {
          tags: ["tasks"],
          summary: "Close a task that is not needed, with a reason (kept in the case's history)",
          params: idParams,
          body: dismissTaskBody,
          response: { 200: task },
        },
      },
      async (request) => tasks.dismiss(request.context, request.params.id, request.body),
    );
    routes.post(
      "/tasks/:id/done",
      {
        schema: {
          tags: ["tasks"],
          summary: "Mark a follow-up done (tasks that close with their source refuse it: 409)",
          params: idParams,
          body: completeTaskBody,
          response: { 200: task },
        },
      },
      async (request) => tasks.complete(request.context, request.params.id, request.body),
    );
  };
}
