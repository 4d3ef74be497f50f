// The agency's enforcement escalation clocks (e.g. 3 warnings in 6 months → supervisor review), as data in
// escalation-clocks.json, checked at load. Pure: which clocks a new response crosses, from the days of the case's
// earlier responses. A clock is crossed when the new response brings the count within its window to the threshold
// (not again for each response past it: the review it asks for is already open or done).
import { join } from "node:path";
import { z } from "zod";
import { type ResponseKind, responseKind } from "../../../shared/contract/violations";
import { addDays, monthsBefore } from "../../../shared/time/calendar-date";
import { policyFile } from "../../platform/opportunities";

export const escalationClock = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, "a short lower-case id"),
  label: z.string().trim().min(1).max(120),
  counts: z.array(responseKind).min(1, "name the responses the clock counts"),
  threshold: z.number().int().min(1).max(50),
  withinMonths: z.number().int().min(1).max(60),
});
export type EscalationClock = z.infer<typeof escalationClock>;

export const escalationClocksFile = z
  .strictObject({ description: z.string().optional(), clocks: z.array(escalationClock).max(20) })
  .superRefine((file, context) => {
    const ids = file.clocks.map((clock) => clock.id);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) context.addIssue({ code: "custom", path: ["clocks", index, "id"], message: `clock ${id} twice` });
    });
  });

const clocksFile = policyFile(join(import.meta.dirname, "escalation-clocks.json"), escalationClocksFile);
/** The clocks file, checked on first use (a bad file fails loudly, naming the problem). */
export const loadEscalationClocks = (): EscalationClock[] => clocksFile().clocks;

/** The first day inside a clock's window ending `today`: a response exactly `withinMonths` months ago is outside it. */
export const windowStart = (today: string, withinMonths: number): string => addDays(monthsBefore(today, withinMonths), 1);

/**
 * The clocks a response of `kind` chosen `today` crosses, given the days (the agency's calendar) of the case's other
 * counted responses: those the clock counts within its window, with this one, reach its threshold exactly.
 */
export function crossedClocks(
  clocks: readonly EscalationClock[],
  earlier: readonly { kind: ResponseKind; day: string }[],
  kind: ResponseKind,
  today: string,
): EscalationClock[] {
  return clocks.filter((clock) => {
    if (!clock.counts.includes(kind)) return false;
    const from = windowStart(today, clock.withinMonths);
    const before = earlier.filter((response) => clock.counts.includes(response.kind) && response.day >= from && response.day <= today);
    return before.length + 1 === clock.threshold;
  });
}
