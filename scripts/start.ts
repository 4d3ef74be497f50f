// npm start: build the web app when it is missing or older than its sources, then run the server.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const builtIndex = join(root, "dist/web/index.html");

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const stale =
  !existsSync(builtIndex) ||
  statSync(builtIndex).mtimeMs < Math.max(newestSourceTime(join(root, "src/web")), newestSourceTime(join(root, "src/shared")));
if (stale) {
  console.log("Building the web app (first start or changed sources)…");
  const { build } = await import("vite");
  await build({ configFile: join(root, "vite.config.ts"), logLevel: "warn" });
}
await import("../src/server/main");
