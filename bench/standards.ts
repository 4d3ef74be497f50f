// npm run bench:standards [-- --quick] [-- --keep]
// Due / due soon / overdue status under the agency's contact standards for every open case, read the way the
// caseload reads it (the status table, migration 020). In the same run: reading the same cases' ids alone (the floor
// any method pays), and evaluating them from their facts as every request did before the table (the old path), with
// the process's CPU time of each, since the machine may be shared. The first run on a fresh database fills the
// table through the periodic job's own function (the start-up backfill) and reports how long that took.
import { performance } from "node:perf_hooks";
import { evaluateStandards, overallStatus, type RequirementState } from "../src/server/features/contacts/contact-standards";
import { refreshDueStandings, standingOfCases } from "../src/server/features/contacts/contact-standing";
import { loadAgencyStandards, loadCaseFacts } from "../src/server/features/contacts/contacts.queries";
import type { Queryable } from "../src/server/platform/db/database";
import { localDate } from "../src/shared/time/calendar-date";
import { openSeededDatabase } from "./lib/seeded-database";

const quick = process.argv.includes("--quick");
const batchSize = 5_000;
const concurrency = 2;
const { db, close } = await openSeededDatabase(quick);

type Read = (db: Queryable, agencyId: string, ids: string[], now: Date) => Promise<{ states: Map<string, RequirementState[]> }>;
/** The evaluation every request made before the status table: the case facts loaded, the rules applied. */
const evaluateFromFacts: Read = async (db, agencyId, ids, now) => {
  const standards = await loadAgencyStandards(db, agencyId);
  const today = localDate(now, standards.timeZone);
  const facts = await loadCaseFacts(db, ids, standards.policy, today, standards.timeZone);
  const states = new Map<string, RequirementState[]>();
  for (const [caseId, caseFacts] of facts) states.set(caseId, evaluateStandards(standards.policy, caseFacts, today));
  return { states };
};

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/** Worst status of every case, read `read`'s way in batches on two connections; seconds and process CPU seconds. */
async function timeAll(agencyId: string, ids: string[], read: Read) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const counts = { met: 0, due: 0, due_soon: 0, overdue: 0 };
  const batches: string[][] = [];
  for (let offset = 0; offset < ids.length; offset += batchSize) batches.push(ids.slice(offset, offset + batchSize));
  // Batches run on two connections at once: the database works on one while the application handles the other.
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const { states } = await read(db, agencyId, batch, new Date());
      for (const caseStates of states.values()) counts[overallStatus(caseStates)] += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, cpu: cpuSeconds(cpu), counts };
}

try {
  const [agency] = await db.query<{ id: string }>("SELECT id FROM agency ORDER BY created_at LIMIT 1");
  const backfillStarted = performance.now();
  const backfilled = await refreshDueStandings(db, new Date());
  if (backfilled > 0)
    console.log(
      `Status table brought up to date for ${backfilled.toLocaleString()} cases in ${((performance.now() - backfillStarted) / 1000).toFixed(1)} s.`,
    );

  const started = performance.now();
  const ids = (await db.query<{ id: string }>("SELECT id FROM supervision_case WHERE status <> 'closed' ORDER BY id")).map((row) => row.id);
  const baselineSeconds = (performance.now() - started) / 1000;

  // One batch each way first, so neither is measured with cold connections and caches.
  await standingOfCases(db, agency!.id, ids.slice(0, batchSize), new Date());
  await evaluateFromFacts(db, agency!.id, ids.slice(0, batchSize), new Date());
  const stored = await timeAll(agency!.id, ids, standingOfCases);
  const evaluated = await timeAll(agency!.id, ids, evaluateFromFacts);
  const same = JSON.stringify(stored.counts) === JSON.stringify(evaluated.counts);
  const words = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([status, count]) => `${status} ${count.toLocaleString()}`)
      .join(", ");
  console.log(
    `Cases by worst status: ${words(stored.counts)}${same ? " (the same as evaluated from the facts)" : ` — evaluated from the facts: ${words(evaluated.counts)}`}`,
  );
  console.log(
    `${ids.length.toLocaleString()} open cases read from the status table in ${stored.seconds.toFixed(2)} s (CPU ${stored.cpu.toFixed(2)} s); ` +
      `evaluated from their facts in ${evaluated.seconds.toFixed(2)} s (CPU ${evaluated.cpu.toFixed(2)} s); ` +
      `reading their ids alone took ${baselineSeconds.toFixed(2)} s (${(stored.seconds / baselineSeconds).toFixed(1)}×). Goal: under 2 s for 100,000 cases.`,
  );
  console.log(
    JSON.stringify({
      cases: ids.length,
      seconds: Number(stored.seconds.toFixed(2)),
      evaluated_seconds: Number(evaluated.seconds.toFixed(2)),
      ids_seconds: Number(baselineSeconds.toFixed(2)),
      same_counts: same,
    }),
  );
  if (!same) process.exitCode = 1;
} finally {
  await close();
}
