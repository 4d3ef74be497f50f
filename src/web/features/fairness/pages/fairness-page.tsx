import { type FormEvent, useState } from "react";
import { fairnessDimensionLabels, fairnessDimensions } from "../../../../shared/contract/fairness";
import { type ResponseKind, responseKindInfo } from "../../../../shared/contract/violations";
import { addDays } from "../../../../shared/time/calendar-date";
import { Button, ErrorAlert, Loading, Select, Table, TextInput } from "../../../components/ui";
import { formatDate } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { useAgencyToday } from "../../../lib/session";
import { riskLabels } from "../../../lib/supervision-labels";
import { type FairnessDimension, type FairnessReport, useFairnessReport } from "../api/fairness";

const severityWords = { low: "Low", medium: "Medium", high: "High" } as const;
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 0 });
const ratio = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2, minimumFractionDigits: 2 });

type Cell = FairnessReport["cells"][number];
type Group = Cell["groups"][number];

/** "a, b or c". */
const orList = (words: string[]) => (words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`);

/** The ratio in words: how much more or less often than the other groups shown beside it. */
function ratioText(group: Group): string {
  if (group.suppressed) return "—";
  if (group.disparityRatio === null) return "No comparison";
  return `${ratio.format(group.disparityRatio)} × the others`;
}

/**
 * Fairness monitoring for a supervisor's unit: for violations of the same severity and risk level, how often each
 * group's met a restrictive response, so differences are visible. Small groups are suppressed.
 */
export function FairnessPage() {
  usePageTitle("Fairness of responses");
  const today = useAgencyToday();
  const [query, setQuery] = useState<{ dimension: FairnessDimension; from: string; to: string }>({
    dimension: "race_ethnicity",
    from: addDays(today, -365),
    to: today,
  });
  const [draft, setDraft] = useState(query);
  const report = useFairnessReport(query);
  const show = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft);
  };

  return (
    <>
      <h1>Fairness of responses</h1>
      <p className="margin-top-0 measure-6">
        For violations of the same severity by people of the same risk level in your unit, how often the most restrictive response chosen
        was{" "}
        {orList((report.data?.restrictiveResponses ?? []).map((kind) => responseKindInfo[kind as ResponseKind].label.toLowerCase())) ||
          "restrictive"}
        . A ratio above 1 means the group met restrictive responses more often than the other groups shown beside it. Groups with fewer than{" "}
        {report.data?.smallestCellShown ?? 10} violations are not shown, so no one can be recognised.
      </p>
      <form className="usa-form maxw-none display-flex flex-wrap flex-align-end" aria-label="Choose the report" onSubmit={show}>
        <div className="margin-right-2">
          <Select
            label="Group by"
            value={draft.dimension}
            onChange={(event) => setDraft({ ...draft, dimension: event.target.value as FairnessDimension })}
            options={fairnessDimensions.map((value) => ({ value, label: fairnessDimensionLabels[value] }))}
          />
        </div>
        <div className="margin-right-2">
          <TextInput label="From" type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </div>
        <div className="margin-right-2">
          <TextInput label="To" type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </div>
        <Button type="submit" className="margin-top-2">
          Show
        </Button>
      </form>
      <ErrorAlert error={report.error} />
      {report.isPending ? <Loading label="Loading the report…" /> : null}
      {report.data ? (
        <>
          <p role="status">
            {fairnessDimensionLabels[report.data.dimension]}, violations from {formatDate(report.data.from)} to {formatDate(report.data.to)}
            {report.data.cells.length === 0 ? ": no violation with a response in effect." : "."}
          </p>
          {report.data.cells.map((cell) => (
            <FairnessCell key={`${cell.violationSeverity}-${cell.riskLevel}`} cell={cell} smallest={report.data.smallestCellShown} />
          ))}
        </>
      ) : null}
    </>
  );
}

function FairnessCell({ cell, smallest }: { cell: Cell; smallest: number }) {
  const caption = `${severityWords[cell.violationSeverity]} severity violations, ${
    cell.riskLevel ? `${riskLabels[cell.riskLevel].toLowerCase()} risk` : "risk not assessed"
  }`;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Violations</th>
          <th scope="col">Restrictive response</th>
          <th scope="col">Compared with the others</th>
        </tr>
      </thead>
      <tbody>
        {cell.groups.map((group) => (
          <tr key={group.group}>
            <th scope="row">{group.group}</th>
            <td>{group.suppressed ? `Fewer than ${smallest}` : group.violations}</td>
            <td>
              {group.suppressed || group.restrictiveShare === null ? (
                "—"
              ) : (
                <div className="display-flex flex-align-center">
                  <span className="margin-right-1">
                    {group.restrictive} ({percent.format(group.restrictiveShare)})
                  </span>
                  <meter className="maxw-card" min={0} max={1} value={group.restrictiveShare} aria-hidden="true" />
                </div>
              )}
            </td>
            <td>{ratioText(group)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
