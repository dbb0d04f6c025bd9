import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Two cores: keep workers few so SIP suites with real Kamailio are not starved.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
