// npm run seed -- --scale demo|county|state [--seed N]
// Fills the configured database (DATABASE_URL, or the embedded one in DATA_DIR with the server stopped)
// with reproducible synthetic supervision data. Refuses a database that already has cases.
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { createDemoOrganisation, hasAnyUser } from "../src/server/bootstrap/bootstrap";
import { generateSupervisionData, type ScaleName, scales } from "../src/server/bootstrap/synthetic/generate";
import { loadConfig } from "../src/server/config";
import { openDatabase } from "../src/server/platform/db/database";
import { migrate } from "../src/server/platform/db/migrate";
import { createSecretBox } from "../src/server/platform/secrets";

const { values } = parseArgs({ options: { scale: { type: "string", default: "demo" }, seed: { type: "string", default: "2026" } } });
if (!(values.scale! in scales)) {
  console.error(`usage: npm run seed -- --scale ${Object.keys(scales).join("|")} [--seed N]`);
  process.exit(2);
}
const scale = values.scale as ScaleName;
const config = loadConfig();
if (config.environment === "production") {
  console.error("Synthetic data is never loaded into a production database.");
  process.exit(2);
}
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(db);
  if (!(await hasAnyUser(db))) await createDemoOrganisation(db, createSecretBox(config.secretKey), new Date());
  const [{ cases }] = (await db.query<{ cases: number }>("SELECT count(*)::int AS cases FROM supervision_case")) as [{ cases: number }];
  if (cases > 0) {
    console.error(`The database already has ${cases} cases; seed an empty database.`);
    process.exitCode = 1;
  } else {
    const bar = new cliProgress.SingleBar(
      { format: `Generating ${scale} data |{bar}| {percentage}% · {value}/{total} cases · {eta_formatted} left`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(scales[scale].cases, 0);
    const started = Date.now();
    const result = await generateSupervisionData(db, { scale, seed: Number(values.seed), onProgress: (done) => bar.update(done) });
    bar.stop();
    console.log(
      `Loaded ${result.cases.toLocaleString()} cases and ${result.notes.toLocaleString()} notes for ${result.officers.toLocaleString()} officers ` +
        `into ${db.kind === "pglite" ? "the embedded database" : "PostgreSQL"} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  }
} finally {
  await db.close();
}
