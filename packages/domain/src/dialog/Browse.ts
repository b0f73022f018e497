import type { ProductView } from "../catalog/Catalog.ts"
import { colours, hasSizes } from "../catalog/Model.ts"
import { textKey } from "../catalog/Normalize.ts"
import type { SearchResult } from "../catalog/Search.ts"
import { type Offer, remaining } from "../offer/Model.ts"
import type { NluEntities } from "../ports/Nlu.ts"
import type { OfferId } from "../shared/Ids.ts"
import { addToDraft } from "./Collect.ts"
import { act, photos, quick, say, type Turn, update } from "./Turn.ts"
import {
  coloursInStock,
  matchColour,
  matchSize,
  sizesInStock,
  totalInStock,
  variantFor,
  variantsWith,
  viewOf
} from "./Views.ts"

/** How many products or offers one list shows. */
export const LIST_SIZE = 3
/** A top result scoring this many times the next one is what the customer meant. */
export const CLEAR_WINNER = 1.5

const dealWords = [
  "deal",
  "deals",
  "offer",
  "offers",
  "sale",
  "discount",
  "акция",
  "акции",
  "скидка",
  "скидки",
  "распродажа"
]
const dealKeys = new Set(dealWords.map(textKey))

/** "Any deals?" / "акции": the customer asks about offers rather than products. */
export const asksForDeals = (query: string): boolean =>
  textKey(query)
    .split(" ")
    .some((k) => dealKeys.has(k))

export const activeOffers = (turn: Turn): ReadonlyArray<Offer> =>
  turn.ctx.offers.filter((o) => o.status === "active" && remaining(o) > 0)

/** The active offers as a numbered list the customer can pick from. */
export const listOffers = (turn: Turn, offers: ReadonlyArray<Offer>): Turn => {
  const shown = offers.slice(0, LIST_SIZE)
  say(turn, "offers_intro")
  shown.forEach((o, i) => {
    say(turn, "offer_item", {
      n: i + 1,
      title: o.title,
      price: o.price,
      original: o.originalPrice ?? "",
      stock: remaining(o)
    })
  })
  say(turn, "choose_prompt")
  quick(
    turn,
    shown.map((_, i) => String(i + 1))
  )
  return update(turn, {
    stage: "browsing",
    shown: shown.map((o) => ({ kind: "offer", id: o.id })),
    expecting: "choice"
  })
}

/** One product: price, photos, and availability of the size/colour asked for (or what is in stock). */
export const card = (turn: Turn, view: ProductView, wanted: Pick<NluEntities, "size" | "color">): Turn => {
  const product = view.product
  const title = product.title
  const size = wanted.size === undefined ? undefined : matchSize(view, wanted.size)
  const color = wanted.color === undefined ? undefined : matchColour(view, wanted.color)
  // Remember what was asked about this product, so "I'll take it" keeps the size just discussed.
  const before = turn.state.focus === product.id ? (turn.state.picked ?? {}) : {}
  const picked = { ...before, ...(size === undefined ? {} : { size }), ...(color === undefined ? {} : { color }) }
  update(turn, {
    focus: product.id,
    shown: [{ kind: "product", id: product.id }],
    stage: "browsing",
    expecting: null,
    picked
  })
  if (wanted.size !== undefined && size === undefined) {
    return say(turn, "size_not_offered", { title, size: wanted.size, sizes: sizesInStock(view, color).join(", ") })
  }
  if (wanted.color !== undefined && color === undefined) {
    return say(turn, "colour_not_offered", {
      title,
      color: wanted.color,
      colours: coloursInStock(view, size).join(", ")
    })
  }
  if (totalInStock(view) === 0) return say(turn, "product_sold_out", { title })
  const quoted = variantFor(view, size, color)
  if (quoted === undefined) return say(turn, "product_sold_out", { title })
  // Variants priced differently (an override per colour): quote the lowest in stock as "from".
  const prices = view.variants.filter((v) => v.available > 0).map((v) => v.price.amount)
  const lowest = view.variants.find((v) => v.available > 0 && v.price.amount === Math.min(...prices))
  if (size === undefined && color === undefined && new Set(prices).size > 1 && lowest !== undefined) {
    say(turn, "product_from", { title, price: lowest.price })
  } else say(turn, "product", { title, price: quoted.price })
  photos(turn, product.photos.slice(0, 3))
  // A one-of-a-kind piece has no size chart: its own measurements are what the customer decides by.
  const measured = Object.entries(quoted.variant.measurements ?? {})
  if (measured.length > 0) {
    say(turn, "measurements", { measurements: measured.map(([name, cm]) => `${name} ${cm}`).join(", ") })
  }
  if (size !== undefined || color !== undefined) {
    const matching = variantsWith(view, size, color)
    const inStock = matching.filter((v) => v.available > 0)
    if (inStock.length === 0) {
      const options = size !== undefined ? sizesInStock(view, color) : coloursInStock(view, size)
      return say(turn, "option_out_of_stock", {
        title,
        size: size ?? "",
        color: color ?? "",
        options: options.join(", ")
      })
    }
    // A stock count only when one variant is meant: the number is that variant's, never a sum.
    const one = matching.length === 1 ? inStock[0] : undefined
    say(turn, "option_in_stock", {
      title,
      size: size ?? "",
      color: color ?? "",
      stock: one?.available ?? "",
      price: quoted.price
    })
  } else {
    if (hasSizes(product)) say(turn, "sizes_in_stock", { sizes: sizesInStock(view).join(", ") })
    if (colours(product).length > 1) say(turn, "colours_in_stock", { colours: coloursInStock(view).join(", ") })
  }
  return say(turn, "ask_take")
}

