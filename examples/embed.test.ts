import { execFileSync } from "node:child_process"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Inventory } from "@chatshop/domain"
import { stockLedgerContract } from "@chatshop/domain/testing"
import { layer, sale } from "./embed.ts"

describe("examples/embed.ts: an app embedding the domain", () => {
  it.live("walks one sale from search to a paid order with stock committed", () =>
    Effect.gen(function* () {
      const result = yield* sale.pipe(Effect.provide(layer))
      assert.strictEqual(result.status, "paid")
      assert.deepStrictEqual([result.stock.onHand, result.stock.reserved], [2, 0])
      // Shoes: size is already on the line, the single colour is never asked, address comes last.
      const asked = result.log.filter((l) => l.startsWith("asked")).map((l) => l.slice(6))
      assert.deepStrictEqual(asked, ["city", "phone", "address"])
    })
  )

  it("runs as a standalone Node program", () => {
    const out = execFileSync(process.execPath, ["embed.ts"], { cwd: import.meta.dirname, encoding: "utf8" })
    assert.match(out, /payment: paid, on hand 2, reserved 0/)
  })
})

// An embedding app runs the domain's contract suites against its own adapters the same way.
stockLedgerContract("example app", Inventory.StockLedger.layerMemory)
