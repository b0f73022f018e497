import { defineConfig } from "vitest/config"

// Two cores: run files in parallel but bounded, so integration suites don't starve each other.
export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/**/*.test.ts", "e2e/**/*.test.ts", "scripts/test/*.test.ts"],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", "./scripts/summary-reporter.ts"]
  }
})
