import type { RatioFacts } from "../api/incentives";

const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 1 });

/** A ratio for people: "3.5 : 1", "No sanctions" when there is nothing to divide by. */
export function ratioText(facts: RatioFacts): string {
  if (facts.ratio === null) return "No sanctions";
  return `${oneDecimal.format(facts.ratio)} : 1`;
}

/** The target for people: "4 : 1". */
export const targetText = (target: number): string => `${oneDecimal.format(target)} : 1`;

/** Whether it meets the target, in words. */
export function targetWords(facts: RatioFacts): string {
  if (facts.meetsTarget === null) return "Nothing recorded in the period";
  return facts.meetsTarget ? "Meets the target" : "Below the target";
}

/** What counts, said once wherever a ratio is shown. */
export const whatCounts =
  "Incentives recorded in the period against sanctions: violation responses chosen in the period that stand (to carry out or carried out). Responses awaiting a supervisor's approval, refused or cancelled do not count.";
