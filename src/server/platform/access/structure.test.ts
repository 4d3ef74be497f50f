import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// Access by structure: a feature's service gets FeatureDeps (no raw database handle) and reaches data only in
// guarded() work. These are the only places that hold the raw handle, each for a reason an access decision
// cannot cover: no signed-in actor exists yet or at all.
const rawDatabaseAllowed: Record<string, string> = {
  "auth/auth.service.ts": "sign-in and MFA read credentials before anyone is signed in",
  "contacts/appointments.service.ts": "the calendar feed finds its officer by a token, for a client without a session",
  "field-safety/field-safety.service.ts": "escalateOverdueFieldVisits is a background job without an actor",
  "testing/testing.service.ts": "makeDueDraws is a background job without an actor",
  "health/health.routes.ts": "readiness probes the database itself",
  "notifications/delivery.ts": "the outbox dispatch is a background job without an actor",
  "contacts/contact-standing.ts": "the contact-standing refresh (periods rolling over, the backfill) is a background job without an actor",
  "today/today.service.ts": "suggestUnannouncedVisits is a background job without an actor",
  "early-discharge/early-discharge.job.ts": "the nightly early-discharge evaluation is a background job without an actor",
  "monitoring/commands/command-replies.ts": "a device's answer to a command arrives over MQTT, without an actor",
  "monitoring/ingest/pipeline.ts": "telemetry comes from machines (a signed gateway, an MQTT device) and the timer job: no actor",
  "monitoring/ingest/partitions.ts": "creating and dropping reading partitions is a background job without an actor",
  "monitoring/alerts/alert-jobs.ts": "announcing and escalating monitoring alerts are background jobs without an actor",
};

const featuresDir = join(import.meta.dirname, "../../features");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

const rawHandle =
  /\bPlatformDeps\b|\bDatabase\b|\bdeps\.db\.(query|exec|transaction|copyRows)\b|\bas Database\b|\bopen(Database|Postgres|Pglite)\b/;

// SQL lives in <feature>.queries.ts: services hold the rules, access decisions and audit, and call named query
// functions. Any other feature file may neither run a statement (.query, .copyRows, .exec of SQL text) nor hold SQL
// text. Comments are ignored, so a "why" comment may still name a statement.
const runsStatement = /\.(query|copyRows)\s*[<(]|\.exec\s*\(\s*["'`]/g;
const sqlText = /\b(SELECT\s[\s\S]*?\bFROM|SELECT\s+\d|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS)\b/g;

function withoutComments(text: string): string {
  // Block comments keep their line breaks, so line numbers stay right; "://" in a URL is not a comment.
  return text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, "")).replace(/(^|[^:])\/\/.*$/gm, "$1");
}

/** Where a source file runs or holds SQL, as "line N: code". */
function sqlLines(text: string): string[] {
  const code = withoutComments(text);
  const lines = code.split("\n");
  const found = new Set<number>();
  for (const pattern of [runsStatement, sqlText]) {
    for (const match of code.matchAll(pattern)) found.add(code.slice(0, match.index).split("\n").length);
  }
  return [...found].sort((a, b) => a - b).map((line) => `line ${line}: ${lines[line - 1]!.trim()}`);
}

describe("features get no raw database handle outside guarded work", () => {
  const files = sourceFiles(featuresDir).map((path) => ({
    name: relative(featuresDir, path).replaceAll("\\", "/"),
    text: readFileSync(path, "utf8"),
  }));

  it("gives every service factory FeatureDeps, and the raw handle only to the named exceptions", () => {
    const offenders = files.filter((file) => rawHandle.test(file.text) && !(file.name in rawDatabaseAllowed)).map((file) => file.name);
    expect(offenders, "use FeatureDeps and guarded(); or add a reasoned exception here and in docs/ARCHITECTURE.md").toEqual([]);
    for (const file of files.filter((candidate) => candidate.name.endsWith(".service.ts") && !(candidate.name in rawDatabaseAllowed))) {
      for (const factory of file.text.matchAll(/export function create\w+Service\((\w+): (\w+)/g)) {
        expect(`${file.name}: ${factory[2]}`).toBe(`${file.name}: FeatureDeps`);
      }
    }
  });

  it("keeps the list of exceptions current", () => {
    const stale = Object.keys(rawDatabaseAllowed).filter((name) => !files.some((file) => file.name === name && rawHandle.test(file.text)));
    expect(stale).toEqual([]);
  });
});

describe("SQL lives only in *.queries.ts", () => {
  const files = sourceFiles(featuresDir)
    .map((path) => ({ name: relative(featuresDir, path).replaceAll("\\", "/"), text: readFileSync(path, "utf8") }))
    .filter((file) => !file.name.endsWith(".queries.ts"));

  it("recognises a statement run or written outside a queries file, and not a comment or a request's query", () => {
    expect(sqlLines('const rows = await tx.query<{ id: string }>("SELECT id FROM unit WHERE agency_id = $1", [id]);')).toHaveLength(1);
    expect(sqlLines("await deps.db.query(text, params);")).toHaveLength(1);
    expect(sqlLines("const select = `SELECT json_build_object('id', t.id) AS test\n  FROM drug_test t`;")).toHaveLength(1);
    expect(sqlLines('const text = "INSERT INTO notification (user_id) VALUES ($1)";')).toHaveLength(1);
    expect(sqlLines('run("UPDATE field_visit SET checked_out_at = $2 WHERE id = $1");')).toHaveLength(1);
    expect(sqlLines('run("DELETE FROM user_session WHERE user_id = $1");')).toHaveLength(1);
    expect(sqlLines('await tx.exec("DELETE FROM unit");')).toHaveLength(1);
    expect(sqlLines("/* SELECT 1 */\n// A SELECT ... FROM agency FOR UPDATE serialises draws.\nawait queries.lockAgency(tx, id);")).toEqual(
      [],
    );
    expect(sqlLines("async (request) => caseload.list(request.context, request.query),")).toEqual([]);
    expect(sqlLines("const match = /^(\\d+)$/.exec(value);")).toEqual([]);
  });

  it("finds no SQL in services, routes or other feature files", () => {
    const offenders = files.flatMap((file) => sqlLines(file.text).map((line) => `${file.name}: ${line}`));
    expect(offenders, "move the statement into the feature's <name>.queries.ts as a named function").toEqual([]);
  });
});
