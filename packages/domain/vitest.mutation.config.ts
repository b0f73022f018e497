import { defineConfig, mergeConfig } from "vitest/config"
import base from "./vitest.config.ts"

// The domain's vitest config for StrykerJS: the same tests, with fast-check properties capped in time
// (test/mutation.setup.ts explains why and what that means for the score), and test files sharing
// one module cache: each mutant reruns the files that cover it, and re-importing effect per file was
// two thirds of a run. Mutants are switched at run time (Stryker's global), so sharing modules is safe;
// load-time code is not mutated (`ignoreStatic`).
export default mergeConfig(base, defineConfig({ test: { setupFiles: ["./test/mutation.setup.ts"], isolate: false } }))
