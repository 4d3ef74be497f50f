// The agency's response matrix (violation severity × risk level → the responses allowed) and its severity table,
// their shipped defaults, and the checks an administrator's matrix must pass. Pure: no database.
import type { z } from "zod";
import type { riskLevel } from "../../../shared/contract/cases";
import {
  type MatrixRow,
  type ResponseKind,
  type ViolationSeverity,
  type ViolationType,
  violationSeverities,
} from "../../../shared/contract/violations";
import type { FieldIssue } from "../../platform/errors";

type RiskLevel = z.infer<typeof riskLevel>;
export const riskLevels: readonly RiskLevel[] = ["low", "moderate", "high", "very_high"];

const riskWords: Record<RiskLevel, string> = { low: "low", moderate: "moderate", high: "high", very_high: "very high" };

/**
 * The shipped default, used until an administrator saves the agency's own. It is MODELLED ON, NOT COPIED FROM, the
 * violation sanctioning grid of the Pennsylvania Board of Probation and Parole: Pennsylvania Senate Bill 1275 of 2010
 * (Printer's No. 1764, amending 61 Pa.C.S. § 6138) directs the board to develop a grid that assesses each violation by
 * its severity and the parolee's risk level, with responses that are swift, certain, progressive and proportional.
 * Waypoint's own response list and four risk levels (low, moderate, high, very high) fill the grid; the shape kept is
 * the principle: the least restrictive responses for low severity and low risk, widening towards structured sanctions
 * and the authority as either rises. An agency should set its own.
 */
export const defaultMatrixSource =
  "Modelled on (not copied from) the violation sanctioning grid, by violation severity and risk level, that Pennsylvania Senate Bill 1275 of 2010 (amending 61 Pa.C.S. § 6138) asks of the Pennsylvania Board of Probation and Parole";

export const defaultMatrixRows: MatrixRow[] = [
  {
    severities: ["low"],
    cells: {
      low: ["verbal_warning", "written_warning"],
      moderate: ["verbal_warning", "written_warning", "increased_reporting"],
      high: ["written_warning", "increased_reporting", "treatment_referral"],
      very_high: ["written_warning", "increased_reporting", "treatment_referral", "curfew"],
    },
  },
  {
    severities: ["medium"],
    cells: {
      low: ["written_warning", "increased_reporting", "treatment_referral"],
      moderate: ["written_warning", "increased_reporting", "treatment_referral", "curfew", "community_service"],
      high: ["increased_reporting", "curfew", "treatment_referral", "community_service", "supervision_level_increase"],
      very_high: ["curfew", "treatment_referral", "supervision_level_increase", "short_sanction"],
    },
  },
  {
    severities: ["high"],
    cells: {
      low: ["curfew", "treatment_referral", "community_service", "supervision_level_increase"],
      moderate: ["curfew", "treatment_referral", "supervision_level_increase", "short_sanction"],
      high: ["supervision_level_increase", "short_sanction", "report_to_authority"],
      very_high: ["short_sanction", "report_to_authority"],
    },
  },
];

/** The shipped severity of each type, until an administrator sets the agency's own. */
export const defaultSeverities: Record<ViolationType, ViolationSeverity> = {
  positive_test: "medium",
  dilute_test: "low",
  adulterated_test: "high",
  missed_test: "medium",
  refused_test: "medium",
  missed_appointment: "low",
  contact_no_show: "low",
  contact_refused: "medium",
  condition_non_compliant: "medium",
  curfew_breach: "medium",
  zone_breach: "high",
  police_contact: "low",
  new_arrest: "high",
  // Whereabouts unknown: the most serious technical violation (it puts the case on warrant status).
  absconding: "high",
  other: "low",
};

const severityRank = (severity: ViolationSeverity) => violationSeverities.indexOf(severity);
export const moreSevere = (a: ViolationSeverity, b: ViolationSeverity): ViolationSeverity => (severityRank(a) >= severityRank(b) ? a : b);

/**
 * What is wrong with a matrix, each problem naming its cell or row: a severity in two rows (overlapping), a severity
 * in no row, a risk level without responses (an undefined cell), or a response twice in one cell. Empty: valid.
 */
export function checkMatrix(rows: readonly MatrixRow[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const rowOf = new Map<ViolationSeverity, number>();
  for (const [index, row] of rows.entries()) {
    for (const severity of row.severities) {
      const earlier = rowOf.get(severity);
      if (earlier !== undefined) {
        issues.push({
          field: `rows.${index}.severities`,
          message:
            earlier === index
              ? `Severity ${severity} is named twice in row ${index + 1}`
              : `Severity ${severity} is in rows ${earlier + 1} and ${index + 1}: rows may not overlap`,
        });
      } else rowOf.set(severity, index);
    }
    for (const risk of riskLevels) {
      const responses = row.cells[risk];
      const cell = `${row.severities.join("/")} severity × ${riskWords[risk]} risk`;
      if (!responses || responses.length === 0) {
        issues.push({ field: `rows.${index}.cells.${risk}`, message: `The cell ${cell} is not defined: allow at least one response` });
      } else if (new Set(responses).size !== responses.length) {
        issues.push({ field: `rows.${index}.cells.${risk}`, message: `The cell ${cell} names a response twice` });
      }
    }
  }
  for (const severity of violationSeverities) {
    if (!rowOf.has(severity)) issues.push({ field: "rows", message: `No row covers severity ${severity}: its cells are not defined` });
  }
  return issues;
}

/** The responses allowed for a severity and risk level (a checked matrix has exactly one cell for them). */
export function cellFor(rows: readonly MatrixRow[], severity: ViolationSeverity, risk: RiskLevel): ResponseKind[] {
  const row = rows.find((candidate) => candidate.severities.includes(severity));
  return row?.cells[risk] ?? [];
}
