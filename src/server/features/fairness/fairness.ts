// Fairness monitoring (issue 13 §7): for the same violation severity and risk level, how often each group's
// violations met a restrictive response, beside the other groups of that cell. Pure: no database.
import type { z } from "zod";
import type { riskLevel } from "../../../shared/contract/cases";
import { type FairnessReport, type RaceEthnicityCategory, raceEthnicityLabels, smallestCellShown } from "../../../shared/contract/fairness";
import { type ViolationSeverity, violationSeverities } from "../../../shared/contract/violations";

type RiskLevel = z.infer<typeof riskLevel>;
const riskOrder: (RiskLevel | null)[] = [null, "low", "moderate", "high", "very_high"];

/** One violation with a response in effect: the group of its person and whether its most restrictive response was restrictive. */
export type RespondedViolation = { group: string; severity: ViolationSeverity; riskLevel: RiskLevel | null; restrictive: boolean };

/** The group of a self-reported answer: one category by its name, several as "Two or more", else declined or not recorded. */
export function raceEthnicityGroup(answer: { declined: boolean; categories: RaceEthnicityCategory[] } | null): string {
  if (!answer) return "Not recorded";
  if (answer.declined) return "Declined to answer";
  if (answer.categories.length > 1) return "Two or more";
  return raceEthnicityLabels[answer.categories[0]!];
}

const sexWords: Record<string, string> = { female: "Female", male: "Male", other: "Other", unknown: "Unknown" };
export const sexGroup = (sex: string | null) => (sex ? (sexWords[sex] ?? "Unknown") : "Not recorded");

/** Whole years between a date of birth and a day (both calendar dates). */
export function ageOn(dateOfBirth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return day.slice(5) >= dateOfBirth.slice(5) ? years : years - 1;
}

export const ageBands = ["Under 25", "25 to 34", "35 to 44", "45 to 54", "55 and over"] as const;

export function ageBand(age: number): (typeof ageBands)[number] {
  if (age < 25) return "Under 25";
  if (age < 35) return "25 to 34";
  if (age < 45) return "35 to 44";
  if (age < 55) return "45 to 54";
  return "55 and over";
}

/**
 * The report's cells (severity × risk level, in that order), each with its groups by size. A group with fewer than
 * `smallestCellShown` violations shows no counts; a ratio compares a shown group only with the other shown groups of
 * its cell, so no suppressed count can be worked back from it.
 */
export function fairnessCells(violations: readonly RespondedViolation[]): FairnessReport["cells"] {
  const cells = new Map<
    string,
    { severity: ViolationSeverity; riskLevel: RiskLevel | null; groups: Map<string, { n: number; r: number }> }
  >();
  for (const violation of violations) {
    const key = `${violation.severity}|${violation.riskLevel}`;
    const cell = cells.get(key) ?? { severity: violation.severity, riskLevel: violation.riskLevel, groups: new Map() };
    cells.set(key, cell);
    const group = cell.groups.get(violation.group) ?? { n: 0, r: 0 };
    cell.groups.set(violation.group, group);
    group.n += 1;
    if (violation.restrictive) group.r += 1;
  }
  return [...cells.values()]
    .sort(
      (a, b) =>
        violationSeverities.indexOf(a.severity) - violationSeverities.indexOf(b.severity) ||
        riskOrder.indexOf(a.riskLevel) - riskOrder.indexOf(b.riskLevel),
    )
    .map((cell) => {
      const shown = [...cell.groups].filter(([, counts]) => counts.n >= smallestCellShown);
      const shownTotals = shown.reduce((sum, [, counts]) => ({ n: sum.n + counts.n, r: sum.r + counts.r }), { n: 0, r: 0 });
      const groups = [...cell.groups]
        .sort(([nameA, a], [nameB, b]) => b.n - a.n || nameA.localeCompare(nameB))
        .map(([group, counts]) => {
          if (counts.n < smallestCellShown)
            return { group, suppressed: true, violations: null, restrictive: null, restrictiveShare: null, disparityRatio: null };
          const share = counts.r / counts.n;
          const others = { n: shownTotals.n - counts.n, r: shownTotals.r - counts.r };
          const othersShare = others.n > 0 ? others.r / others.n : null;
          return {
            group,
            suppressed: false,
            violations: counts.n,
            restrictive: counts.r,
            restrictiveShare: share,
            // No ratio without other shown groups, or when the others had no restrictive response (division by zero).
            disparityRatio: othersShare ? share / othersShare : null,
          };
        });
      return { violationSeverity: cell.severity, riskLevel: cell.riskLevel, groups };
    });
}
