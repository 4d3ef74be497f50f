// npm run audit:verify — walks the audit hash chain and reports the first broken link.
// Reads DATABASE_URL (server mode) or DATA_DIR (embedded; stop the server first, PGlite is single-process).
import { loadConfig } from "../src/server/config";
import { verifyAuditChain } from "../src/server/platform/audit/audit";
import { openDatabase } from "../src/server/platform/db/database";

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const result = await verifyAuditChain(db);
  if (result.ok) {
    console.log(`Audit log intact: ${result.rowsChecked} rows checked.`);
  } else {
    console.error(`Audit log BROKEN at row id ${result.brokenAtId}: ${result.reason} (${result.rowsChecked} rows before it are intact).`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
