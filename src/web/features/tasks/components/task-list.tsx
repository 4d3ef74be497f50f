import { useState } from "react";
import { Link } from "react-router";
import { paths } from "../../../config/paths";
import { formatDate } from "../../../lib/format";
import { hasRole, useAgencyToday, useSession } from "../../../lib/session";
import { Notice, noticeOf } from "../../appointments/components/notice";
import type { Task } from "../api/tasks";
import { TaskActions } from "./task-actions";
import { changeText, dueText, offersActions, ownerText, taskStatusText, taskTitle } from "./task-text";

type Props = {
  tasks: Task[];
  /** Name and link the person (lists across cases); a person page leaves it out. */
  withPerson?: boolean;
  /** Who owns each task (a case's list, where owners differ). */
  withOwner?: boolean;
  /** Offer snooze, dismiss and done (standing tasks). */
  actions?: boolean;
  /** Heading level of each task's title. */
  headingLevel?: "h3" | "h4";
  empty: string;
};

/** Tasks as a list of cards (no wide table: it reads the same at 390 px), each with its due day, status and history. */
export function TaskList({ tasks, withPerson = false, withOwner = false, actions = true, headingLevel = "h3", empty }: Props) {
  const today = useAgencyToday();
  const { data: session } = useSession();
  const isSupervisor = hasRole(session, ["supervisor"]);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  const Heading = headingLevel;
  return (
    <>
      <Notice message={notice} />
      {tasks.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul className="usa-card-group waypoint-task-list" data-testid="task-list">
          {tasks.map((task) => {
            const standing = task.status === "open" || task.status === "snoozed";
            const overdue = standing && task.dueOn < today;
            return (
              <li key={task.id} className="usa-card grid-col-12 margin-bottom-2" data-testid="task">
                <div className="usa-card__container margin-x-0">
                  <div className="usa-card__header">
                    <Heading className="usa-card__heading font-heading-md">{taskTitle(task)}</Heading>
                  </div>
                  <div className="usa-card__body">
                    <dl className="waypoint-facts">
                      {withPerson ? (
                        <>
                          <dt>Person</dt>
                          <dd>
                            <Link className="usa-link" to={`${paths.people.person.getHref(task.personId)}#tasks`}>
                              {task.personName}
                            </Link>{" "}
                            (case {task.caseNumber})
                          </dd>
                        </>
                      ) : null}
                      <dt>Due</dt>
                      <dd>
                        {standing ? (
                          <span className={overdue ? "text-secondary-dark text-bold" : undefined}>
                            {overdue ? <span aria-hidden="true">⚠ </span> : null}
                            {dueText(task, today)}
                          </span>
                        ) : (
                          formatDate(task.dueOn)
                        )}
                      </dd>
                      <dt>Status</dt>
                      <dd>
                        {taskStatusText(task)}
                        {task.statusReason ? `: ${task.statusReason}` : ""}
                      </dd>
                      {withOwner ? (
                        <>
                          <dt>For</dt>
                          <dd>{ownerText(task)}</dd>
                        </>
                      ) : null}
                    </dl>
                    {task.history.length > 1 ? (
                      <details className="margin-top-1">
                        <summary>History ({task.history.length} changes)</summary>
                        <ol className="usa-list">
                          {task.history.map((change) => (
                            <li key={`${change.changedAt}-${change.status}`}>{changeText(change)}</li>
                          ))}
                        </ol>
                      </details>
                    ) : null}
                    {task.kind === "approval_requested" && standing ? (
                      <p className="margin-bottom-0">
                        Decide the request in the person's{" "}
                        <Link className="usa-link" to={`${paths.people.person.getHref(task.personId)}#conditions`}>
                          conditions
                        </Link>
                        ; the task closes with the decision.
                      </p>
                    ) : null}
                    {task.kind === "acknowledge_achievement" && standing ? (
                      <p className="margin-bottom-0">
                        Record an incentive for it in the person's{" "}
                        <Link className="usa-link" to={`${paths.people.person.getHref(task.personId)}#incentives`}>
                          incentives
                        </Link>
                        ; the task closes with it.
                      </p>
                    ) : null}
                    {(task.kind === "early_discharge_approval_requested" ||
                      task.kind === "early_discharge_request_to_board" ||
                      task.kind === "early_discharge_request_to_court") &&
                    standing ? (
                      <p className="margin-bottom-0">
                        {task.kind === "early_discharge_approval_requested"
                          ? "Approve or return it in the person's "
                          : "Send the request to the authority named in the person's "}
                        <Link className="usa-link" to={`${paths.people.person.getHref(task.personId)}#early-discharge`}>
                          early discharge
                        </Link>
                        {task.kind === "early_discharge_approval_requested"
                          ? "; the task closes with your decision."
                          : ", then mark this task done."}
                      </p>
                    ) : null}
                    {(task.kind === "revocation_decision_requested" ||
                      task.kind === "revocation_emergency_decision" ||
                      task.kind === "revocation_complete_file") &&
                    standing ? (
                      <p className="margin-bottom-0">
                        {task.kind === "revocation_complete_file"
                          ? "Complete and submit the file from the person's "
                          : "Open the file, record the discussion and decide from the person's "}
                        <Link className="usa-link" to={`${paths.people.person.getHref(task.personId)}#revocation`}>
                          revocation and recall
                        </Link>
                        ; the task closes with it.
                      </p>
                    ) : null}
                    {(task.kind === "response_approval_requested" || task.kind === "violation_response_due") && standing ? (
                      <p className="margin-bottom-0">
                        {task.kind === "response_approval_requested"
                          ? "Approve or refuse it in the person's "
                          : "Record it as carried out in the person's "}
                        <Link className="usa-link" to={`${paths.people.person.getHref(task.personId)}#violations`}>
                          violations and responses
                        </Link>
                        ; the task closes with it.
                      </p>
                    ) : null}
                    {(task.kind === "explanation_due" || task.kind === "enforcement_escalation") && standing ? (
                      <p className="margin-bottom-0">
                        {task.kind === "explanation_due"
                          ? "Record the person's account and decide in the person's "
                          : "An escalation clock was crossed: review the responses in the person's "}
                        <Link className="usa-link" to={`${paths.people.person.getHref(task.personId)}#violations`}>
                          violations and responses
                        </Link>
                        , then mark this task done.
                      </p>
                    ) : null}
                    {(task.kind === "crisis_follow_up" || task.kind === "crisis") && standing ? (
                      <p className="margin-bottom-0">
                        The checklist, crisis contacts and follow-ups are in the person's{" "}
                        <Link className="usa-link" to={`${paths.people.person.getHref(task.personId)}#crisis`}>
                          crisis record
                        </Link>
                        .
                      </p>
                    ) : null}
                  </div>
                  {actions && standing && offersActions(task, isSupervisor) ? (
                    <div className="usa-card__footer">
                      <TaskActions task={task} onDone={(text) => setNotice(noticeOf(text))} />
                    </div>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