/** Several products: a numbered list with prices and photos; the customer picks by number. */
const list = (turn: Turn, views: ReadonlyArray<ProductView>, query: string): Turn => {
  const shown = views.slice(0, LIST_SIZE)
  say(turn, "search_intro", { query })
  shown.forEach((view, i) => {
    const quoted = variantFor(view, view.requested.size, view.requested.color) ?? view.variants[0]
    const params = { n: i + 1, title: view.product.title, price: quoted?.price ?? "" }
    say(turn, view.available > 0 ? "result_item" : "result_item_sold_out", params)
    photos(turn, view.product.photos.slice(0, 1))
  })
  say(turn, "choose_prompt")
  quick(
    turn,
    shown.map((_, i) => String(i + 1))
  )
  return update(turn, {
    stage: "browsing",
    focus: null,
    shown: shown.map((v) => ({ kind: "product", id: v.product.id })),
    expecting: "choice"
  })
}

/** The first result is what the customer meant: the only one, or clearly ahead of the next. */
const oneMeant = (results: ReadonlyArray<SearchResult>): boolean => {
  const [first, second] = results
  return first !== undefined && (second === undefined || first.score >= CLEAR_WINNER * second.score)
}

/** Nothing in the catalog is what the customer named: say so (a colour or size alone matched nothing). */
const nothingFound = (turn: Turn, query: string): Turn => {
  say(turn, "nothing_found", { query })
  return update(turn, { expecting: null })
}

/** search / ask availability / price / size: the search results, or the product in focus. */
export const browse = (turn: Turn, e: NluEntities): Turn => {
  const query = e.query ?? e.productRef
  if (query !== undefined) {
    const offers = activeOffers(turn)
    if (asksForDeals(query) && offers.length > 0) return listOffers(turn, offers)
    const results = turn.ctx.search
    if (results.length === 0) return nothingFound(turn, query)
    // One result, or one clearly ahead ("chelsea boots" vs other shoes): show it rather than a list.
    return oneMeant(results) ? card(turn, results[0]!, e) : list(turn, results, query)
  }
  const focus = turn.state.focus === null ? undefined : viewOf(turn.ctx, turn.state.focus)
  if (focus !== undefined) return card(turn, focus, e)
  say(turn, "choose_first")
  return update(turn, { expecting: null })
}

const claim = (turn: Turn, offerId: string, qty: number): Turn => {
  const offer = activeOffers(turn).find((o) => o.id === offerId)
  if (offer === undefined) return say(turn, "offer_unavailable")
  act(turn, { _tag: "ClaimOffer", offerId: offer.id as OfferId, qty })
  return update(turn, { shown: [], expecting: null })
}

/** "The second one", "I'll take it", a product named: put it on the order (or claim the offer). */
export const choose = (turn: Turn, e: NluEntities): Turn => {
  const qty = e.quantity ?? 1
  const picked = e.choice === undefined ? undefined : turn.state.shown[e.choice - 1]
  if (picked?.kind === "offer") return claim(turn, picked.id, qty)
  // "I want the red umbrella" with no umbrella: say so, never put the product in focus on the order instead.
  // (A productRef may be a sku or id search can't read: then the focus is still what it points at.)
  if (picked === undefined && e.query !== undefined && turn.ctx.search.length === 0) return nothingFound(turn, e.query)
  // "I want sneakers in 40" with several alike: the list to pick from, never the first one on the order.
  if (picked === undefined && e.query !== undefined && !oneMeant(turn.ctx.search)) return browse(turn, e)
  const id =
    picked?.id ??
    ((e.query ?? e.productRef) !== undefined ? turn.ctx.search[0]?.product.id : undefined) ??
    turn.state.focus ??
    (turn.state.shown.length === 1 && turn.state.shown[0]!.kind === "product" ? turn.state.shown[0]!.id : undefined)
  const view = id === undefined ? undefined : viewOf(turn.ctx, id)
  if (view === undefined) {
    say(turn, "choose_first")
    return update(turn, { expecting: null })
  }
  const asked = view.product.id === turn.state.focus ? (turn.state.picked ?? {}) : {}
  const size = e.size ?? asked.size ?? view.requested.size
  const color = e.color ?? asked.color ?? view.requested.color
  return addToDraft(turn, view, { size, color }, qty, e)
}
