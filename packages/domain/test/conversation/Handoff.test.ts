import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Conversation, timestamp } from "@chatshop/domain"
import { ConversationArb, property } from "@chatshop/domain/testing"

const { parseHandoffCommand, parseManagerCommand, handoffCommandOf, handoffUsage } = Conversation

describe("manager command /handoff on|off|status <customer> (SPEC §3.7)", () => {
  it("conv-handoff-command: parses the three actions, Telegram's @bot suffix, any case and spacing", () => {
    const cases: ReadonlyArray<readonly [string, Conversation.HandoffParse]> = [
      ["/handoff on +77011234567", { _tag: "Command", action: "on", customer: "+77011234567" }],
      ["  /HANDOFF   Off   @anna  ", { _tag: "Command", action: "off", customer: "@anna" }],
      ["/handoff@shop_bot status c1", { _tag: "Command", action: "status", customer: "c1" }],
      ["/handoff on +7 701 123\t45 67", { _tag: "Command", action: "on", customer: "+7 701 123 45 67" }],
      ["/handoff\non\nc1", { _tag: "Command", action: "on", customer: "c1" }],
      ["/handoff", { _tag: "Invalid", reason: `expected on, off or status — ${handoffUsage}` }],
      ["/handoff maybe c1", { _tag: "Invalid", reason: `expected on, off or status — ${handoffUsage}` }],
      ["/handoff on", { _tag: "Invalid", reason: `name the customer — ${handoffUsage}` }],
      ["/handoff status   ", { _tag: "Invalid", reason: `name the customer — ${handoffUsage}` }],
      ["/handoffs on c1", { _tag: "NotACommand" }],
      ["/handoff-on c1", { _tag: "NotACommand" }],
      ["handoff on c1", { _tag: "NotACommand" }],
      ["please /handoff on c1", { _tag: "NotACommand" }],
      ["", { _tag: "NotACommand" }]
    ]
    for (const [text, expected] of cases) assert.deepStrictEqual(parseHandoffCommand(text), expected, text)
    assert.strictEqual(handoffUsage, "/handoff on|off|status <customer>")
  })

  property(
    "conv-handoff-parse: any action in any case with any customer reference parses to it",
    [
      fc.constantFrom("on", "off", "status"),
      fc.boolean(),
      fc.array(fc.stringMatching(/^[^\s]{1,12}$/), { minLength: 1, maxLength: 4 })
    ],
    (action, upper, words) => {
      const parsed = parseHandoffCommand(`/handoff ${upper ? action.toUpperCase() : action}  ${words.join("  ")}`)
      assert.deepStrictEqual(parsed, { _tag: "Command", action, customer: words.join(" ") })
    }
  )

  property(
    "conv-handoff-manager-only: from anyone but a manager the text is an ordinary message",
    [ConversationArb.handoffText],
    (text) => {
      assert.deepStrictEqual(parseManagerCommand(text, "customer-1", ["manager-1", "manager-2"]), {
        _tag: "NotACommand"
      })
      assert.deepStrictEqual(
        parseManagerCommand(text, "manager-2", ["manager-1", "manager-2"]),
        parseHandoffCommand(text)
      )
      const parsed = parseHandoffCommand(text)
      if (!text.trimStart().toLowerCase().startsWith("/handoff")) assert.strictEqual(parsed._tag, "NotACommand")
    }
  )

  it("conv-handoff-manager: on and off become manager handoff commands; status changes nothing", () => {
    const at = timestamp(42)
    assert.deepStrictEqual(handoffCommandOf("on", at), { _tag: "HandoffOn", by: "manager", at })
    assert.deepStrictEqual(handoffCommandOf("off", at), { _tag: "HandoffOff", by: "manager", at })
    assert.isNull(handoffCommandOf("status", at))
  })
})
