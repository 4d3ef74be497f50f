import { Link } from "react-router";
import { ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { usePageTitle } from "../../../lib/page-title";
import { hasRole, useSession } from "../../../lib/session";
import { type Task, useMyTasks } from "../api/tasks";
import { TaskList } from "../components/task-list";

/** What a supervisor approves: condition changes, and violation responses outside the matrix or to the authority. */
const approvalKinds: ReadonlySet<Task["kind"]> = new Set([
  "approval_requested",
  "response_approval_requested",
  "early_discharge_approval_requested",
  "revocation_decision_requested",
  "revocation_emergency_decision",
]);

/** My tasks: what awaits my approval (supervisors), what is open, and what I snoozed. */
export function TasksPage() {
  usePageTitle("My tasks");
  const { data: session } = useSession();
  const tasks = useMyTasks();
  const isSupervisor = hasRole(session, ["supervisor"]);
  if (tasks.isPending) return <Loading label="Loading your tasks…" />;
  if (tasks.isError) return <ErrorAlert error={tasks.error} />;
  const approvals = tasks.data.filter((task) => approvalKinds.has(task.kind) && task.status === "open");
  const open = tasks.data.filter((task) => !approvalKinds.has(task.kind) && task.status === "open");
  const snoozed = tasks.data.filter((task) => task.status === "snoozed");
  return (
    <>
      <h1>My tasks</h1>
      {isSupervisor ? (
        <section aria-labelledby="approvals-heading" className="margin-top-3">
          <h2 id="approvals-heading">Awaiting my approval ({approvals.length})</h2>
          <p>
            The unit's approval tasks, your own requests among them; the{" "}
            <Link className="usa-link" to={paths.approvals.getHref()}>
              approvals page
            </Link>{" "}
            lists only those you may decide, with what each asks.
          </p>
          <TaskList tasks={approvals} withPerson empty="Nothing awaits your approval." />
        </section>
      ) : null}
      <section aria-labelledby="open-heading" className="margin-top-3">
        <h2 id="open-heading">Open ({open.length})</h2>
        <TaskList tasks={open} withPerson empty="No open tasks." />
      </section>
      <section aria-labelledby="snoozed-heading" className="margin-top-3">
        <h2 id="snoozed-heading">Snoozed ({snoozed.length})</h2>
        <TaskList tasks={snoozed} withPerson empty="No snoozed tasks." />
      </section>
    </>
  );
}
