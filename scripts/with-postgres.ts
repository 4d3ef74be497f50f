// Runs a command with TEST_DATABASE_URL pointing at PostgreSQL: the given one, or a throw-away cluster.
//   tsx scripts/with-postgres.ts -- npx vitest run
import { spawnSync } from "node:child_process";
import { startCluster } from "./lib/postgres-cluster";

const separator = process.argv.indexOf("--");
const command = separator >= 0 ? process.argv.slice(separator + 1) : [];
if (command.length === 0) {
  console.error("usage: tsx scripts/with-postgres.ts -- <command> [args]");
  process.exit(2);
}

let env: NodeJS.ProcessEnv = { ...process.env };
let cleanup = () => {};
if (!process.env.TEST_DATABASE_URL) {
  const cluster = await startCluster();
  console.log(`Started a throw-away PostgreSQL cluster on port ${cluster.port}`);
  env = { ...env, TEST_DATABASE_URL: cluster.url, TEST_PG_DATA_DIR: cluster.dataDir, TEST_PG_PORT: String(cluster.port) };
  cleanup = () => cluster.remove();
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}
const result = spawnSync(command[0]!, command.slice(1), { stdio: "inherit", env });
cleanup();
process.exit(result.status ?? 1);
