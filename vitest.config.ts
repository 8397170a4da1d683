import { defineConfig } from "vitest/config";

// Node 20 here, nodejs22.x in Lambda: the SDK's notice about its future Node 22 requirement is
// recorded in the README rather than printed by every test process.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export default defineConfig({
  test: {
    // One DynamoDB Local (in memory, free port) per run; each test file gets its own table.
    globalSetup: ["test/setup/global.ts"],
    setupFiles: ["test/setup/table.ts"],
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    // Two test files at a time on a 2-core machine: most of a journey is waiting on HTTP and
    // DynamoDB Local, so the whole command takes about half as long as one file at a time.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
