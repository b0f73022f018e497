import { defineConfig } from "vitest/config"

const src = new URL("./src/", import.meta.url).pathname

// The domain's own tests, resolving the package to this folder's src: StrykerJS
// (`pnpm test:mutation`) runs them in a sandbox copy, and the mutants must be what they import.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@chatshop\/domain\/testing$/, replacement: `${src}testing/index.ts` },
      { find: /^@chatshop\/domain$/, replacement: `${src}index.ts` }
    ]
  },
  test: {
    include: ["test/**/*.test.ts"],
    maxWorkers: 2,
    testTimeout: 60_000
  }
})
