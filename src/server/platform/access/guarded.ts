import { type AuditEvent, appendAudit, appendAuditRows, skipsAuditInBackground } from "../audit/audit";
import type { FeatureDeps, RequestContext } from "../context";
import { type Database, isDatabaseUnavailable, type Queryable } from "../db/database";
import { AppError, forbidden, unauthenticated } from "../errors";
import { withoutNul } from "../http/nul-guard";
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
  /**
   * Says, on purpose, that this work needs no access decision and no audit row: it touches only the actor's
   * own non-case data (their notifications), already limited to them by the query. Not for anyone else's records.
   */
  ownDataOnly(reason: string): void;
};

class AccessDenied extends Error {
  constructor(readonly event: AuditEvent) {
    super("access denied");
  }
}

const notSignedIn = "not signed in";

/**
 * Runs work in one transaction with its audit rows, so a change and its audit row commit together
 * or not at all, and an audit row that cannot be written fails the request (fail closed, ASVS 16.5.3).
 * A denial rolls the work back and is itself audited.
 */
export async function guarded<T>(deps: FeatureDeps, context: RequestContext, work: (guard: Guard) => Promise<T>): Promise<T> {
  const db = databaseOf(deps);
  // A read needs no transaction (see RequestContext.readOnly): its audit rows are written after the work, before any answer.
  // The work's handle, and the one its audit rows are written on (the same, except a read's work may not write).
  type Work<R> = (tx: Queryable, auditTx: Queryable) => Promise<R>;
  const run = context.readOnly
    ? <R>(fn: Work<R>) => db.withConnection((connection) => fn(readOnlyQueries(connection), connection))
    : <R>(fn: Work<R>) => db.transaction((tx) => fn(tx, tx));
  try {
    return await run(async (tx, auditTx) => {
      const pending: AuditEvent[] = [];
      // Every guarded work must decide on access (or record an access-neutral event): forgetting is a bug, not a pass.
      let decided = false;
      const guard: Guard = {
        tx,
        authorize(permission, target, event) {
          decided = true;
          if (!context.actor) throw new AccessDenied({ ...event, outcome: "denied", justification: notSignedIn });
          const decision = decide(context.actor, permission, target);
          const audited = { ...event, justification: decision.justification };
          if (!decision.allowed) throw new AccessDenied({ ...audited, outcome: "denied" });
          pending.push({ ...audited, outcome: "allowed" });
        },
        authorizeAny(permission, targets, event) {
          decided = true;
          if (!context.actor) throw new AccessDenied({ ...event, outcome: "denied", justification: notSignedIn });
          const actor = context.actor;
          const decisions = targets.map((target) => decide(actor, permission, target));
          const allowed = decisions.find((decision) => decision.allowed);
          if (!allowed) {
            throw new AccessDenied({ ...event, outcome: "denied", justification: decisions[0]?.justification ?? "no record to relate to" });
          }
          pending.push({ ...event, outcome: "allowed", justification: allowed.justification });
        },
        visible(permission, columns, firstParam, event) {
          decided = true;
          const actor = context.actor;
          if (!actor) throw new AccessDenied({ ...event, outcome: "denied", justification: notSignedIn });
          if (!mayEver(actor, permission)) {
            throw new AccessDenied({ ...event, outcome: "denied", justification: `no rule grants ${permission}` });
          }
          pending.push({ ...event, outcome: "allowed", justification: `${permission} limited to records visible to the actor` });
          return visibleFilter(actor, permission, columns, firstParam);
        },
        record(event) {
          decided = true;
          pending.push(event);
        },
        ownDataOnly(_reason) {
          if (!context.actor) throw new AccessDenied({ action: "own_data", outcome: "denied", justification: notSignedIn });
          decided = true;
        },
      };
      const result = await work(guard);
      if (!decided) throw new UndecidedWork();
      try {
        const written = context.background ? pending.filter((event) => !skipsAuditInBackground(event)) : pending;
        await appendAuditRows(auditTx, context.source, written, context.now);
      } catch (error) {
        throw new AuditWriteFailed(error);
      }
      return result;
    });
  } catch (error) {
    if (error instanceof AccessDenied) {
      await writeAuditNow(deps, context, error.event);
      // A missing actor is a missing sign-in (401), whatever route let the request through.
      throw error.event.justification === notSignedIn ? unauthenticated() : forbidden();
    }
    if (error instanceof AuditWriteFailed) {
      // AU-5: an audit failure is an alert, not a quiet log line.
      deps.log.fatal({ alert: "audit_write_failed", err: error.cause }, "audit log write failed; request refused");
      throw new AppError("audit_unavailable", "The audit log could not be written, so nothing was saved. Try again later.");
    }
    if (error instanceof UndecidedWork) {
      deps.log.error({ alert: "guarded_work_undecided", err: error }, error.message);
      throw new AppError("internal", "Something went wrong: the request made no access decision, so nothing was saved.");
    }
    throw error;
  }
}

class UndecidedWork extends Error {
  constructor() {
    super("guarded work made no access decision (authorize, authorizeAny, visible, record or ownDataOnly); rolled back");
  }
}

class AuditWriteFailed extends Error {
  constructor(override readonly cause: unknown) {
    super("audit write failed");
  }
}

/** Writes one audit row in its own transaction: for events that stand alone, like a denial or a failed sign-in. */
export async function writeAuditNow(deps: FeatureDeps, context: RequestContext, event: AuditEvent): Promise<void> {
  const db = databaseOf(deps);
  try {
    await db.transaction((tx) => appendAudit(tx, context.source, event, context.now));
  } catch (error) {
    // A value the database refuses (a NUL, say) must not cost the row: write it again with every text made storable.
    if (!isDatabaseUnavailable(error)) {
      const written = await db
        .transaction((tx) => appendAudit(tx, storable(context.source), storable(event), context.now))
        .then(() => true)
        .catch(() => false);
      if (written) {
        deps.log.error({ err: error, action: event.action }, "audit row written with unstorable characters replaced");
        return;
      }
    }
    deps.log.fatal({ alert: "audit_write_failed", err: error }, "audit log write failed");
    throw new AppError("audit_unavailable", "The audit log could not be written. Try again later.");
  }
}

/** The same value with U+0000 (which PostgreSQL cannot store in text or jsonb) replaced in every string. */
function storable<T>(value: T): T {
  if (typeof value === "string") return withoutNul(value) as T;
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNul(key), storable(item)])) as T;
}

const writes = /\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|MERGE\s+INTO|TRUNCATE|SELECT\s+nextval)\b/i;

/**
 * The connection as a read's work sees it: a statement that writes is refused, since without a transaction it
 * could not be rolled back (a GET that writes is a bug; this makes it a loud one). Only the audit rows get through.
 */
function readOnlyQueries(connection: Queryable): Queryable {
  return {
    query(sql, params) {
      if (writes.test(sql)) throw new Error(`a read-only request tried to write: ${sql.slice(0, 80)}`);
      return connection.query(sql, params);
    },
    exec(sql) {
      throw new Error(`a read-only request tried to run a script: ${sql.slice(0, 80)}`);
    },
  };
}

// Features hold the database typed without its query methods (FeatureDeps); only guarded work uses them.
const databaseOf = (deps: FeatureDeps): Database => deps.db as Database;
