import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Logger } from "pino";
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
  /** Fastify's request id (X-Request-Id, request log); absent for jobs and start-up. */
  requestId?: string | null;
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

/**
 * Automatic refreshes (X-Waypoint-Background: 1) of what the web app polls every 30 s: the signed-in user's
 * own notifications and the field-visit banner and board (staff safety status: who is out, where, since
 * when). They return the user's own notices and colleagues' visits, never a person's record, and the
 * first, user-initiated load of each is audited; a chain row per user every 30 s would only bury the rows
 * that matter. Only allowed reads with these actions are skipped: a denial, a change, and any read of a
 * person's record are audited whatever the header says.
 */
export const backgroundPollActions: ReadonlySet<string> = new Set(["field_visit.list", "notification.list"]);

export const skipsAuditInBackground = (event: AuditEvent) => event.outcome === "allowed" && backgroundPollActions.has(event.action);

type AuditContent = {
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
  request_id: string | null;
};

type AuditRow = AuditContent & { id: number };

const contentColumns =
  "id, occurred_at, agency_id, actor_user_id, actor_username, session_ref, ip, user_agent, action, record_type, record_id, outcome, justification, details, request_id";

export const genesisHash = "0".repeat(64);
// One sealer at a time across every instance; requests never take it.
const auditSealerLockKey = 7_204_118_003;

/**
 * Writes an audit row in the caller's transaction: a plain INSERT, no lock and no hash, so concurrent
 * requests do not wait for each other. A trigger queues the row for the sealer (sealPendingAudit), which
 * links it into the hash chain after it commits. If the insert fails, the caller's transaction fails.
 */
export async function appendAudit(tx: Queryable, source: AuditSource, event: AuditEvent, now: Date): Promise<void> {
  await appendAuditRows(tx, source, [event], now);
}

const auditColumnCount = 14;

/**
 * As appendAudit, for all of a request's rows in one statement (one round trip however many decisions it made),
 * inserted in the order given, so their ids keep that order.
 */
export async function appendAuditRows(tx: Queryable, source: AuditSource, events: readonly AuditEvent[], now: Date): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map(
    (_, row) => `(${Array.from({ length: auditColumnCount }, (_, column) => `$${row * auditColumnCount + column + 1}`).join(", ")})`,
  );
  await tx.query(
    `INSERT INTO audit_log (occurred_at, agency_id, actor_user_id, actor_username, session_ref, ip, user_agent,
       action, record_type, record_id, outcome, justification, details, request_id)
     VALUES ${rows.join(", ")}`,
    events.flatMap((event) => [
      now,
      source.agencyId,
      source.actorUserId,
      source.actorUsername,
      source.sessionRef,
      source.ip,
      source.userAgent?.slice(0, 300) ?? null,
      event.action,
      event.recordType ?? null,
      event.recordId ?? null,
      event.outcome,
      event.justification ?? null,
      event.details === null || event.details === undefined ? null : JSON.stringify(event.details),
      source.requestId ?? null,
    ]),
  );
}

/**
 * sha256(previous hash, canonical row). request_id joins the hashed content only when present, so rows
 * chained before it existed verify with the formula they were chained with.
 */
function rowHash(previousHash: string, row: AuditContent): string {
  const { request_id, ...content } = row;
  const hashed = request_id === null ? content : { ...content, request_id };
  const canonical = canonicalJson({ ...hashed, occurred_at: row.occurred_at.toISOString() });
  return createHash("sha256").update(previousHash).update("\n").update(canonical).digest("hex");
}

// Key order is fixed so the hash survives jsonb's own re-ordering of keys.
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
}

const contentOf = ({ id: _id, ...content }: AuditRow): AuditContent => content;

// ---- checkpoints: the chain head, signed, so that removing the newest rows is detected ----

export type AuditCheckpoint = { sealedRows: number; headHash: string; createdAt: Date; signature: string };

function checkpointSignature(secretKey: string, checkpoint: Omit<AuditCheckpoint, "signature">): string {
  const key = createHash("sha256").update(`waypoint:audit-checkpoint:v1:${secretKey}`).digest();
  return createHmac("sha256", key)
    .update(`${checkpoint.sealedRows}\n${checkpoint.headHash}\n${checkpoint.createdAt.toISOString()}`)
    .digest("hex");
}

