import { Alert, Table } from "../../../components/ui";
import { formatDateTime } from "../../../lib/format";
import { levelLabels, riskLabels } from "../../../lib/supervision-labels";
import type { Assessment, CaseAssessments, InstrumentDefinition } from "../api/assessments";

const statusWords = { answered: "", unanswered: "not answered", not_asked: "not asked" } as const;

/** A yes/no, choice, number or date answer in words. */
function answerText(item: InstrumentDefinition["domains"][number]["items"][number], answer: unknown): string {
  if (answer === undefined || answer === null) return "—";
  if (item.type === "yes_no") return answer ? "Yes" : "No";
  if (item.type === "single_choice") return item.options.find((option) => option.value === answer)?.label ?? String(answer);
  if (item.type === "multi_choice")
    return (answer as string[]).map((value) => item.options.find((option) => option.value === value)?.label ?? value).join(", ") || "None";
  if (item.type === "date")
    return new Date(`${String(answer)}T00:00:00Z`).toLocaleDateString("en-US", { timeZone: "UTC", dateStyle: "medium" });
  return String(answer);
}

/** A completed assessment: category, level, flags, each domain's bar and each item's contribution. */
export function AssessmentResult({ assessment, instrument }: { assessment: Assessment; instrument: InstrumentDefinition }) {
  const { score } = assessment;
  const points = new Map(score.items.map((item) => [item.item, item]));
  const domainScore = new Map(score.domains.map((domain) => [domain.domain, domain]));
  return (
    <div>
      <dl className="waypoint-facts">
        <dt>Total</dt>
        <dd>
          {score.total} (possible {score.totalRange.min} to {score.totalRange.max})
        </dd>
        <dt>Category</dt>
        <dd>{score.category?.label ?? "—"}</dd>
        {assessment.riskLevel ? (
          <>
            <dt>Risk level</dt>
            <dd>{riskLabels[assessment.riskLevel]}</dd>
          </>
        ) : null}
        {assessment.supervisionLevel ? (
          <>
            <dt>Supervision level it sets</dt>
            <dd>{levelLabels[assessment.supervisionLevel]}</dd>
          </>
        ) : null}
        <dt>Completed</dt>
        <dd>
          {formatDateTime(assessment.completedAt)} by {assessment.completedBy?.displayName ?? "—"}
        </dd>
      </dl>
      {score.flags.map((flag) => (
        <Alert key={flag.id} type={flag.severity === "crisis" ? "error" : "warning"} heading={flag.label} headingLevel="h3">
          {flag.action}
        </Alert>
      ))}
      <h4>Domains</h4>
      <ul className="usa-list usa-list--unstyled">
        {instrument.domains.map((domain) => {
          const result = domainScore.get(domain.id);
          if (!result) return null;
          const id = `domain-${assessment.id}-${domain.id}`;
          return (
            <li key={domain.id} className="margin-bottom-1">
              <label htmlFor={id} className="display-block">
                {domain.title}: {result.score} of {result.max}
                {result.kind === "strength" ? " (strength, not added to the total)" : ""}
                {result.flagged ? (result.kind === "strength" ? " — a strength" : " — a need") : ""}
              </label>
              <meter id={id} className="width-full maxw-mobile-lg" min={result.min} max={result.max} value={result.score}>
                {result.score} of {result.max}
              </meter>
            </li>
          );
        })}
      </ul>
      <Table caption="Each answer and the points it adds">
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">Answer</th>
            <th scope="col">Points</th>
          </tr>
        </thead>
        <tbody>
          {instrument.domains.flatMap((domain) =>
            domain.items.map((item) => {
              const contribution = points.get(item.id);
              return (
                <tr key={item.id}>
                  <th scope="row">{item.prompt}</th>
                  <td>{answerText(item, assessment.answers[item.id])}</td>
                  <td>
                    {contribution?.points ?? 0}
                    {contribution && contribution.status !== "answered" ? ` (${statusWords[contribution.status]})` : ""}
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </Table>
    </div>
  );
}

type Summary = CaseAssessments["assessments"][number];

/**
 * Total scores of completed risk and needs assessments over time: a small SVG line with each point labelled, and its
 * summary in words for screen readers (the table beside it lists every value). No chart library for a handful of points.
 */
export function ScoreChart({ assessments }: { assessments: Summary[] }) {
  const points = assessments
    .filter((entry) => entry.status === "completed" && entry.instrument.purpose === "risk_needs" && entry.total !== null)
    .sort((a, b) => (a.completedAt ?? "").localeCompare(b.completedAt ?? ""));
  if (points.length < 2) return null;
  const width = 600;
  const height = 160;
  const pad = 32;
  const max = Math.max(...points.map((point) => point.total!), 1);
  const x = (index: number) => pad + (index * (width - 2 * pad)) / (points.length - 1);
  const y = (value: number) => height - pad - (value * (height - 2 * pad)) / max;
  const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString("en-US", { dateStyle: "medium" }) : "");
  const first = points[0]!;
  const last = points.at(-1)!;
  return (
    <figure className="margin-x-0 margin-y-2">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="width-full maxw-tablet"
        role="img"
        aria-labelledby="score-chart-title score-chart-desc"
      >
        <title id="score-chart-title">Total scores over time</title>
        <desc id="score-chart-desc">
          {`${points.length} completed assessments, from ${first.total} on ${day(first.completedAt)} to ${last.total} on ${day(last.completedAt)}.`}
        </desc>
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="#565c65" />
        <polyline
          fill="none"
          stroke="#005ea2"
          strokeWidth="3"
          points={points.map((point, index) => `${x(index)},${y(point.total!)}`).join(" ")}
        />
        {points.map((point, index) => (
          <g key={point.id}>
            <circle cx={x(index)} cy={y(point.total!)} r="5" fill="#005ea2">
              <title>{`${point.total} on ${day(point.completedAt)} (${point.category?.label ?? ""})`}</title>
            </circle>
            <text x={x(index)} y={y(point.total!) - 10} textAnchor="middle" fontSize="14" fill="#1b1b1b">
              {point.total}
            </text>
            <text x={x(index)} y={height - 10} textAnchor="middle" fontSize="12" fill="#1b1b1b">
              {day(point.completedAt)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="usa-hint">Total scores of completed risk and needs assessments, oldest first.</figcaption>
    </figure>
  );
}
