// npm run audit:verify [-- --max-unsealed-seconds 300] [-- --checkpoint '<auditCheckpoint JSON from the application log>']
// Walks the audit hash chain in sealing order and reports the first broken link, a chain shorter than its
// newest signed checkpoint (rows removed from the end), and rows left unsealed too long. Needs the
// instances' SECRET_KEY to check checkpoint signatures. A checkpoint copied from the application log
// ("audit checkpoint" lines) is checked too: it catches removal of the newest checkpoints themselves.
// Reads DATABASE_URL (server mode) or DATA_DIR (embedded; stop the server first, PGlite is single-process).
import { parseArgs } from "node:util";
import { loadConfig } from "../src/server/config";
import { type AuditCheckpoint, verifyAuditChain } from "../src/server/platform/audit/audit";
import { openDatabase } from "../src/server/platform/db/database";

const { values } = parseArgs({
  options: { "max-unsealed-seconds": { type: "string", default: "300" }, checkpoint: { type: "string", multiple: true, default: [] } },
});
const maxUnsealedSeconds = Number(values["max-unsealed-seconds"]);
if (!Number.isFinite(maxUnsealedSeconds) || maxUnsealedSeconds <= 0) {
  console.error("--max-unsealed-seconds must be a positive number of seconds");
  process.exit(2);
}
function parseCheckpoint(text: string): AuditCheckpoint {
  try {
    const parsed = JSON.parse(text) as { auditCheckpoint?: Record<string, unknown> } & Record<string, unknown>;
    const value = parsed.auditCheckpoint ?? parsed;
    const checkpoint = {
      sealedRows: Number(value.sealedRows),
      headHash: String(value.headHash),
      createdAt: new Date(String(value.createdAt)),
      signature: String(value.signature),
    };
    if (!Number.isInteger(checkpoint.sealedRows) || Number.isNaN(checkpoint.createdAt.getTime())) throw new Error("incomplete");
    return checkpoint;
  } catch {
    console.error(`--checkpoint is not an audit checkpoint from the log: ${text.slice(0, 120)}`);
    process.exit(2);
  }
}
const checkpoints = values.checkpoint.map(parseCheckpoint);

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const result = await verifyAuditChain(db, { secretKey: config.secretKey, maxUnsealedSeconds, checkpoints });
  const waiting = `${result.unsealed.count} rows waiting for the sealer${result.unsealed.oldestAt ? ` (oldest from ${result.unsealed.oldestAt.toISOString()})` : ""}`;
  const anchor = result.checkpoint
    ? `newest signed checkpoint ${result.checkpoint.createdAt.toISOString()} covers ${result.checkpoint.sealedRows} rows`
    : "no checkpoint written yet (the sealer writes one whenever it links rows): the end of the chain is not anchored";
  if (result.ok) {
    console.log(`Audit log intact: ${result.rowsChecked} sealed rows checked; ${anchor}; ${waiting}.`);
  } else {
    const where = result.brokenAtId === undefined ? "" : ` at row id ${result.brokenAtId}`;
    console.error(`Audit log BROKEN${where}: ${result.reason} (${result.rowsChecked} rows before it are intact; ${anchor}; ${waiting}).`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
