// Prints the current authenticator code of a demo account: npm run demo:totp -- officer.north1
// The secrets are generated per install and stored encrypted in the database. The embedded database is
// single-process, so with it the running server's copy (written at start-up from the database) is used.
import { generate } from "otplib";
import { type DemoTotpSecrets, readDemoTotpFile, readDemoTotpSecrets } from "../src/server/bootstrap/bootstrap";
import { demoAccounts } from "../src/server/bootstrap/demo-accounts";
import { loadConfig } from "../src/server/config";
import { openDatabase } from "../src/server/platform/db/database";
import { createSecretBox } from "../src/server/platform/secrets";

const username = process.argv[2];
if (!username || !demoAccounts.some((candidate) => candidate.username === username)) {
  console.error(`Usage: npm run demo:totp -- <username>\nDemo usernames: ${demoAccounts.map((a) => a.username).join(", ")}`);
  process.exit(2);
}

async function demoSecrets(): Promise<DemoTotpSecrets> {
  const config = loadConfig();
  const fromServer = config.databaseUrl ? null : readDemoTotpFile(config.dataDir);
  if (fromServer) return fromServer;
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await readDemoTotpSecrets(db, createSecretBox(config.secretKey));
  } finally {
    await db.close();
  }
}

const secret = (await demoSecrets())[username];
if (!secret) {
  console.error(`${username} has no authenticator secret in this database: start Waypoint with demo data first (npm start).`);
  process.exit(1);
}
const code = await generate({ secret });
const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`${code}   (valid for ${secondsLeft} more seconds; each code is accepted once)`);
