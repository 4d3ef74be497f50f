// The decisions every "opportunity" (level review, early discharge) takes the same way: deny with a reason, or snooze
// until a day with a reason. The opportunity's key is sent back, so a decision on facts that changed is a 409.
import { z } from "zod";
import { isoDate } from "./common";

export const opportunityReasonUpTo = (max: number, missing = "Give a reason") =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `Keep the reason under ${max} characters`);
export const opportunityKey = z.string().min(1).max(300);

export const opportunitySnoozeBody = z.strictObject({
  opportunityKey,
  reason: opportunityReasonUpTo(500),
  until: isoDate.describe("Shown again from this day (at most 180 days ahead)"),
});
export const opportunityDenyBody = z.strictObject({ opportunityKey, reason: opportunityReasonUpTo(500) });

/** A snooze puts an opportunity off for at most this long; longer, deny it with its reason. */
export const maxSnoozeDays = 180;
