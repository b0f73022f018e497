import { assert } from "@effect/vitest"
import type { Effect } from "effect"

/**
 * The English boots sale both worker sale tests walk through, from "Hi" to "yes": checks what every
 * version of the dialog must say (size asked, colour not, address last) and returns each reply so a
 * test can check more of it.
 */
export const bootsSale = function* <E, R>(say: (text: string) => Effect.Effect<string, E, R>) {
  const hello = yield* say("Hi")
  assert.match(hello, /Demo Shoes|hello|hi/i)
  const found = yield* say("Do you have chelsea boots?")
  assert.include(found, "$120.00")
  assert.include(found, "38, 39, 40")
  const take = yield* say("yes, I'll take them")
  assert.match(take, /city/i)
  const city = yield* say("Almaty")
  assert.match(city, /size/i)
  assert.notMatch(city, /colou?r/i)
  const size = yield* say("39")
  assert.notMatch(size, /colou?r/i)
  const delivery = yield* say("delivery please")
  assert.match(delivery, /address/i)
  const address = yield* say("Abay avenue 10, apt 5")
  assert.include(address, "$120.00")
  assert.include(address, "Abay avenue 10, apt 5")
  const placed = yield* say("yes")
  assert.match(placed, /order/i)
  return { hello, found, take, address, placed }
}
