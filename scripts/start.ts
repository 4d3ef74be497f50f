// npm start: build the web app when it is missing or older than its sources, then run the server. The build runs
// beside the server's first steps (database, migrations, demo data), which print their own progress.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { webBuild } from "../src/server/bootstrap/start-progress";

const root = join(import.meta.dirname, "..");
const builtIndex = join(root, "dist/web/index.html");

function newestSourceTime(path: string): number {
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestSourceTime(join(path, entry)));
  return newest;
}

// Everything the build reads: a build newer than all of it is current, and a second start skips it.
const buildInputs = ["src/web", "src/shared", "index.html", "vite.config.ts", "scripts/lib/precompress.ts", "package-lock.json"];
const stale =
  !existsSync(builtIndex) ||
  statSync(builtIndex).mtimeMs <
    Math.max(
      ...buildInputs
        .map((input) => join(root, input))
        .filter(existsSync)
        .map(newestSourceTime),
    );

if (stale) {
  const started = performance.now();
  console.log("Building the web app (first start or changed sources)…");
  // A child process: Vite sets NODE_ENV=production in the process that builds, which must not leak into the server.
  const build = spawn("npx", ["vite", "build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
  webBuild.pending = new Promise((resolve) => {
    build.once("exit", (code) => {
      if (code !== 0) {
        console.error(`The web app's build failed (exit code ${code}).`);
        process.exit(code ?? 1);
      }
      console.log(`  web app built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      resolve();
    });
  });
}
await import("../src/server/main");
