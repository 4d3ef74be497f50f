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
