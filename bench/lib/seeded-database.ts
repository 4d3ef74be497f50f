// The database a benchmark measures: DATABASE_URL when set, otherwise a throw-away PostgreSQL cluster;
// seeded with the state data set (county with --quick) when it has no cases yet.
import cliProgress from "cli-progress";
import { type Cluster, startCluster } from "../../scripts/lib/postgres-cluster";
import { createDemoOrganisation, hasAnyUser } from "../../src/server/bootstrap/bootstrap";
import { generateSupervisionData } from "../../src/server/bootstrap/synthetic/generate";
import { type Database, openPostgres } from "../../src/server/platform/db/database";
import { migrate } from "../../src/server/platform/db/migrate";
import { createSecretBox } from "../../src/server/platform/secrets";

export async function openSeededDatabase(quick: boolean): Promise<{ db: Database; url: string; close(): Promise<void> }> {
  const cluster: Cluster | undefined = process.env.DATABASE_URL ? undefined : await startCluster();
  const url = process.env.DATABASE_URL ?? cluster!.url;
  const db = await openPostgres(url, { max: 4 });
  await migrate(db);
  if (!(await hasAnyUser(db))) await createDemoOrganisation(db, createSecretBox("bench-secret-key-0123456789abcdef"), new Date());
  const [{ cases }] = (await db.query<{ cases: number }>("SELECT count(*)::int AS cases FROM supervision_case")) as [{ cases: number }];
  if (cases === 0) {
    const scale = quick ? "county" : "state";
    const bar = new cliProgress.SingleBar(
      { format: `Seeding ${scale} |{bar}| {value}/{total} cases · {eta_formatted} left`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0);
    const started = Date.now();
    const result = await generateSupervisionData(db, {
      scale,
      onProgress: (done, total) => {
        bar.setTotal(total);
        bar.update(done);
      },
    });
    bar.stop();
    console.log(
      `Seeded ${result.cases} cases, ${result.notes} notes, ${result.officers} officers in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    );
  }
  return {
    db,
    url,
    async close() {
      await db.close();
      if (cluster && !process.argv.includes("--keep")) cluster.remove();
      else if (cluster) console.log(`Kept the cluster: DATABASE_URL=${cluster.url}`);
    },
  };
}
