import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Conversation, defaultShopSettings } from "@chatshop/domain"
import { ConversationArb, property } from "@chatshop/domain/testing"

const { burstReadyAt, groupBursts, isTurnReady, takeTurn } = Conversation
const sorted = (ms: ReadonlyArray<ConversationArb.Pending>) => [...ms].sort((a, b) => a.at - b.at || a.seq - b.seq)
const arbs = [ConversationArb.pendingMessages, ConversationArb.debounceMs] as const

describe("bursts: one turn per burst of messages (SPEC §3.7)", () => {
  it("conv-burst-default: with the default 2 s, messages under 2 s apart are one turn", () => {
    const d = defaultShopSettings.burstDebounceMs
    assert.strictEqual(d, 2_000)
    const ms = [0, 1_500, 3_500, 5_501, 6_000].map((at, seq) => ({ at, seq }))
    assert.deepStrictEqual(
      groupBursts(ms, d).map((turn) => turn.map((m) => m.at)),
      [
        [0, 1_500, 3_500],
        [5_501, 6_000]
      ]
    )
    assert.strictEqual(burstReadyAt(ms, d), 5_500)
    assert.isFalse(isTurnReady(ms, d, 5_499))
    assert.isTrue(isTurnReady(ms, d, 5_500))
    assert.isNull(takeTurn(ms, d, 5_499))
    assert.deepStrictEqual(
      takeTurn(ms, d, 5_500)?.rest.map((m) => m.at),
      [5_501, 6_000]
    )
    assert.deepStrictEqual(groupBursts([], d), [])
    assert.isNull(burstReadyAt([], d))
    assert.isFalse(isTurnReady([], d, 10_000))
    assert.isNull(takeTurn([], d, 10_000))
  })

  property(
    "conv-burst-order: the turns, in order, are every message in time order (ties keep arrival order)",
    [...arbs],
    (ms, d) => {
      assert.deepStrictEqual(groupBursts(ms, d).flat(), sorted(ms))
    }
  )

  property(
    "conv-burst-debounce: inside a turn gaps are ≤ the debounce; between turns they are longer",
    [...arbs],
    (ms, d) => {
      const turns = groupBursts(ms, d)
      for (const turn of turns) {
        assert.isAbove(turn.length, 0)
        for (let i = 1; i < turn.length; i++) assert.isAtMost(turn[i]!.at - turn[i - 1]!.at, d)
      }
      for (let i = 1; i < turns.length; i++) assert.isAbove(turns[i]![0]!.at - turns[i - 1]!.at(-1)!.at, d)
    }
  )

  property("conv-burst-ready: the first turn is ready one debounce after its last message", [...arbs], (ms, d) => {
    const first = groupBursts(ms, d)[0]
    assert.strictEqual(burstReadyAt(ms, d), first === undefined ? null : first.at(-1)!.at + d)
    if (groupBursts(ms, d).length === 1) assert.strictEqual(burstReadyAt(ms, d), Math.max(...ms.map((m) => m.at)) + d)
  })

  property(
    "conv-burst-joins: a message arriving before the turn is ready joins it",
    [...arbs, fc.integer({ min: 0, max: 5_000 })],
    (ms, d, offset) => {
      const readyAt = burstReadyAt(ms, d)
      fc.pre(readyAt !== null && groupBursts(ms, d).length === 1 && offset <= d)
      const joined = groupBursts([...ms, { at: readyAt! - d + offset, seq: 999 }], d)
      assert.strictEqual(joined.length, 1)
    }
  )

  property(
    "conv-burst-take: one turn at a time, only once ready; taking until empty replays the grouping",
    [...arbs, fc.integer({ min: 0, max: 30_000 })],
    (ms, d, now) => {
      const taken = takeTurn(ms, d, now)
      assert.strictEqual(taken !== null, isTurnReady(ms, d, now))
      if (taken !== null) {
        assert.deepStrictEqual(taken.turn, groupBursts(ms, d)[0])
        assert.deepStrictEqual([...taken.turn, ...taken.rest], sorted(ms))
      }
      const turns: Array<ReadonlyArray<ConversationArb.Pending>> = []
      let pending: ReadonlyArray<ConversationArb.Pending> = ms
      for (let next = takeTurn(pending, d, 1e9); next !== null; next = takeTurn(pending, d, 1e9)) {
        turns.push(next.turn)
        pending = next.rest
      }
      assert.deepStrictEqual(turns, groupBursts(ms, d))
    }
  )
})
