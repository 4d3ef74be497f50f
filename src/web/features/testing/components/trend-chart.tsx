import { Table } from "../../../components/ui";
import { formatDateTime } from "../../../lib/format";
import type { DrugTest } from "../api/testing";
import { formatDate, outcomeLabels, outcomeOf, outcomeOrder, resultText, type TestOutcome } from "./test-outcome";

const width = 640;
const laneHeight = 28;
const left = 110;
const right = 20;
const top = 12;
const bottom = 36;

/** The mark of an outcome: its shape differs per outcome, so colour is never the only cue. */
function Mark({ outcome, x, y }: { outcome: TestOutcome; x: number; y: number }) {
  const r = 7;
  switch (outcome) {
    case "positive":
      return <polygon points={`${x},${y - r} ${x + r},${y + r} ${x - r},${y + r}`} className="waypoint-mark waypoint-mark--alert" />;
    case "adulterated":
      return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} className="waypoint-mark waypoint-mark--alert" />;
    case "dilute":
      return <polygon points={`${x},${y - r} ${x + r},${y} ${x},${y + r} ${x - r},${y}`} className="waypoint-mark waypoint-mark--warn" />;
    case "invalid":
      return <circle cx={x} cy={y} r={r} className="waypoint-mark waypoint-mark--hollow" />;
    case "missed":
      return (
        <path
          d={`M${x - r} ${y - r}L${x + r} ${y + r}M${x + r} ${y - r}L${x - r} ${y + r}`}
          className="waypoint-mark waypoint-mark--line"
        />
      );
    case "refused":
      return <path d={`M${x} ${y - r}V${y + r}M${x - r} ${y}H${x + r}`} className="waypoint-mark waypoint-mark--line" />;
    default:
      return <circle cx={x} cy={y} r={r - 2} className="waypoint-mark waypoint-mark--ok" />;
  }
}

function summaryOf(tests: DrugTest[]): string {
  if (tests.length === 0) return "Drug test trend: no tests recorded yet.";
  const counts = outcomeOrder
    .map((outcome) => [outcome, tests.filter((test) => outcomeOf(test) === outcome).length] as const)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${count} ${outcomeLabels[outcome].toLowerCase()}`);
  const sorted = [...tests].sort((a, b) => a.collectedAt.localeCompare(b.collectedAt));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const span = first && last ? ` from ${formatDate(first.collectedAt)} to ${formatDate(last.collectedAt)}` : "";
  const latest = last ? ` Latest: ${outcomeLabels[outcomeOf(last)].toLowerCase()} on ${formatDate(last.collectedAt)}.` : "";
  return `Drug test trend: ${tests.length} test${tests.length === 1 ? "" : "s"}${span}: ${counts.join(", ")}.${latest} The table below lists every test.`;
}

/** One mark per test over time, in a lane per outcome; the same values follow in a table. */
export function TrendChart({ tests }: { tests: DrugTest[] }) {
  const sorted = [...tests].sort((a, b) => a.collectedAt.localeCompare(b.collectedAt));
  const times = sorted.map((test) => new Date(test.collectedAt).getTime());
  const min = Math.min(...times);
  const max = Math.max(...times);
  const height = top + outcomeOrder.length * laneHeight + bottom;
  const plotWidth = width - left - right;
  const xOf = (time: number) => (max === min ? left + plotWidth / 2 : left + ((time - min) / (max - min)) * plotWidth);
  const yOf = (outcome: TestOutcome) => top + outcomeOrder.indexOf(outcome) * laneHeight + laneHeight / 2;
  const first = sorted[0];
  const last = sorted[sorted.length - 1];

  return (
    <figure className="margin-x-0 margin-y-2" data-testid="drug-test-trend">
      <svg
        role="img"
        aria-label={summaryOf(tests)}
        viewBox={`0 0 ${width} ${height}`}
        className="waypoint-trend-chart"
        preserveAspectRatio="xMinYMin meet"
      >
        {outcomeOrder.map((outcome) => (
          <g key={outcome}>
            <line x1={left} x2={width - right} y1={yOf(outcome)} y2={yOf(outcome)} className="waypoint-chart-grid" />
            <text x={left - 8} y={yOf(outcome) + 4} textAnchor="end" className="waypoint-chart-label">
              {outcomeLabels[outcome]}
            </text>
          </g>
        ))}
        <line x1={left} x2={width - right} y1={height - bottom + 4} y2={height - bottom + 4} className="waypoint-chart-axis" />
        {first ? (
          <text x={left} y={height - 12} className="waypoint-chart-label">
            {formatDate(first.collectedAt)}
          </text>
        ) : null}
        {last && last !== first ? (
          <text x={width - right} y={height - 12} textAnchor="end" className="waypoint-chart-label">
            {formatDate(last.collectedAt)}
          </text>
        ) : null}
        {sorted.map((test) => {
          const outcome = outcomeOf(test);
          return (
            <g key={test.id} data-test-id={test.id} data-outcome={outcome} data-collected-at={test.collectedAt}>
              <Mark outcome={outcome} x={xOf(new Date(test.collectedAt).getTime())} y={yOf(outcome)} />
            </g>
          );
        })}
        {sorted.length === 0 ? (
          <text x={left + plotWidth / 2} y={top + 3 * laneHeight} textAnchor="middle" className="waypoint-chart-label">
            No tests yet
          </text>
        ) : null}
      </svg>
      <figcaption className="font-sans-3xs text-base-dark">
        Shapes: ▲ positive, ■ adulterated, ◆ dilute, ○ invalid, ✕ missed, + refused, ● negative. Each outcome also has its own labelled row.
        A result the lab overturned no longer counts.
      </figcaption>
      <Table caption="Drug tests of this case, oldest first">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Outcome</th>
            <th scope="col">Specimen</th>
            <th scope="col">Results</th>
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={4}>No tests recorded yet.</td>
            </tr>
          ) : (
            sorted.map((test) => {
              const outcome = outcomeOf(test);
              return (
                <tr key={test.id} data-test-id={test.id} data-outcome={outcome}>
                  <th scope="row" data-column="date" data-label="Date">
                    {formatDateTime(test.collectedAt)}
                  </th>
                  <td data-column="outcome" data-label="Outcome">
                    {outcomeLabels[outcome]}
                  </td>
                  <td data-column="specimen" data-label="Specimen" className="waypoint-break-anywhere">
                    {test.specimenId ?? "None"}
                  </td>
                  <td data-column="results" data-label="Results">
                    {test.results.length === 0 ? "None" : test.results.map(resultText).join(", ")}
                    {test.admission
                      ? `; use admitted${test.admittedSubstances.length > 0 ? ` (${test.admittedSubstances.join(", ")})` : ""}`
                      : ""}
                  </td>
                </tr>
              );
            })
          )}
        </tbody>
      </Table>
    </figure>
  );
}
