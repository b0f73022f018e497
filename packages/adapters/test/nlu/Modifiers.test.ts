import { assert, describe, it } from "@effect/vitest"
import type { NluEntities, NluExpectedField } from "@chatshop/domain"
import * as OfflineNlu from "@chatshop/adapters/nlu"

// Issue 10: "red umbrella" must reach catalog search as what it asks for. Read as a bare colour, it
// became "this product in red" and the product in focus answered "yes".

const read = (text: string, expecting?: NluExpectedField) =>
  OfflineNlu.classify({ text, ...(expecting === undefined ? {} : { expecting }) })

describe("offline NLU: a colour or size next to an unknown word (issue 10)", () => {
  it("asks for that thing: the whole phrase is the query, the colour or size kept beside it", () => {
    const cases: ReadonlyArray<readonly [string, NluEntities]> = [
      ["red umbrella", { query: "red umbrella", color: "red" }],
      ["black umbrella", { query: "black umbrella", color: "black" }],
      ["зонт красный", { query: "зонт красный", color: "red" }],
      ["красный зонт", { query: "красный зонт", color: "red" }],
      ["umbrella 38", { query: "umbrella 38", size: "38" }]
    ]
    for (const [text, entities] of cases) {
      const result = read(text)
      assert.strictEqual(result.intent, "search", text)
      assert.deepStrictEqual(result.entities, entities, text)
    }
    assert.deepStrictEqual(read("есть красный зонт?").entities, { query: "красный зонт", color: "red" })
  })

  it("a colour or size on its own, shaded, or with an instruction is still a field", () => {
    const cases: ReadonlyArray<readonly [string, NluEntities]> = [
      ["red", { color: "red" }],
      ["dark red", { color: "red" }],
      ["in red please", { color: "red" }],
      ["change the colour to red", { color: "red" }],
      ["change size to 40", { size: "40" }]
    ]
    for (const [text, entities] of cases) {
      const result = read(text)
      assert.strictEqual(result.intent, "provide_field", text)
      assert.deepStrictEqual(result.entities, entities, text)
    }
  })

  it("when the bot asked for a field, the words around the colour are the answer", () => {
    const result = read("red leather", "color")
    assert.strictEqual(result.intent, "provide_field")
    assert.strictEqual(result.entities.color, "red")
    assert.isUndefined(result.entities.query)
  })
})

describe("offline NLU: a product wanted in a size (issue 10, 'хочу челси 39')", () => {
  it("is the pair chosen; asked about, or wanted without a size, it is a question or a search", () => {
    const cases: ReadonlyArray<readonly [string, string, NluEntities]> = [
      ["хочу челси 39", "choose_product", { query: "челси 39", size: "39" }],
      ["хочу челси в 39 размере", "choose_product", { query: "челси 39", size: "39" }],
      ["I want Chelsea in 39", "choose_product", { query: "Chelsea 39", size: "39" }],
      ["челси 39 есть?", "ask_availability", { query: "челси 39", size: "39" }],
      ["do you have chelsea in 39?", "ask_availability", { query: "chelsea 39", size: "39" }],
      ["хочу шанель сумку", "search", { query: "шанель сумку" }]
    ]
    for (const [text, intent, entities] of cases) {
      const result = read(text)
      assert.strictEqual(result.intent, intent, text)
      assert.deepStrictEqual(result.entities, entities, text)
    }
  })

  it("keeps the customer's own spelling in the query: 'Красный Зонт', not 'красныи зонт'", () => {
    assert.strictEqual(read("Есть Красный Зонт?").entities.query, "Красный Зонт")
    assert.strictEqual(read("ищу тёмно-синий зонт").entities.query, "тёмно синий зонт")
  })
})
