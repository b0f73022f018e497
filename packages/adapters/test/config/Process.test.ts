import * as Env from "@chatshop/adapters/config"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Exit } from "effect"

const codeOf = (exit: Exit.Exit<unknown, unknown>) => {
  let code: number | undefined
  Env.teardown(exit, (c) => {
    code = c
  })
  return code
}

describe("how a chatshop process ends", () => {
  it("a stop signal (the main fiber interrupted) is a clean exit 0, not runMain's 130", () => {
    assert.strictEqual(codeOf(Exit.interrupt(1)), 0)
    assert.strictEqual(codeOf(Exit.succeed(undefined)), 0)
  })

  it("a failure exits 1 (after printing its report on stderr)", () => {
    assert.strictEqual(codeOf(Exit.fail(Env.invalid("PORT", "expected a port"))), 1)
  })

  it("a bad variable is its own line; another expected failure is `Cannot start: …`", () => {
    const config = Env.invalid("PORT", "expected a port")
    assert.strictEqual(Env.failureReport(Cause.fail(config)), "Invalid configuration: PORT: expected a port")
    const taken = new Env.StartFailed({ message: "cannot listen on 127.0.0.1:3000: EADDRINUSE\nat …" })
    assert.strictEqual(
      Env.failureReport(Cause.fail(taken)),
      "Cannot start: cannot listen on 127.0.0.1:3000: EADDRINUSE"
    )
    // A layer that turned an expected error into a defect (Layer.orDie) still reports one line.
    assert.strictEqual(Env.failureReport(Cause.die(taken)), "Cannot start: cannot listen on 127.0.0.1:3000: EADDRINUSE")
  })

  it("a bug keeps its stack trace", () => {
    const report = Env.failureReport(Cause.die(new TypeError("x is undefined")))
    assert.include(report, "TypeError: x is undefined")
    assert.include(report, "    at ")
  })
})
