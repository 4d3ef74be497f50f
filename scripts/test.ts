// npm test: lint, type-check, unit and integration tests on PGlite and again on a real PostgreSQL server,
// then the browser journeys (on PGlite, and the caseload journey again on PostgreSQL).
// With CI=true the PostgreSQL run and the browser tests are mandatory.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ci = process.env.CI === "true";
const root = join(import.meta.dirname, "..");
const reports = mkdtempSync(join(tmpdir(), "waypoint-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function step(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n━━ ${name} ━━`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const ok = result.status === 0;
  if (!ok) failures.push(name);
  return ok;
}

/** wrapper: a command that runs vitest for us, e.g. with a throw-away PostgreSQL cluster around it. */
function vitest(name: string, args: string[], env: NodeJS.ProcessEnv = {}, wrapper: string[] = []): void {
  const report = join(reports, `${name.replace(/\W+/g, "-")}.json`);
  const vitestArgs = ["vitest", "run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
  step(name, "npx", wrapper.length > 0 ? [...wrapper, "npx", ...vitestArgs] : vitestArgs, env);
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    totals.passed += summary.numPassedTests;
    totals.failed += summary.numFailedTests;
    totals.skipped += summary.numPendingTests + summary.numTodoTests;
  }
}

step("lint and format (biome)", "npx", ["biome", "check", "."]);
step("type-check (tsc)", "npx", ["tsc", "-p", "."]);
vitest("unit and integration tests on PGlite", []);

const postgresAvailable =
  Boolean(process.env.TEST_DATABASE_URL) || spawnSync("sh", ["-c", "command -v initdb && command -v pg_ctl"]).status === 0;
if (postgresAvailable) {
  vitest("integration tests on PostgreSQL server", [], {}, ["tsx", "scripts/with-postgres.ts", "--"]);
} else if (ci) {
  console.error("CI=true but no PostgreSQL server: set TEST_DATABASE_URL or put initdb and pg_ctl on PATH.");
  failures.push("integration tests on PostgreSQL server (not available)");
} else {
  console.warn("\nSkipping the PostgreSQL server run: initdb/pg_ctl not found and TEST_DATABASE_URL not set.");
}

vitest("browser tests (Chromium)", ["--config", "e2e/vitest.config.ts"]);

// One browser journey also against servers on PostgreSQL (each on a fresh database of that cluster), reusing the build above.
if (postgresAvailable) {
  const built = existsSync(join(root, "dist/web/index.html"));
  vitest(
    "browser journey on PostgreSQL server",
    ["--config", "e2e/vitest.config.ts", "tests/caseload.e2e.ts"],
    { E2E_ON_POSTGRES: "1", ...(built ? { E2E_SKIP_BUILD: "1" } : {}) },
    ["tsx", "scripts/with-postgres.ts", "--"],
  );
}

console.log(`\n━━ Summary ━━`);
if (failures.length > 0) console.log(`Failed steps: ${failures.join("; ")}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length > 0 || totals.failed > 0 ? 1 : 0);
