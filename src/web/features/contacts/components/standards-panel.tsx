import { ErrorAlert, Loading, StatusTag, Table } from "../../../components/ui";
import { formatDate } from "../../../lib/format";
import { standardKindLabels } from "../../../lib/supervision-labels";
import { useCaseStandards } from "../api/contacts";

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
          {states.map((state) => (
            <tr key={state.kind} data-standard={state.kind}>
              <th scope="row">{standardKindLabels[state.kind]}</th>
              <td data-column="done">
                {state.done} of {state.required}
              </td>
              <td className="waypoint-nowrap">
                {formatDate(state.periodStart)} – {formatDate(state.periodEnd)}
              </td>
              <td className="waypoint-nowrap">
                {formatDate(state.dueBy)}
                {state.carriedOver ? <div className="font-sans-3xs">Missed in the previous period</div> : null}
              </td>
              <td data-column="status">
                <StatusTag status={state.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      <p className="font-sans-3xs text-base-dark">
        As of {formatDate(today)} ({timeZone.replaceAll("_", " ")}).
      </p>
    </>
  );
}
