// npm run bench:audit — cost of the audit append, the write every guarded request makes, and of sealing
// the rows into the hash chain afterwards (off the request path). Baseline measured in the same run: the
// same row inserted by hand with a literal INSERT.
// Uses DATABASE_URL when set; otherwise a throw-away PostgreSQL cluster. --quick: fewer rows.
import { performance } from "node:perf_hooks";
import pino from "pino";
import { type Cluster, startCluster } from "../scripts/lib/postgres-cluster";
import { appendAudit, sealPendingAudit, verifyAuditChain } from "../src/server/platform/audit/audit";
import { openPglite, openPostgres } from "../src/server/platform/db/database";
import { migrate } from "../src/server/platform/db/migrate";

const quick = process.argv.includes("--quick");
const rowsPerRun = quick ? 2_000 : 20_000;
const concurrency = 16;
const secretKey = "bench-secret-key-0123456789abcdef";

const source = {
  agencyId: null,
  actorUserId: null,
  actorUsername: "bench",
  sessionRef: "0123456789abcdef",
  ip: "127.0.0.1",
  userAgent: "bench",
};
const event = { action: "person.read", outcome: "allowed" as const, recordType: "person", recordId: "42", justification: "own caseload" };

async function run(label: string, db: Awaited<ReturnType<typeof openPostgres>>, workers: number) {
  const perWorker = Math.ceil(rowsPerRun / workers);
  const latencies: number[] = [];
  const time = async (write: () => Promise<void>) => {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let i = 0; i < perWorker; i++) {
          const t = performance.now();
          await write();
          latencies.push(performance.now() - t);
        }
      }),
    );
    return performance.now() - started;
  };
  const plainMs = await time(() =>
    db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO audit_log (occurred_at, actor_username, session_ref, ip, user_agent, action, record_type, record_id, outcome, justification, previous_hash, row_hash)
         VALUES (now(), $1, $2, $3, $4, $5, $6, $7, $8, $9, '', '')`,
        [
          source.actorUsername,
          source.sessionRef,
          source.ip,
          source.userAgent,
          event.action,
          event.recordType,
          event.recordId,
          event.outcome,
          event.justification,
        ],
      );
    }),
  );
  latencies.length = 0;
  // The plain rows above would break the chain; start the chained run from a clean table.
  await db.exec(
    "ALTER TABLE audit_log DISABLE TRIGGER USER; DELETE FROM audit_log; ALTER TABLE audit_log ENABLE TRIGGER USER; DELETE FROM audit_unsealed;",
  );
  const chainedMs = await time(() => db.transaction((tx) => appendAudit(tx, source, event, new Date())));
  latencies.sort((a, b) => a - b);
  const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? 0;
  const sealStarted = performance.now();
  const sealer = { db, log: pino({ level: "silent" }), config: { secretKey } };
  while ((await sealPendingAudit(sealer, new Date(), { maxBatches: 1 })) > 0) {}
  const sealMs = performance.now() - sealStarted;
  const verification = await verifyAuditChain(db, { secretKey });
  const rows = perWorker * workers;
  console.log(
    `${label}: ${rows} rows, ${workers} concurrent writers — plain INSERT ${(rows / (plainMs / 1000)).toFixed(0)} rows/s, ` +
      `audit append ${(rows / (chainedMs / 1000)).toFixed(0)} rows/s (ratio ${(chainedMs / plainMs).toFixed(2)}× the time), p95 ${p95.toFixed(2)} ms; ` +
      `sealed afterwards at ${(rows / (sealMs / 1000)).toFixed(0)} rows/s, chain intact: ${verification.ok}`,
  );
  return { rowsPerSecond: rows / (chainedMs / 1000), ratio: chainedMs / plainMs, p95 };
}

const cluster: Cluster | undefined = process.env.DATABASE_URL ? undefined : await startCluster();
const url = process.env.DATABASE_URL ?? cluster!.url;
try {
  const server = await openPostgres(url, { max: concurrency });
  await migrate(server);
  const postgres = await run("PostgreSQL server", server, concurrency);
  await server.close();
  const embedded = await openPglite(undefined);
  await migrate(embedded);
  const pglite = await run("PGlite (single connection)", embedded, 1);
  await embedded.close();
  console.log(
    JSON.stringify({
      postgres_chained_rows_per_s: Math.round(postgres.rowsPerSecond),
      postgres_ratio_to_plain_insert: Number(postgres.ratio.toFixed(2)),
      postgres_chained_p95_ms: Number(postgres.p95.toFixed(2)),
      pglite_chained_rows_per_s: Math.round(pglite.rowsPerSecond),
      pglite_ratio_to_plain_insert: Number(pglite.ratio.toFixed(2)),
    }),
  );
} finally {
  cluster?.remove();
}
