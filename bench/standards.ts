// npm run bench:standards [-- --quick] [-- --keep]
// Due / due soon / overdue status under the agency's contact standards for every open case, computed
// the way the caseload computes it (four queries per batch of cases, evaluation in process).
// Baseline in the same run: reading the same cases' ids and levels alone, the floor any method pays.
import { performance } from "node:perf_hooks";
import { overallStatus } from "../src/server/features/contacts/contact-standards";
import { evaluateCases } from "../src/server/features/contacts/contacts.service";
import { openSeededDatabase } from "./lib/seeded-database";

const quick = process.argv.includes("--quick");
const batchSize = 5_000;
const concurrency = 2;
const { db, close } = await openSeededDatabase(quick);
try {
  const [agency] = await db.query<{ id: string }>("SELECT id FROM agency ORDER BY created_at LIMIT 1");
  let started = performance.now();
  const ids = (
    await db.query<{ id: string; supervision_level: string }>(
      "SELECT id, supervision_level FROM supervision_case WHERE status <> 'closed' ORDER BY id",
    )
  ).map((row) => row.id);
  const baselineSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const counts = { met: 0, due: 0, due_soon: 0, overdue: 0 };
  // Batches run on two connections at once: the database works on one while the application evaluates the other.
  const batches: string[][] = [];
  for (let offset = 0; offset < ids.length; offset += batchSize) batches.push(ids.slice(offset, offset + batchSize));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const { states } = await evaluateCases(db, agency!.id, batch, new Date());
      for (const caseStates of states.values()) counts[overallStatus(caseStates)] += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Cases by worst status: ${Object.entries(counts)
      .map(([status, count]) => `${status} ${count.toLocaleString()}`)
      .join(", ")}`,
  );
  console.log(
    `${ids.length.toLocaleString()} open cases evaluated in ${seconds.toFixed(2)} s (${Math.round(ids.length / seconds).toLocaleString()} cases/s); ` +
      `reading their ids alone took ${baselineSeconds.toFixed(2)} s (${(seconds / baselineSeconds).toFixed(1)}×). Goal: under 5 s for 100,000 cases.`,
  );
  console.log(JSON.stringify({ cases: ids.length, seconds: Number(seconds.toFixed(2)) }));
} finally {
  await close();
}
