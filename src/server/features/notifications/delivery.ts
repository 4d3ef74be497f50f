import type { PlatformDeps } from "../../platform/context";
import type { Job } from "../../platform/jobs";
import { type ClaimedDelivery, claimDueDeliveries, markDeliveryFailed, markDeliverySent } from "./notifications.queries";
import type { OutgoingMessage, Senders } from "./senders";

/** What an e-mail or SMS says about each kind. */
const kindSubjects: Record<string, string> = {
  field_visit_overdue: "A field visit is overdue",
  drug_test: "A drug test result was recorded",
  task: "A new task is waiting",
  request_decided: "A supervisor decided on your request",
  monitoring_alert: "A monitoring alert needs attention",
};

/**
 * E-mail and SMS leave the agency's systems: they say what kind of notification is waiting and where to read it,
 * never a supervised person's name or a record's details (those stay behind the sign-in).
 */
export function outgoingMessage(delivery: Pick<ClaimedDelivery, "address" | "kind" | "urgent">, publicUrl: string): OutgoingMessage {
  const subject = `${delivery.urgent ? "Urgent: " : ""}${kindSubjects[delivery.kind] ?? "New notification"}`;
  return {
    to: delivery.address,
    subject: `Waypoint: ${subject}`,
    text: `${subject}. Sign in to Waypoint to read it: ${publicUrl}/notifications`,
  };
}

/** Back-off after a failed attempt n (1-based): 30 s, 1 min, 2 min, … at most an hour. */
export const retryDelayMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 60 * 60_000);

/** How long a claimed delivery is leased to its worker: past it, another instance may try again. */
const leaseMs = 2 * 60_000;
const batchSize = 20;

/**
 * Sends what is due in the outbox. Claiming is one statement (SKIP LOCKED, leased), and sending happens outside
 * any transaction, so a slow or refusing SMTP server holds no lock; every attempt ends sent, due again after
 * back-off, or (after the last attempt) a dead letter. Nothing is dropped.
 */
export async function dispatchNotificationDeliveries(
  deps: Pick<PlatformDeps, "db" | "config" | "log">,
  senders: Senders,
  now: Date,
): Promise<number> {
  const claimed = await claimDueDeliveries(deps.db, now, new Date(now.getTime() + leaseMs), batchSize);
  for (const delivery of claimed) {
    const sender = senders[delivery.channel];
    try {
      if (!sender) throw new Error(`no ${delivery.channel === "email" ? "e-mail" : "SMS"} sender is configured on this server`);
      await sender.send(outgoingMessage(delivery, deps.config.publicUrl));
      await markDeliverySent(deps.db, delivery.id, now);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const last = delivery.attempts >= deps.config.notifyMaxAttempts;
      await markDeliveryFailed(deps.db, delivery.id, message, last ? null : new Date(now.getTime() + retryDelayMs(delivery.attempts)));
      deps.log.warn(
        { delivery: delivery.id, channel: delivery.channel, attempt: delivery.attempts, dead: last, err: message },
        "delivery failed",
      );
    }
  }
  return claimed.length;
}

/** The periodic job that runs the dispatch on every instance (each claims different rows). */
export function notificationDispatchJob(deps: Pick<PlatformDeps, "db" | "config" | "log">, senders: Senders): Job {
  return {
    name: "notification delivery",
    everyMs: deps.config.notifyDispatchSeconds * 1000,
    run: (now) => dispatchNotificationDeliveries(deps, senders, now),
  };
}
