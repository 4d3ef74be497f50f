import type { z } from "zod";
import type { standardState } from "../../../../shared/contract/contacts";
import { daysBetween } from "../../../../shared/time/calendar-date";

type State = z.infer<typeof standardState>;

/**
 * The "done" cell of a standard: a count for contacts ("2 of 4"); in words for the one-off checks of where the
 * person lives, which are either done or not ("1 of 1" says nothing to a reader).
 */
export function standardDoneText(state: Pick<State, "kind" | "done" | "required">): string {
  if (state.kind === "home_verification") return state.done >= state.required ? "Verified" : "Not verified yet";
  if (state.kind === "whereabouts") return state.done >= state.required ? "Seen face to face" : "Not seen yet";
  return `${state.done} of ${state.required}`;
}

/** What the whereabouts check asks, for a person with no fixed address; null when the case has none. */
export function whereaboutsExplanation(states: readonly Pick<State, "kind" | "periodStart" | "periodEnd">[]): string | null {
  const whereabouts = states.find((state) => state.kind === "whereabouts");
  if (!whereabouts) return null;
  const days = daysBetween(whereabouts.periodStart, whereabouts.periodEnd);
  return `No fixed address: there is no home to verify, so see them face to face at least every ${days} days to confirm where they stay. Each face-to-face contact starts the count again.`;
}
