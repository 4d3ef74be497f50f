import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// Parallel branches are merged by hand: a conflict left in a file the compiler never reads (docs, SQL, JSON) would
// otherwise ship unnoticed.
const root = join(import.meta.dirname, "../../..");
const skipped = new Set(["node_modules", "dist", ".git", "data"]);
const checked = /\.(ts|tsx|md|sql|json|css|html|ya?ml)$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skipped.has(entry.name) || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return checked.test(entry.name) ? [path] : [];
  });
}

describe("the repository", () => {
  it("holds no unresolved merge conflict", () => {
    const marked = files(root).flatMap((path) =>
      readFileSync(path, "utf8")
        .split("\n")
        .flatMap((line, index) => (/^(<{7}|>{7}) /.test(line) ? [`${relative(root, path)}:${index + 1}`] : [])),
    );
    expect(marked).toEqual([]);
  });
});
