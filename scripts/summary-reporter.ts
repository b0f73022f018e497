import type { Reporter, TestModule, TestSuite } from "vitest/node"

/**
 * Prints one plain closing line, "tests: N passed, N failed, N skipped", that CI reads. Above it,
 * the integration suites skipped because their database/Redis is not configured (marked by
 * `describeWith` in packages/adapters/test/env.ts), one line each. In CI any skipped test is a
 * failure: integration suites may not skip there.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    const unconfigured: Array<string> = []
    for (const module of testModules) {
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) failed += 1
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === "passed") passed += 1
        else if (state === "failed") failed += 1
        else skipped += 1
      }
      for (const suite of module.children.allSuites()) {
        const needs = suite.meta().unconfigured
        if (needs !== undefined && !markedAbove(suite)) {
          unconfigured.push(`  ${module.relativeModuleId} › ${suite.name} (needs ${needs})`)
        }
      }
    }
    if (unconfigured.length > 0) {
      console.log(
        `\n${unconfigured.length} integration suite(s) skipped: no database/Redis configured ` +
          "(set DATABASE_URL and REDIS_URL, or TEST_DATABASE_URL and TEST_REDIS_URL, to run them):"
      )
      for (const line of unconfigured.sort()) console.log(line)
    }
    if (process.env.CI && skipped > 0) {
      console.error(`${skipped} test(s) skipped: in CI every suite must run`)
      process.exitCode = 1
    }
    console.log(`\ntests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
  }
}

// Nested suites inherit the mark; only the outermost marked suite is listed.
const markedAbove = (suite: TestSuite): boolean =>
  suite.parent.type === "suite" && suite.parent.meta().unconfigured !== undefined
