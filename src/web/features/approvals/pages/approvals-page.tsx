import { Link } from "react-router";
import { responseKindInfo } from "../../../../shared/contract/violations";
import { ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { formatDate, formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { useAgencyToday } from "../../../lib/session";
import { levelLabels } from "../../../lib/supervision-labels";
import { type ApprovalItem, useApprovals } from "../api/approvals";

const conditionChangeWords = { add: "Add a condition", change: "Change a condition", end: "End a condition" } as const;

/** What is asked, in words: "Supervision level override: Moderate instead of High". */
function whatIsAsked(item: ApprovalItem): string {
  switch (item.kind) {
    case "condition_request":
      return `${item.conditionChange ? conditionChangeWords[item.conditionChange] : "Condition change"}${item.conditionName ? `: ${item.conditionName}` : ""}`;
    case "assessment_override":
      return `Supervision level override: ${item.requestedLevel ? levelLabels[item.requestedLevel] : "another level"} instead of ${
        item.assessedLevel ? levelLabels[item.assessedLevel] : "the assessed level"
      }`;
    case "violation_response": {
      const response = item.response ? responseKindInfo[item.response] : null;
      const why = item.withinMatrix === false ? "outside the response matrix" : "goes to the releasing authority";
      return `Violation response: ${response?.label ?? "a response"} (${why})`;
    }
    case "early_discharge":
      return `Early discharge recommendation${item.authorityName ? ` (request to ${item.authorityName})` : ""}`;
    case "revocation":
      return `${item.emergency ? "Emergency revocation recommendation" : "Revocation recommendation"}${item.authorityName ? ` (to ${item.authorityName})` : ""}`;
  }
}

/** Where it is decided: the person page's section that holds it. */
const decidedIn: Record<ApprovalItem["kind"], { section: string; words: string }> = {
  condition_request: { section: "conditions", words: "Decide it in the person's conditions" },
  assessment_override: { section: "assessments", words: "Decide it in the person's assessments" },
  violation_response: { section: "violations", words: "Decide it in the person's violations and responses" },
  early_discharge: { section: "early-discharge", words: "Decide it in the person's early discharge" },
  revocation: { section: "revocation", words: "Decide it in the person's revocation and recall" },
};

/** The supervisor's approvals: everything awaiting their decision on their unit's cases, never their own requests. */
export function ApprovalsPage() {
  usePageTitle("Awaiting my approval");
  const approvals = useApprovals();
  const today = useAgencyToday();
  if (approvals.isPending) return <Loading label="Loading what awaits your approval…" />;
  if (approvals.isError) return <ErrorAlert error={approvals.error} />;
  const { items, ownWaiting } = approvals.data;
  return (
    <>
      <h1>Awaiting my approval ({items.length})</h1>
      <p>
        Condition changes, supervision level overrides, violation responses, early-discharge and revocation recommendations on your unit's
        cases that a supervisor must decide, oldest due first.
        {ownWaiting > 0
          ? ` ${ownWaiting === 1 ? "One request of your own awaits" : `${ownWaiting} requests of your own await`} another supervisor: you never decide your own.`
          : ""}
      </p>
      {items.length === 0 ? (
        <p>Nothing awaits your approval.</p>
      ) : (
        <ul className="usa-card-group" data-testid="approval-list">
          {items.map((item) => {
            const overdue = item.dueOn < today;
            const where = decidedIn[item.kind];
            return (
              <li key={item.taskId} className="usa-card grid-col-12 margin-bottom-2" data-testid="approval">
                <div className="usa-card__container margin-x-0">
                  <div className="usa-card__header">
                    <h2 className="usa-card__heading font-heading-md">{whatIsAsked(item)}</h2>
                  </div>
                  <div className="usa-card__body">
                    <dl className="waypoint-facts">
                      <dt>Person</dt>
                      <dd>
                        {item.personName} (case {item.caseNumber}), officer {item.officerName}
                      </dd>
                      <dt>Asked by</dt>
                      <dd>
                        {item.requestedByName ?? "Unknown"}
                        {item.requestedAt ? `, ${formatDateTime(item.requestedAt)}` : ""}
                      </dd>
                      {item.reason ? (
                        <>
                          <dt>Reason</dt>
                          <dd className="text-pre-wrap">{item.reason}</dd>
                        </>
                      ) : null}
                      <dt>Due</dt>
                      <dd className={overdue ? "text-secondary-dark text-bold" : undefined}>
                        {overdue
                          ? `Overdue since ${formatDate(item.dueOn)}`
                          : item.dueOn === today
                            ? "Due today"
                            : `Due ${formatDate(item.dueOn)}`}
                      </dd>
                    </dl>
                  </div>
                  <div className="usa-card__footer">
                    <Link className="usa-button usa-button--outline" to={`${paths.people.person.getHref(item.personId)}#${where.section}`}>
                      {where.words}
                      <span className="usa-sr-only">: {item.personName}</span>
                    </Link>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
