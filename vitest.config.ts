import { defineConfig } from "vitest/config";

// Unit and integration tests (src/**). Browser journeys live in e2e/ with their own config.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
