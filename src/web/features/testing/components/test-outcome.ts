import { formatSubstance } from "../../../lib/format";
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

/**
 * One word for a test: missed/refused, else the most serious result of the panel. A result the lab overturned
 * no longer counts (as on the server, where its event stops counting as positive).
 */
export function outcomeOf(test: DrugTest): TestOutcome {
  if (test.status !== "collected") return test.status;
  const standing = test.results.filter((item) => item.confirmation !== "overturned");
  for (const result of resultPriority) if (standing.some((item) => item.result === result)) return result;
  return "negative";
}

export const confirmationLabels = {
  not_required: "Not required",
  pending: "Pending",
  confirmed: "Confirmed by the lab",
  overturned: "Overturned by the lab",
} as const;

export const custodyActionLabels = {
  collected: "Collected",
  sealed: "Sealed",
  shipped: "Shipped",
  received_by_lab: "Received by the lab",
  tested: "Tested",
} as const;

/** The step that usually follows (a suggestion for the next custody step). */
export const nextCustodyAction: Record<keyof typeof custodyActionLabels, keyof typeof custodyActionLabels> = {
  collected: "sealed",
  sealed: "shipped",
  shipped: "received_by_lab",
  received_by_lab: "tested",
  tested: "tested",
};

/** "THC (cannabis): positive", with the lab's status when the result was sent for confirmation. */
export function resultText(item: DrugTest["results"][number]): string {
  const base = `${formatSubstance(item.substance)}: ${resultLabels[item.result].toLowerCase()}`;
  if (item.confirmation === "pending") return `${base} (lab confirmation pending)`;
  if (item.confirmation === "confirmed") return `${base} (confirmed by the lab)`;
  if (item.confirmation === "overturned") return `${base} (overturned by the lab)`;
  return base;
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
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));
