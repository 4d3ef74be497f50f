// Throw-away databases on the PostgreSQL server of the test run (TEST_DATABASE_URL, a superuser connection).
import { randomBytes } from "node:crypto";
import pg from "pg";

/** Runs one statement on its own connection, e.g. CREATE/DROP DATABASE, which cannot run in a pool's transaction. */
export async function runOnServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client(serverUrl);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty database named `<prefix>_<random>` on that server, and how to drop it (connections forced off). */
export async function freshServerDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix.replace(/\W/g, "_")}_${randomBytes(6).toString("hex")}`;
  await runOnServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => runOnServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
