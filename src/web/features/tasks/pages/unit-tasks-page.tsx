import { Link } from "react-router";
import { ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { formatDate } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { useUnitTasks } from "../api/tasks";
import { TaskList } from "../components/task-list";

/** A supervisor's unit: each officer's tasks due today or overdue, overdue first, with the counts. */
export function UnitTasksPage() {
  usePageTitle("Unit tasks");
  const unit = useUnitTasks();
  if (unit.isPending) return <Loading label="Loading the unit's tasks…" />;
  if (unit.isError) return <ErrorAlert error={unit.error} />;
  const { officers } = unit.data;
  return (
    <>
      <h1>Unit tasks</h1>
      <p>
        {unit.data.unitName}: what each officer has due today ({formatDate(unit.data.date)}) or overdue, overdue first. See also{" "}
        <Link className="usa-link" to={paths.approvals.getHref()}>
          what awaits your approval
        </Link>
        ,{" "}
        <Link className="usa-link" to={paths.unitIncentives.getHref()}>
          incentives and sanctions by officer
        </Link>{" "}
        and the{" "}
        <Link className="usa-link" to={paths.fairness.getHref()}>
          fairness of responses
        </Link>
        .
      </p>
      <table className="usa-table usa-table--borderless usa-table--stacked width-full">
        <caption className="usa-sr-only">Tasks by officer</caption>
        <thead>
          <tr>
            <th scope="col">Officer</th>
            <th scope="col">Overdue</th>
            <th scope="col">Due today</th>
          </tr>
        </thead>
        <tbody>
          {officers.map((officer) => (
            <tr key={officer.officerId} data-testid="officer-count">
              <th scope="row" data-label="Officer">
                <a className="usa-link" href={`#officer-${officer.officerId}`}>
                  {officer.officerName}
                </a>
              </th>
              <td data-label="Overdue">{officer.overdue}</td>
              <td data-label="Due today">{officer.dueToday}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {officers.map((officer) => (
        <section
          key={officer.officerId}
          id={`officer-${officer.officerId}`}
          aria-labelledby={`heading-${officer.officerId}`}
          className="margin-top-4"
        >
          <h2 id={`heading-${officer.officerId}`}>
            {officer.officerName}{" "}
            <span className="font-sans-sm text-normal">
              ({officer.overdue} overdue, {officer.dueToday} due today)
            </span>
          </h2>
          <TaskList tasks={officer.tasks} withPerson withOwner empty="Nothing due today or overdue." />
        </section>
      ))}
    </>
  );
}
