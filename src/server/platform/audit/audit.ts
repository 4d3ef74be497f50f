import { createHash } from "node:crypto";
import type { Database, Queryable } from "../db/database";

export type AuditOutcome = "allowed" | "denied" | "failed";

/** Who and where: taken from the request once, passed to every service call. */
export type AuditSource = {
  agencyId: string | null;
  actorUserId: string | null;
  actorUsername: string | null;
  sessionRef: string | null;
  ip: string | null;
  userAgent: string | null;
};

export type AuditEvent = {
  action: string;
  outcome: AuditOutcome;
  recordType?: string;
  recordId?: string;
  /** Why access was allowed: a relationship ("role:admin", "own caseload") or a stated reason. */
  justification?: string;
  /** Minimum necessary (AU-3(3)): identifiers and reasons, never bodies, passwords or tokens. */
  details?: Record<string, string | number | boolean | null>;
};

type AuditRow = {
  id: number;
  occurred_at: Date;
  agency_id: string | null;
  actor_user_id: string | null;
  actor_username: string | null;
  session_ref: string | null;
  ip: string | null;
  user_agent: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  outcome: AuditOutcome;
  justification: string | null;
  details: Record<string, unknown> | null;
  previous_hash: string;
  row_hash: string;
};

export const genesisHash = "0".repeat(64);
// Serialises writers so each row links to the row committed just before it; held only until commit.
const auditChainLockKey = 7_204_118_002;

export async function appendAudit(tx: Queryable, source: AuditSource, event: AuditEvent, now: Date): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [auditChainLockKey]);
  const last = await tx.query<{ row_hash: string }>("SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1");
  const previousHash = last[0]?.row_hash ?? genesisHash;
  const content: Omit<AuditRow, "id" | "previous_hash" | "row_hash"> = {
    occurred_at: now,
    agency_id: source.agencyId,
    actor_user_id: source.actorUserId,
    actor_username: source.actorUsername,
    session_ref: source.sessionRef,
    ip: source.ip,
    user_agent: source.userAgent?.slice(0, 300) ?? null,
    action: event.action,
    record_type: event.recordType ?? null,
    record_id: event.recordId ?? null,
    outcome: event.outcome,
    justification: event.justification ?? null,
    details: event.details ?? null,
  };
  await tx.query(
    `INSERT INTO audit_log (occurred_at, agency_id, actor_user_id, actor_username, session_ref, ip, user_agent,
       action, record_type, record_id, outcome, justification, details, previous_hash, row_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      content.occurred_at,
      content.agency_id,
      content.actor_user_id,
      content.actor_username,
      content.session_ref,
      content.ip,
      content.user_agent,
      content.action,
      content.record_type,
      content.record_id,
      content.outcome,
      content.justification,
      content.details === null ? null : JSON.stringify(content.details),
      previousHash,
      rowHash(previousHash, content),
    ],
  );
}

function rowHash(previousHash: string, content: Omit<AuditRow, "id" | "previous_hash" | "row_hash">): string {
  const canonical = canonicalJson({ ...content, occurred_at: content.occurred_at.toISOString() });
  return createHash("sha256").update(previousHash).update("\n").update(canonical).digest("hex");
}

// Key order is fixed so the hash survives jsonb's own re-ordering of keys.
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
}

export type ChainVerification = { ok: true; rowsChecked: number } | { ok: false; rowsChecked: number; brokenAtId: number; reason: string };

/** Walks the chain in id order and reports the first row whose link or content does not match. */
export async function verifyAuditChain(db: Database, batchSize = 5_000): Promise<ChainVerification> {
  let previousHash = genesisHash;
  let afterId = 0;
  let rowsChecked = 0;
  for (;;) {
    const rows = await db.query<AuditRow>("SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2", [afterId, batchSize]);
    if (rows.length === 0) return { ok: true, rowsChecked };
    for (const row of rows) {
      if (row.previous_hash !== previousHash) {
        return { ok: false, rowsChecked, brokenAtId: row.id, reason: "previous_hash does not match the row before" };
      }
      const { id: _id, previous_hash: _previous, row_hash: stored, ...content } = row;
      if (rowHash(previousHash, content) !== stored) {
        return { ok: false, rowsChecked, brokenAtId: row.id, reason: "row content does not match its hash" };
      }
      previousHash = stored;
      afterId = row.id;
      rowsChecked += 1;
    }
  }
}
