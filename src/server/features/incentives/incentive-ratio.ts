// The incentive-to-sanction ratio and the period it counts (pure): research on graduated responses (e.g. the
// National Institute of Corrections' work on behaviour change) recommends about four incentives for each sanction,
// which is the shipped target; the agency may set its own.
import type { RatioFacts } from "../../../shared/contract/incentives";
import { isCalendarDate, monthsBefore } from "../../../shared/time/calendar-date";
import { badRequest } from "../../platform/errors";

export const defaultTargetRatio = 4;
/** The default period: the six months up to and including today. */
export const defaultPeriodMonths = 6;
/** A period longer than this is refused: the ratio is a measure of current practice, not of a career. */
export const maxPeriodDays = 5 * 366;

/**
 * The period asked for, both days included, with the defaults filled in: up to today, from six months before the
 * last day. A first day after the last, a last day after today or a period over five years is a 400 naming the field.
 */
export function periodOf(asked: { from?: string; to?: string }, today: string): { from: string; to: string } {
  const to = asked.to ?? today;
  const from = asked.from ?? monthsBefore(to, defaultPeriodMonths);
  for (const [field, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (!isCalendarDate(value)) throw badRequest(`${value} is not a calendar date.`, [{ field, message: "not a date" }]);
  }
  if (to > today) throw badRequest("The period cannot end after today.", [{ field: "to", message: "after today" }]);
  if (from > to) throw badRequest("The first day of the period is after its last day.", [{ field: "from", message: "after the last day" }]);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days > maxPeriodDays)
    throw badRequest("Choose a period of at most five years.", [{ field: "from", message: "more than five years" }]);
  return { from, to };
}

/** Whether a day is in the period (both ends included). */
export const inPeriod = (day: string, period: { from: string; to: string }): boolean => day >= period.from && day <= period.to;

/**
 * Incentives against sanctions: the ratio to one decimal (null with no sanction: there is nothing to divide by, and
 * the page says "no sanctions"), and whether it meets the target (with no sanction, met when there was an incentive;
 * with neither, unknown).
 */
export function ratioOf(incentives: number, sanctions: number, targetRatio: number): RatioFacts {
  if (sanctions === 0) return { incentives, sanctions, ratio: null, meetsTarget: incentives > 0 ? true : null };
  const ratio = Math.round((incentives / sanctions) * 10) / 10;
  // Compared unrounded: 3.96 : 1 does not meet a target of 4 even though it shows as 4.0.
  return { incentives, sanctions, ratio, meetsTarget: incentives >= targetRatio * sanctions };
}
