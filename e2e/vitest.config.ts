import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Browser journeys against the built web app and a real server (see e2e/support/global-setup.ts).
export default defineConfig({
  cacheDir: join(import.meta.dirname, "../node_modules/.vite/e2e"),
  test: {
    root: import.meta.dirname,
    include: ["tests/**/*.e2e.ts"],
    environment: "node",
    globalSetup: ["./support/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    teardownTimeout: 30_000,
    pool: "forks",
  },
});
