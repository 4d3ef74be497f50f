// npm run bench:caseload [-- --quick] [-- --keep]
// Caseload page, person page and note search latency on PostgreSQL, measured over many officers and
// people, against a primary-key lookup measured in the same run. Reads DATABASE_URL; without it, starts
// a throw-away cluster. Seeds the database with the state data set (county with --quick) when it has no cases.
import { performance } from "node:perf_hooks";
import { computeCaseload } from "../src/server/features/caseload/caseload.service";
import { refreshDueStandings } from "../src/server/features/contacts/contact-standing";
import { searchNotes } from "../src/server/features/notes/notes.queries";
import { loadPersonRecord } from "../src/server/features/people/people.queries";
import { type Actor, visibleFilter } from "../src/server/platform/access/policy";
import { caseloadQuery } from "../src/shared/contract/caseload";
import { openSeededDatabase } from "./lib/seeded-database";

const quick = process.argv.includes("--quick");
const samples = quick ? 150 : 600;
const searchWords = [
  "employment interviews",
  "treatment",
  "housing program",
  "curfew",
  "community service",
  "relapse prevention",
  "pay stubs",
  "GED classes",
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
};
const round = (value: number) => Number(value.toFixed(2));

async function measure(label: string, inputs: unknown[], run: (input: never) => Promise<unknown>) {
  // One warm-up pass over a few inputs so the first samples do not measure cold caches only.
  for (const input of inputs.slice(0, 10)) await run(input as never);
  const timings: number[] = [];
  for (const input of inputs) {
    const started = performance.now();
    await run(input as never);
    timings.push(performance.now() - started);
  }
  const result = { median: percentile(timings, 0.5), p95: percentile(timings, 0.95) };
  console.log(
    `${label.padEnd(44)} median ${result.median.toFixed(2).padStart(7)} ms   p95 ${result.p95.toFixed(2).padStart(7)} ms   (${timings.length} samples)`,
  );
  return result;
}

const { db, close } = await openSeededDatabase(quick);
try {
  // The contact-standard status table as the server's start-up job leaves it (a bulk-seeded database has no rows).
  await refreshDueStandings(db, new Date());
  const [counts] = await db.query<{ cases: number; notes: number; officers: number }>(
    "SELECT (SELECT count(*)::int FROM supervision_case WHERE status <> 'closed') AS cases, (SELECT count(*)::int FROM case_note) AS notes, (SELECT count(DISTINCT officer_id)::int FROM supervision_case) AS officers",
  );
  console.log(
    `Data set: ${counts!.cases.toLocaleString()} open cases, ${counts!.notes.toLocaleString()} notes, ${counts!.officers.toLocaleString()} officers with cases.`,
  );

  const officers = await db.query<{ id: string; agency_id: string; unit_id: string }>(
    "SELECT id, agency_id, unit_id FROM app_user WHERE 'officer' = ANY (roles) AND unit_id IS NOT NULL ORDER BY md5(id::text) LIMIT $1",
    [samples],
  );
  const people = await db.query<{ id: string }>("SELECT id FROM person ORDER BY md5(id::text) LIMIT $1", [samples]);
  const actorFor = (officer: (typeof officers)[number]): Actor => ({
    userId: officer.id,
    username: "bench",
    displayName: "Bench",
    agencyId: officer.agency_id,
    unitId: officer.unit_id,
    roles: ["officer"],
    sessionRef: "bench",
  });
  const columns = { agency: "c.agency_id", unit: "c.unit_id", caseId: "c.id" };
  const defaultQuery = caseloadQuery.parse({});

  const pk = await measure("primary-key lookup (person by id)", people, (person: { id: string }) =>
    db.query("SELECT * FROM person WHERE id = $1", [person.id]),
  );
  const caseload = await measure("caseload page (officer, by priority)", officers, (officer: (typeof officers)[number]) =>
    computeCaseload(db, visibleFilter(actorFor(officer), "case.read", columns, 1), officer.agency_id, defaultQuery, new Date()),
  );
  const person = await measure("person page (whole record)", people, (row: { id: string }) => loadPersonRecord(db, row.id));
  // Note search across a 100-case caseload: 100 cases of one unit, searched with varied words.
  const searches = [];
  for (let index = 0; index < Math.min(samples, 200); index++) {
    const unit = officers[index % officers.length]!;
    searches.push({ unitId: unit.unit_id, words: searchWords[index % searchWords.length]! });
  }
  const caseSets = new Map<string, string[]>();
  for (const search of searches) {
    if (!caseSets.has(search.unitId)) {
      const rows = await db.query<{ id: string }>("SELECT id FROM supervision_case WHERE unit_id = $1 ORDER BY md5(id::text) LIMIT 100", [
        search.unitId,
      ]);
      caseSets.set(
        search.unitId,
        rows.map((row) => row.id),
      );
    }
  }
  const search = await measure("note search (100-case caseload)", searches, (input: { unitId: string; words: string }) =>
    searchNotes(
      db,
      { sql: "c.id = ANY ($1::uuid[])", params: [caseSets.get(input.unitId)] },
      input.words,
      "00000000-0000-0000-0000-000000000000",
      25,
    ),
  );
  console.log(
    `Ratios to the primary-key p95: caseload ${(caseload.p95 / pk.p95).toFixed(1)}×, person page ${(person.p95 / pk.p95).toFixed(1)}×, search ${(search.p95 / pk.p95).toFixed(1)}×. ` +
      "Goals: caseload and person page p95 < 25 ms, search p95 < 100 ms.",
  );
  console.log(
    JSON.stringify({
      caseload_p95_ms: round(caseload.p95),
      person_p95_ms: round(person.p95),
      search_p95_ms: round(search.p95),
      pk_p95_ms: round(pk.p95),
    }),
  );
} finally {
  await close();
}
