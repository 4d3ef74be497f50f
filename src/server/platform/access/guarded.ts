import { type AuditEvent, appendAudit, skipsAuditInBackground } from "../audit/audit";
import type { PlatformDeps, RequestContext } from "../context";
import type { Queryable } from "../db/database";
import { AppError, forbidden } from "../errors";
import { decide, mayEver, type Permission, type Target, visibleFilter } from "./policy";

type GuardedEvent = Omit<AuditEvent, "outcome" | "justification">;

export type Guard = {
  tx: Queryable;
  /** Checks the permission on this record; allowed: queues an audit row, denied: aborts with 403. */
  authorize(permission: Permission, target: Target, event: GuardedEvent): void;
  /** As authorize, allowed when any of the targets allows it (a person seen through any of their cases). */
  authorizeAny(permission: Permission, targets: readonly Target[], event: GuardedEvent): void;
  /**
   * For lists: the SQL condition for the rows the actor may see (see visibleFilter), with an audit row;
   * denied when no rule of the permission applies to the actor's roles at all.
   */
  visible(
    permission: Permission,
    columns: Parameters<typeof visibleFilter>[2],
    firstParam: number,
    event: GuardedEvent,
  ): { sql: string; params: unknown[] };
  /** Queues an audit row written in the same transaction (events with no permission, e.g. sign-in). */
  record(event: AuditEvent): void;
};

class AccessDenied extends Error {
  constructor(readonly event: AuditEvent) {
    super("access denied");
  }
}

/**
 * Runs work in one transaction with its audit rows, so a change and its audit row commit together
 * or not at all, and an audit row that cannot be written fails the request (fail closed, ASVS 16.5.3).
 * A denial rolls the work back and is itself audited.
 */
export async function guarded<T>(deps: PlatformDeps, context: RequestContext, work: (guard: Guard) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction(async (tx) => {
      const pending: AuditEvent[] = [];
      const guard: Guard = {
        tx,
        authorize(permission, target, event) {
          if (!context.actor) throw new AccessDenied({ ...event, outcome: "denied", justification: "not signed in" });
          const decision = decide(context.actor, permission, target);
          const audited = { ...event, justification: decision.justification };
          if (!decision.allowed) throw new AccessDenied({ ...audited, outcome: "denied" });
          pending.push({ ...audited, outcome: "allowed" });
        },
        authorizeAny(permission, targets, event) {
          if (!context.actor) throw new AccessDenied({ ...event, outcome: "denied", justification: "not signed in" });
          const actor = context.actor;
          const decisions = targets.map((target) => decide(actor, permission, target));
          const allowed = decisions.find((decision) => decision.allowed);
          if (!allowed) {
            throw new AccessDenied({ ...event, outcome: "denied", justification: decisions[0]?.justification ?? "no record to relate to" });
          }
          pending.push({ ...event, outcome: "allowed", justification: allowed.justification });
        },
        visible(permission, columns, firstParam, event) {
          const actor = context.actor;
          if (!actor || !mayEver(actor, permission)) {
            throw new AccessDenied({ ...event, outcome: "denied", justification: `no rule grants ${permission}` });
          }
          pending.push({ ...event, outcome: "allowed", justification: `${permission} limited to records visible to the actor` });
          return visibleFilter(actor, permission, columns, firstParam);
        },
        record(event) {
          pending.push(event);
        },
      };
      const result = await work(guard);
      try {
        for (const event of pending) {
          if (context.background && skipsAuditInBackground(event)) continue;
          await appendAudit(tx, context.source, event, context.now);
        }
      } catch (error) {
        throw new AuditWriteFailed(error);
      }
      return result;
    });
  } catch (error) {
    if (error instanceof AccessDenied) {
      await writeAuditNow(deps, context, error.event);
      throw forbidden();
    }
    if (error instanceof AuditWriteFailed) {
      // AU-5: an audit failure is an alert, not a quiet log line.
      deps.log.fatal({ alert: "audit_write_failed", err: error.cause }, "audit log write failed; request refused");
      throw new AppError("audit_unavailable", "The audit log could not be written, so nothing was saved. Try again later.");
    }
    throw error;
  }
}

class AuditWriteFailed extends Error {
  constructor(override readonly cause: unknown) {
    super("audit write failed");
  }
}

/** Writes one audit row in its own transaction: for events that stand alone, like a denial or a failed sign-in. */
export async function writeAuditNow(deps: PlatformDeps, context: RequestContext, event: AuditEvent): Promise<void> {
  try {
    await deps.db.transaction((tx) => appendAudit(tx, context.source, event, context.now));
  } catch (error) {
    deps.log.fatal({ alert: "audit_write_failed", err: error }, "audit log write failed");
    throw new AppError("audit_unavailable", "The audit log could not be written. Try again later.");
  }
}