function signatureMatches(secretKey: string, checkpoint: AuditCheckpoint): boolean {
  const expected = Buffer.from(checkpointSignature(secretKey, checkpoint));
  const given = Buffer.from(checkpoint.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// ---- the sealer ----

export type SealerDeps = { db: Database; log: Logger; config: { secretKey: string } };

/**
 * Links committed, unsealed audit rows into the chain, in the order found (rows of one batch by id),
 * then records and logs a signed checkpoint of the new head. Safe on many instances: a transaction-scoped
 * advisory lock lets one sealer work at a time (the others return at once), and the unique keys of
 * audit_seal refuse a second link to the same row or predecessor. Returns the rows sealed.
 */
export async function sealPendingAudit(
  deps: SealerDeps,
  now: Date,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 2_000;
  // Nothing queued (an idle instance, each second): one statement instead of a transaction of four.
  const [queue] = await deps.db.query<{ pending: boolean }>("SELECT EXISTS (SELECT 1 FROM audit_unsealed) AS pending");
  if (!queue?.pending) return 0;
  let sealed = 0;
  for (let batch = 0; batch < (options.maxBatches ?? 25); batch++) {
    const result = await deps.db.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS locked", [auditSealerLockKey]);
      if (!lock?.locked) return null;
      const queued = await tx.query<{ audit_id: number }>(
        "DELETE FROM audit_unsealed WHERE audit_id IN (SELECT audit_id FROM audit_unsealed ORDER BY audit_id LIMIT $1) RETURNING audit_id",
        [batchSize],
      );
      if (queued.length === 0) return null;
      const rows = await tx.query<AuditRow>(`SELECT ${contentColumns} FROM audit_log WHERE id = ANY ($1::bigint[]) ORDER BY id`, [
        queued.map((row) => row.audit_id),
      ]);
      const [head] = await tx.query<{ sequence: number; row_hash: string }>(
        "SELECT sequence, row_hash FROM audit_seal ORDER BY sequence DESC LIMIT 1",
      );
      let sequence = head?.sequence ?? 0;
      let previousHash = head?.row_hash ?? genesisHash;
      const links = { sequences: [] as number[], auditIds: [] as number[], previous: [] as string[], hashes: [] as string[] };
      for (const row of rows) {
        const hash = rowHash(previousHash, contentOf(row));
        sequence += 1;
        links.sequences.push(sequence);
        links.auditIds.push(row.id);
        links.previous.push(previousHash);
        links.hashes.push(hash);
        previousHash = hash;
      }
      if (rows.length > 0) {
        await tx.query(
          `INSERT INTO audit_seal (sequence, audit_id, previous_hash, row_hash, sealed_at)
           SELECT link.sequence, link.audit_id, link.previous_hash, link.row_hash, $5
             FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS link (sequence, audit_id, previous_hash, row_hash)`,
          [links.sequences, links.auditIds, links.previous, links.hashes, now],
        );
      }
      const checkpoint = { sealedRows: sequence, headHash: previousHash, createdAt: now };
      const signature = checkpointSignature(deps.config.secretKey, checkpoint);
      await tx.query("INSERT INTO audit_checkpoint (created_at, sealed_rows, head_hash, signature) VALUES ($1, $2, $3, $4)", [
        now,
        checkpoint.sealedRows,
        checkpoint.headHash,
        signature,
      ]);
      return { sealed: rows.length, checkpoint: { ...checkpoint, signature } };
    });
    if (!result) break;
    sealed += result.sealed;
    // A copy outside the database: compare it with audit:verify --checkpoint if the table itself is suspect.
    deps.log.info({ auditCheckpoint: { ...result.checkpoint, createdAt: result.checkpoint.createdAt.toISOString() } }, "audit checkpoint");
    if (result.sealed < batchSize) break;
  }
  return sealed;
}

// ---- verification ----

export type ChainVerification = {
  ok: boolean;
  /** Sealed rows whose link and content were checked. */
  rowsChecked: number;
  brokenAtId?: number;
  reason?: string;
  /** Rows not sealed yet; overdue: waiting longer than maxUnsealedSeconds. */
  unsealed: { count: number; overdue: number; oldestAt: Date | null };
  /** The newest stored checkpoint, checked against the chain (null: none written yet). */
  checkpoint: Omit<AuditCheckpoint, "signature"> | null;
};

type SealRow = AuditRow & { sequence: number; seal_audit_id: number; seal_previous_hash: string; seal_row_hash: string };

/**
 * Walks the chain in sealing order: each link must follow the one before, each row's content must match
 * its hash, and the newest checkpoint (and any given from the application log) must be signed with
 * SECRET_KEY and lie on the chain, so rows removed from the end are detected. Rows still unsealed after
 * maxUnsealedSeconds are reported too: they are not yet protected by the chain.
 */
