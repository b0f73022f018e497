import { Clock, Effect, Option, Result } from "effect"
import {
  Catalog,
  type Conversation,
  CustomerId,
  defaultShopSettings,
  Dialog,
  Nlu,
  type NluResult,
  Order,
  OrderId,
  PaymentEvidenceReader,
  type TenantId,
  timestamp
} from "@chatshop/domain"

/**
 * A minimal worker turn for tests: NLU → plan → gather (catalog, order) → decide → run the actions
 * against the Orders service → onOutcome. The real worker adds persistence, outbox and sending.
 */
export interface Chat {
  readonly tenantId: TenantId
  readonly customerId: CustomerId
  state: Dialog.DialogState
  orderId: OrderId | null
  language: Conversation.Language
  drafts: number
  readonly paymentDetails: string
}

export const chat = (tenantId: TenantId, paymentDetails = "Kaspi +7 701 000 00 00"): Chat => ({
  tenantId,
  customerId: CustomerId.make("c-1"),
  state: Dialog.initialDialogState,
  orderId: null,
  language: "en",
  drafts: 0,
  paymentDetails
})

export interface TurnResult {
  readonly nlu: NluResult
  readonly actions: ReadonlyArray<Dialog.DialogAction>
  readonly keys: ReadonlyArray<string>
  readonly text: string
}

const replyKeys = (actions: ReadonlyArray<Dialog.DialogAction>) =>
  actions.flatMap((a) => (a._tag === "Reply" ? [a.key] : []))

export const send = (c: Chat, text: string, attachments: ReadonlyArray<string> = []) =>
  Effect.gen(function* () {
    const nlu = yield* Nlu
    const catalog = yield* Catalog.Catalog
    const orders = yield* Order.Orders
    const repo = yield* Order.OrderRepository
    const reader = yield* PaymentEvidenceReader
    const t = c.tenantId
    const result = yield* nlu.classify(t, {
      text,
      language: c.language,
      ...(c.state.expecting === null ? {} : { expecting: c.state.expecting })
    })
    c.language = result.language
    const now = timestamp(yield* Clock.currentTimeMillis)
    const needs = Dialog.plan(c.state, result)
    const search = needs.search === null ? [] : yield* catalog.search(t, needs.search, { limit: 5 })
    const views = yield* Effect.forEach(needs.products, (id) => Effect.option(catalog.view(t, id)))
    const current = () => (c.orderId === null ? Effect.succeed(null) : repo.get(t, c.orderId))
    const context = (order: Order.Order | null): Dialog.DialogContext => ({
      now,
      owner: "bot",
      settings: defaultShopSettings,
      search,
      products: views.flatMap((v) => (Option.isSome(v) ? [v.value] : [])),
      order,
      offers: [],
      attachments: attachments.map((url) => ({ url })),
      paymentDetails: c.paymentDetails
    })
    const ctx = context(yield* current())
    const decision = Dialog.decide(c.state, result, ctx)
    c.state = decision.state
    const actions: Array<Dialog.DialogAction> = [...decision.actions]
    const outcome = (o: Dialog.Outcome) =>
      Effect.gen(function* () {
        const next = Dialog.onOutcome(c.state, o, context(yield* current()), result.language)
        c.state = next.state
        actions.push(...next.actions)
      })
    for (const action of decision.actions) {
      switch (action._tag) {
        case "AddLineToDraft": {
          const order = yield* current()
          if (order === null || order.status !== "draft") {
            c.drafts += 1
            c.orderId = OrderId.make(`ord-${c.drafts}`)
            yield* orders.draft(t, {
              id: c.orderId,
              customer: { customerId: c.customerId },
              currency: action.line.unitPrice.currency
            })
          }
          yield* Effect.orDie(orders.addLine(t, c.orderId!, action.line))
          break
        }
        case "SetOrderField": {
          const { _tag, ...input } = action
          const set = yield* Effect.result(orders.setField(t, c.orderId!, input))
          if (Result.isFailure(set)) yield* outcome({ _tag: "FieldRejected", field: action.field })
          break
        }
        case "PlaceOrder": {
          const placed = yield* Effect.result(orders.place(t, c.orderId!))
          const order = yield* repo.get(t, c.orderId!)
          yield* outcome(Result.isSuccess(placed) ? { _tag: "OrderPlaced", order } : { _tag: "PlaceFailed", order })
          break
        }
        case "CancelOrder": {
          const cancelled = yield* Effect.result(orders.cancel(t, c.orderId!, action.reason))
          const order = yield* repo.get(t, c.orderId!)
          yield* outcome(
            Result.isSuccess(cancelled) ? { _tag: "OrderCancelled", order } : { _tag: "CancelRefused", order }
          )
          break
        }
        case "SubmitPaymentEvidence": {
          for (const { url = "" } of action.images) {
            const evidence = yield* reader.read(t, { _tag: "Url", url }).pipe(Effect.orDie)
            yield* Effect.orDie(orders.submitPayment(t, c.orderId!, evidence))
          }
          yield* outcome({ _tag: "PaymentDecided", order: yield* repo.get(t, c.orderId!) })
          break
        }
        default:
          break
      }
    }
    const replies = actions.flatMap((a) => (a._tag === "Reply" ? [Dialog.renderReply(a).text] : []))
    return { nlu: result, actions, keys: replyKeys(actions), text: replies.join("\n") } satisfies TurnResult
  })
