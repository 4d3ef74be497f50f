// npm run admin:create -- --username jdoe --name "Jane Doe"
// Creates an administrator with a one-time password (changed, and MFA enrolled, at first sign-in).
// Reads DATABASE_URL (server mode) or DATA_DIR (embedded; stop the server first, PGlite is single-process).
import { parseArgs } from "node:util";
import { createAdministrator } from "../src/server/bootstrap/bootstrap";
import { loadConfig } from "../src/server/config";
import { openDatabase } from "../src/server/platform/db/database";
import { migrate } from "../src/server/platform/db/migrate";
import { usernameSchema } from "../src/shared/contract/auth";

const { values } = parseArgs({
  options: { username: { type: "string" }, name: { type: "string" }, agency: { type: "string", default: "Agency" } },
});
const username = usernameSchema.safeParse(values.username ?? "");
if (!username.success || !values.name) {
  console.error('usage: npm run admin:create -- --username <username> --name "<full name>" [--agency "<agency name>"]');
  if (values.username && !username.success) console.error(`username: ${username.error.issues[0]?.message}`);
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(db);
  const taken = await db.query("SELECT 1 FROM app_user WHERE username = $1", [username.data]);
  if (taken.length > 0) {
    console.error(`The username "${username.data}" is already taken.`);
    process.exitCode = 1;
  } else {
    const password = await createAdministrator(
      db,
      { agencyName: values.agency!, username: username.data, displayName: values.name },
      new Date(),
    );
    console.log(`Administrator "${username.data}" created. One-time password: ${password}`);
    console.log("Sign in with it, choose a new password and enrol an authenticator app. It is not shown again.");
  }
} finally {
  await db.close();
}
