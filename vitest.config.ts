import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // One DynamoDB Local (in memory, free port) per run; each test file gets its own table.
    globalSetup: ["test/setup/global.ts"],
    setupFiles: ["test/setup/table.ts"],
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
