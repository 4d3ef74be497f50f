// What the "opportunity" capabilities share (level review, early discharge): a policy as a checked data file beside
// the feature, and whether an opportunity is listed after the case's last decision on it (denied, snoozed, acted on).
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { maxSnoozeDays } from "../../shared/contract/opportunities";
import { addDays } from "../../shared/time/calendar-date";
import { badRequest } from "./errors";

/** Reads and checks a policy file once (a bad file fails loudly on first use, naming the problem). */
export function policyFile<T extends z.ZodType>(path: string, schema: T): () => z.infer<T> {
  let loaded: z.infer<T> | undefined;
  return () => {
    loaded ??= schema.parse(JSON.parse(readFileSync(path, "utf8")));
    return loaded as z.infer<T>;
  };
}

/** The case's last decision on an opportunity: its key, and a snooze's day. Any other decision hides the same key. */
export type OpportunityDecision = { key: string; decision: string; snoozedUntil: string | null } | null;

/**
 * Whether an opportunity is listed given the case's last decision: a decision holds while the opportunity is the
 * same (a new key is a new opportunity), a snooze until its day; listed again once the day has come (answers that
 * day, to say so).
 */
export function listedAfter(
  opportunity: { key: string },
  last: OpportunityDecision,
  today: string,
): { listed: boolean; snoozeEnded: string | null } {
  if (!last || last.key !== opportunity.key) return { listed: true, snoozeEnded: null };
  if (last.decision === "snoozed" && last.snoozedUntil && last.snoozedUntil <= today)
    return { listed: true, snoozeEnded: last.snoozedUntil };
  return { listed: false, snoozeEnded: null };
}

/** A snooze's day: after today and at most maxSnoozeDays ahead (a 400 naming the field otherwise). */
export function checkSnoozeDay(until: string, today: string): void {
  if (until <= today || until > addDays(today, maxSnoozeDays)) {
    throw badRequest(`Snooze until a day after today and at most ${maxSnoozeDays} days ahead.`, [
      { field: "until", message: `after today, at most ${maxSnoozeDays} days ahead` },
    ]);
  }
}
