import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Two cores: keep workers few so SIP suites with real Kamailio are not starved.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
