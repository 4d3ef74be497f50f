import { ErrorAlert, Loading, StatusTag, Table } from "../../../components/ui";
import { formatDate, formatDateRange } from "../../../lib/format";
import { standardKindLabels } from "../../../lib/supervision-labels";
import { useCaseStandards } from "../api/contacts";
import { standardDoneText, whereaboutsExplanation } from "./standard-text";

/** Where the case stands today against each contact standard: done of required, period, due date and status. */
export function StandardsPanel({ caseId }: { caseId: string }) {
  const standards = useCaseStandards(caseId);
  if (standards.isPending) return <Loading label="Loading the contact standards…" />;
  if (standards.isError) return <ErrorAlert error={standards.error} />;
  const { states, today, timeZone } = standards.data;
  if (states.length === 0) return <p>No contact standards apply to this case.</p>;
  return (
    <>
      <Table caption="Contact standards">
        <thead>
          <tr>
            <th scope="col">Standard</th>
            <th scope="col">Done</th>
            <th scope="col">Period</th>
            <th scope="col">Due by</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {states.flatMap((state) => [
            // A missed previous period is a row of its own, before the current period's row.
            ...(state.missedPeriod
              ? [
                  <tr key={`${state.kind}-missed`} data-standard={state.kind} data-period="missed">
                    <th scope="row">{standardKindLabels[state.kind]}, missed period</th>
                    <td data-column="done">
                      {state.missedPeriod.done} of {state.missedPeriod.required}
                    </td>
                    <td className="waypoint-nowrap">{formatDateRange(state.missedPeriod.periodStart, state.missedPeriod.periodEnd)}</td>
                    <td className="waypoint-nowrap">{formatDate(state.missedPeriod.periodEnd)}</td>
                    <td data-column="status">
                      <StatusTag status="overdue" />
                    </td>
                  </tr>,
                ]
              : []),
            <tr key={state.kind} data-standard={state.kind} data-period="current">
              <th scope="row">{standardKindLabels[state.kind]}</th>
              <td data-column="done">{standardDoneText(state)}</td>
              <td className="waypoint-nowrap">{formatDateRange(state.periodStart, state.periodEnd)}</td>
              <td className="waypoint-nowrap">{formatDate(state.periodEnd)}</td>
              <td data-column="status">
                <StatusTag status={state.periodStatus} />
              </td>
            </tr>,
          ])}
        </tbody>
      </Table>
      {whereaboutsExplanation(states) ? <p data-whereabouts-explained>{whereaboutsExplanation(states)}</p> : null}
      <p className="font-sans-3xs text-base-dark">
        As of {formatDate(today)} ({timeZone.replaceAll("_", " ")}).
      </p>
    </>
  );
}
