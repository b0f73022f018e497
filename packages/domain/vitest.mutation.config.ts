import { defineConfig, mergeConfig } from "vitest/config"
import base from "./vitest.config.ts"

// The domain's vitest config for StrykerJS: the same tests, with fast-check properties capped in time
// (test/mutation.setup.ts explains why and what that means for the score).
export default mergeConfig(base, defineConfig({ test: { setupFiles: ["./test/mutation.setup.ts"] } }))
