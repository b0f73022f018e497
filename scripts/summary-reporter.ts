import type { Reporter, TestModule } from "vitest/node"

/**
 * Prints one plain closing line, "tests: N passed, N failed, N skipped", that CI reads, and in CI
 * turns any skipped test into a failure: integration suites may not skip there.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) failed += 1
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === "passed") passed += 1
        else if (state === "failed") failed += 1
        else skipped += 1
      }
    }
    if (process.env.CI && skipped > 0) {
      console.error(`${skipped} test(s) skipped: in CI every suite must run`)
      process.exitCode = 1
    }
    console.log(`\ntests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
  }
}
