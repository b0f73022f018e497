import { defineConfig } from "vitest/config"

// The domain's own tests only: used by StrykerJS (`pnpm test:mutation`), which mutates src in place.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    maxWorkers: 2,
    testTimeout: 60_000
  }
})
