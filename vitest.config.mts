import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Blueprint tests render whole programs under Pulumi's mock runtime, which is
    // process-global: every test file runs in its own forked process.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
