import { defineConfig } from "vitest/config";

// End-to-end suites drive real processes (the service, the Pulumi CLI stand-in) and wait on
// their state; their bound is generous so that a busy 2-core machine passes them too. Unit
// suites keep a tight bound: a slow unit test is a bug.
const END_TO_END = ["test/e2e/**/*.test.ts", "test/pulumi-standin/**/*.test.ts"];

export default defineConfig({
  test: {
    // Blueprint tests render whole programs under Pulumi's mock runtime, which is
    // process-global: every test file runs in its own forked process.
    pool: "forks",
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: END_TO_END, testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: { name: "e2e", include: END_TO_END, testTimeout: 600_000, hookTimeout: 120_000 },
      },
    ],
  },
});
