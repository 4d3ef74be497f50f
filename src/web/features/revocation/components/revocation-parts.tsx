// The parts of a revocation file that the file page and the printable document both show, in words.
import { incentiveKindLabels } from "../../../../shared/contract/incentives";
import type { RevocationRecommendation } from "../../../../shared/contract/revocation";
import { responseKindInfo, severityLabels, violationTypeLabels } from "../../../../shared/contract/violations";
import { formatDate, formatDateTime } from "../../../lib/format";
import { riskLabels } from "../../../lib/supervision-labels";

const responseStatusWords = {
  awaiting_approval: "awaiting approval",
  to_do: "in progress",
  done: "carried out",
  refused: "refused by a supervisor",
  cancelled: "cancelled",
} as const;

const sourceWords = (sourceType: string) =>
  ({
    drug_test: "drug test",
    appointment: "appointment",
    contact: "contact",
    case_condition: "condition",
    absconding: "absconding record",
  })[sourceType] ?? "record";

export function ViolationsList({ record }: { record: RevocationRecommendation }) {
  return (
    <ul className="usa-list" aria-label="Violations">
      {record.violations.map((violation) => (
        <li key={violation.id}>
          {violationTypeLabels[violation.type]} ({severityLabels[violation.severity].toLowerCase()} severity),{" "}
          {formatDateTime(violation.occurredAt)}
          {violation.description ? `: ${violation.description}` : ""}
          {violation.evidence.length > 0
            ? ` Evidence: ${violation.evidence
                .map(
                  (evidence) =>
                    `${sourceWords(evidence.sourceType)} of ${formatDateTime(evidence.occurredAt)}${evidence.withdrawn ? " (withdrawn)" : ""}`,
                )
                .join("; ")}.`
            : ""}
          {violation.status === "referred" ? " Referred to the authority." : ""}
        </li>
      ))}
    </ul>
  );
}

export function HistoryList({ record }: { record: RevocationRecommendation }) {
  const { responses, incentives } = record.history;
  return (
    <>
      <h3>Responses to violations</h3>
      {responses.length === 0 ? (
        <p>No response recorded.</p>
      ) : (
        <ul className="usa-list" aria-label="Responses tried">
          {responses.map((response) => (
            <li key={`${response.proposedAt}-${response.response}`}>
              {responseKindInfo[response.response].label} for a {violationTypeLabels[response.violationType].toLowerCase()}, chosen{" "}
              {formatDateTime(response.proposedAt)}, due {formatDate(response.dueOn)}: {responseStatusWords[response.status]}
              {response.note ? ` (${response.note})` : ""}
            </li>
          ))}
        </ul>
      )}
      <h3>Incentives</h3>
      {incentives.length === 0 ? (
        <p>No incentive recorded.</p>
      ) : (
        <ul className="usa-list" aria-label="Incentives given">
          {incentives.map((incentive) => (
            <li key={`${incentive.givenOn}-${incentive.label}`}>
              {incentive.label || incentiveKindLabels[incentive.kind]}, {formatDate(incentive.givenOn)}
              {incentive.note ? ` (${incentive.note})` : ""}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function RiskText({ record }: { record: RevocationRecommendation }) {
  const { caseRiskLevel, assessment } = record.risk;
  return (
    <p>
      Risk level of the case: {caseRiskLevel ? riskLabels[caseRiskLevel] : "not assessed"}.{" "}
      {assessment
        ? `Latest assessment completed ${formatDateTime(assessment.completedAt)}: ${assessment.riskLevel ? riskLabels[assessment.riskLevel] : "no risk level"} risk${
            assessment.category ? ` (${assessment.category})` : ""
          }${assessment.total !== null ? `, score ${assessment.total}` : ""}.`
        : "No completed risk assessment."}
    </p>
  );
}
