import { Link } from "react-router";
import type { TodayItem, TodayTask } from "../../../../shared/contract/today";
import { paths } from "../../../config/paths";
import { statusLabels } from "../../../lib/supervision-labels";
import { Cautions } from "./cautions";
import { addressLines, hasPosition, isUrgent, taskText } from "./today-text";

type WorklistProps = {
  items: TodayItem[];
  timeZone: string;
  isChosen: (item: TodayItem) => boolean;
  onChoose: (item: TodayItem, chosen: boolean) => void;
};

/** The day's work in the server's priority order, with a route checkbox on every item that has a place on the map. */
export function Worklist({ items, timeZone, isChosen, onChoose }: WorklistProps) {
  return (
    <ol className="usa-list usa-list--unstyled waypoint-worklist" aria-labelledby="worklist-heading">
      {items.map((item) => (
        <WorklistItem key={item.caseId} item={item} timeZone={timeZone} chosen={isChosen(item)} onChoose={onChoose} />
      ))}
    </ol>
  );
}

function WorklistItem({
  item,
  timeZone,
  chosen,
  onChoose,
}: {
  item: TodayItem;
  timeZone: string;
  chosen: boolean;
  onChoose: WorklistProps["onChoose"];
}) {
  const checkboxId = `route-choice-${item.caseId}`;
  return (
    <li className="waypoint-today-item" data-case-id={item.caseId}>
      <div className="grid-row grid-gap">
        <div className="tablet:grid-col-7">
          <h3 className="margin-y-0">
            <Link className="usa-link" to={paths.people.person.getHref(item.personId)}>
              {item.personName}
            </Link>
          </h3>
          <p className="margin-y-05 font-sans-3xs">
            Case {item.caseNumber}
            {item.caseStatus !== "active" ? (
              <span className="usa-tag bg-base-dark margin-left-1">{statusLabels[item.caseStatus]}</span>
            ) : null}
          </p>
          <p className="margin-y-1" data-testid="priority-reason">
            <span className="text-bold">Priority:</span> {item.priorityReason || "Routine"}
          </p>
          <TaskList tasks={item.tasks} timeZone={timeZone} />
          <Cautions cautions={item.cautions} />
        </div>
        <div className="tablet:grid-col-5">
          {item.address ? (
            <address className="waypoint-address" data-testid="address">
              {addressLines(item.address).map((line) => (
                <span key={line} className="display-block">
                  {line}
                </span>
              ))}
              {item.address.verified ? null : <span className="display-block font-sans-3xs">Address not yet verified</span>}
            </address>
          ) : (
            <p className="margin-top-0 font-sans-3xs">No current address on record.</p>
          )}
          {item.phone ? (
            <p className="margin-y-1">
              <a className="usa-link" href={`tel:${item.phone.replace(/[^\d+]/g, "")}`}>
                <span className="usa-sr-only">Call {item.personName} at </span>
                {item.phone}
              </a>
            </p>
          ) : null}
          {hasPosition(item) ? (
            <div className="usa-checkbox">
              <input
                className="usa-checkbox__input usa-checkbox__input--tile"
                id={checkboxId}
                type="checkbox"
                checked={chosen}
                onChange={(event) => onChoose(item, event.target.checked)}
              />
              <label className="usa-checkbox__label" htmlFor={checkboxId}>
                Add {item.personName} to the route
              </label>
            </div>
          ) : item.address ? (
            <p className="font-sans-3xs">This address has no map position, so it cannot be placed on the route.</p>
          ) : null}
        </div>
      </div>
    </li>
  );
}

export function TaskList({ tasks, timeZone }: { tasks: TodayTask[]; timeZone: string }) {
  return (
    <ul className="usa-list waypoint-tasks" aria-label="Tasks">
      {tasks.map((task) => (
        <li
          key={taskKey(task)}
          className={task.kind === "suggested_unannounced_visit" ? "waypoint-task waypoint-task--suggestion" : "waypoint-task"}
          data-task-kind={task.kind}
        >
          {isUrgent(task) ? <span aria-hidden="true">⚠ </span> : null}
          <TaskText task={task} timeZone={timeZone} />
        </li>
      ))}
    </ul>
  );
}

/** A suggestion says so in bold before its reason: it is the system's idea, not a requirement. */
function TaskText({ task, timeZone }: { task: TodayTask; timeZone: string }) {
  const text = taskText(task, timeZone);
  if (task.kind !== "suggested_unannounced_visit") return <>{text}</>;
  const [label, rest] = [text.slice(0, "Suggested:".length), text.slice("Suggested:".length)];
  return (
    <>
      <strong>{label}</strong>
      {rest}
    </>
  );
}

const taskKey = (task: TodayTask) => {
  switch (task.kind) {
    case "appointment":
      return task.appointmentId;
    case "contact_due":
    case "follow_up":
      return task.taskId;
    default:
      return task.kind;
  }
};