export async function verifyAuditChain(
  db: Database,
  options: { secretKey: string; now?: Date; maxUnsealedSeconds?: number; checkpoints?: AuditCheckpoint[]; batchSize?: number },
): Promise<ChainVerification> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 5_000;
  const [unsealedRow] = await db.query<{ count: number; overdue: number; oldest_at: Date | null; first_overdue_id: number | null }>(
    `SELECT count(*)::int AS count, count(*) FILTER (WHERE a.occurred_at < $1)::int AS overdue, min(a.occurred_at) AS oldest_at,
            min(a.id) FILTER (WHERE a.occurred_at < $1) AS first_overdue_id
       FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)`,
    [new Date(now.getTime() - (options.maxUnsealedSeconds ?? 300) * 1000)],
  );
  const unsealed = { count: unsealedRow?.count ?? 0, overdue: unsealedRow?.overdue ?? 0, oldestAt: unsealedRow?.oldest_at ?? null };
  const [stored] = await db.query<{ sealed_rows: number; head_hash: string; created_at: Date; signature: string }>(
    "SELECT sealed_rows, head_hash, created_at, signature FROM audit_checkpoint ORDER BY id DESC LIMIT 1",
  );
  const latest: AuditCheckpoint | null = stored
    ? { sealedRows: stored.sealed_rows, headHash: stored.head_hash, createdAt: stored.created_at, signature: stored.signature }
    : null;
  const checkpoint = latest ? { sealedRows: latest.sealedRows, headHash: latest.headHash, createdAt: latest.createdAt } : null;
  let rowsChecked = 0;
  const fail = (reason: string, brokenAtId?: number): ChainVerification => ({
    ok: false,
    rowsChecked,
    brokenAtId,
    reason,
    unsealed,
    checkpoint,
  });

  const anchors = [...(latest ? [latest] : []), ...(options.checkpoints ?? [])];
  for (const anchor of anchors) {
    if (!signatureMatches(options.secretKey, anchor)) {
      return fail(`the checkpoint of ${anchor.createdAt.toISOString()} is not signed with this SECRET_KEY (forged, or another key)`);
    }
  }
  const expectedHeads = new Map(anchors.map((anchor) => [anchor.sealedRows, anchor]));

  let previousHash = genesisHash;
  let afterSequence = 0;
  for (;;) {
    const rows = await db.query<SealRow>(
      `SELECT s.sequence, s.audit_id AS seal_audit_id, s.previous_hash AS seal_previous_hash, s.row_hash AS seal_row_hash,
              a.id, a.occurred_at, a.agency_id, a.actor_user_id, a.actor_username, a.session_ref, a.ip, a.user_agent, a.action,
              a.record_type, a.record_id, a.outcome, a.justification, a.details, a.request_id
         FROM audit_seal s LEFT JOIN audit_log a ON a.id = s.audit_id
        WHERE s.sequence > $1 ORDER BY s.sequence LIMIT $2`,
      [afterSequence, batchSize],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.sequence !== afterSequence + 1) return fail(`link ${afterSequence + 1} of the chain is missing`, row.seal_audit_id);
      if (row.id === null) return fail("the sealed audit row is missing", row.seal_audit_id);
      if (row.seal_previous_hash !== previousHash) return fail("previous_hash does not match the row before", row.id);
      const { sequence: _sequence, seal_audit_id: _auditId, seal_previous_hash: _previous, seal_row_hash: stored, ...auditRow } = row;
      if (rowHash(previousHash, contentOf(auditRow)) !== stored) return fail("row content does not match its hash", row.id);
      const anchor = expectedHeads.get(row.sequence);
      if (anchor && anchor.headHash !== stored) {
        return fail(`the chain differs from the checkpoint of ${anchor.createdAt.toISOString()} at link ${row.sequence}`, row.id);
      }
      previousHash = stored;
      afterSequence = row.sequence;
      rowsChecked += 1;
    }
  }
  const furthest = anchors.reduce((most, anchor) => (anchor.sealedRows > most.sealedRows ? anchor : most), {
    sealedRows: 0,
    createdAt: now,
  } as Pick<AuditCheckpoint, "sealedRows" | "createdAt">);
  if (rowsChecked < furthest.sealedRows) {
    return fail(
      `the chain ends after ${rowsChecked} sealed rows, but the checkpoint of ${furthest.createdAt.toISOString()} covered ${furthest.sealedRows}: rows were removed from the end`,
    );
  }
  if (unsealed.overdue > 0) {
    return fail(
      `${unsealed.overdue} audit rows have waited more than ${options.maxUnsealedSeconds ?? 300} s to be sealed (is the sealer running?)`,
      unsealedRow?.first_overdue_id ?? undefined,
    );
  }
  return { ok: true, rowsChecked, unsealed, checkpoint };
}
