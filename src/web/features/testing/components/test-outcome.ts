import type { DrugTest } from "../api/testing";

export type TestOutcome = "negative" | "positive" | "adulterated" | "dilute" | "invalid" | "missed" | "refused";

export const outcomeLabels: Record<TestOutcome, string> = {
  positive: "Positive",
  adulterated: "Adulterated",
  dilute: "Dilute",
  invalid: "Invalid",
  missed: "Missed",
  refused: "Refused",
  negative: "Negative",
};

/** The outcomes in the order of the chart's lanes (top to bottom). */
export const outcomeOrder: TestOutcome[] = ["positive", "adulterated", "dilute", "invalid", "missed", "refused", "negative"];

const resultPriority = ["positive", "adulterated", "dilute", "invalid"] as const;

/** One word for a test: missed/refused, else the most serious result of the panel. */
export function outcomeOf(test: DrugTest): TestOutcome {
  if (test.status !== "collected") return test.status;
  for (const result of resultPriority) if (test.results.some((item) => item.result === result)) return result;
  return "negative";
}

export const methodLabels = { urine: "Urine", oral_fluid: "Oral fluid", breath: "Breath", sweat_patch: "Sweat patch" } as const;
export const frequencyLabels = { random: "Random", weekly: "Weekly", twice_monthly: "Twice a month", monthly: "Monthly" } as const;
export const statusLabels = { collected: "Collected", missed: "Missed", refused: "Refused" } as const;
export const resultLabels = {
  negative: "Negative",
  positive: "Positive",
  dilute: "Dilute",
  adulterated: "Adulterated",
  invalid: "Invalid",
} as const;

const dateFormat = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));
