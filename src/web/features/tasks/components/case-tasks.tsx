import { ErrorAlert, Loading } from "../../../components/ui";
import { useCaseTasks } from "../api/tasks";
import { TaskList } from "./task-list";

/** The person page's Tasks section: the case's standing tasks with their actions, then its closed ones. */
export function CaseTasks({ caseId, canAct }: { caseId: string; canAct: boolean }) {
  const tasks = useCaseTasks(caseId);
  if (tasks.isPending) return <Loading label="Loading the tasks…" />;
  if (tasks.isError) return <ErrorAlert error={tasks.error} />;
  const standing = tasks.data.filter((task) => task.status === "open" || task.status === "snoozed");
  const closed = tasks.data.filter((task) => task.status === "done" || task.status === "dismissed");
  return (
    <>
      <TaskList tasks={standing} withOwner actions={canAct} empty="No open tasks for this case." />
      {closed.length > 0 ? (
        <details className="margin-top-2">
          <summary>Done and dismissed ({closed.length})</summary>
          <TaskList tasks={closed} withOwner actions={false} empty="" />
        </details>
      ) : null}
    </>
  );
}
