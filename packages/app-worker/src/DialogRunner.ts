import {
  type EvidenceImage,
  Catalog,
  type Conversation,
  ClaimId,
  Dialog,
  defaultShopSettings,
  Nlu,
  type NluResult,
  Offer,
  Order,
  OrderId,
  type OutboundMessage,
  PaymentEvidenceReader,
  ReplyWriter,
  type ShopSettings,
  Tenant,
  timestamp,
  wordingKeepsFacts
} from "@chatshop/domain"
import { InboundMedia } from "@chatshop/adapters/channels"
import { Clock, Effect, Result, Schema } from "effect"
import type { PendingMessage } from "./TurnStore.ts"

/** What one dialog turn produced: the messages to send, conversation commands, the next dialog state. */
export interface DialogTurnResult {
  readonly state: Dialog.DialogState
  readonly messages: ReadonlyArray<OutboundMessage>
  readonly commands: ReadonlyArray<Conversation.ConversationCommand>
}

const decodeState = Schema.decodeUnknownResult(Dialog.DialogState)

export const dialogStateOf = (stored: unknown): Dialog.DialogState => {
  if (stored === null || stored === undefined) return Dialog.initialDialogState
  const decoded = decodeState(stored)
  return Result.isSuccess(decoded) ? decoded.success : Dialog.initialDialogState
}

/** The shop's settings and name; a tenant without a row (tests, embedding apps) gets the defaults. */
export const shopOf = (tenantId: Conversation.Conversation["tenantId"]) =>
  Effect.gen(function* () {
    const tenants = yield* Tenant.TenantRepository
    return yield* tenants.get(tenantId).pipe(
      Effect.map((t) => ({ settings: t.settings as ShopSettings, name: t.name })),
      Effect.orElseSucceed(() => ({ settings: defaultShopSettings, name: "" }))
    )
  })

/** What the channel already told us: a WhatsApp id is the customer's phone number. */
const customerFacts = (c: Conversation.Conversation, name: string | undefined) => {
  const phone =
    (c.channel === "whatsapp" || c.channel === "greenapi") && /^\d{6,15}$/.test(c.customerId)
      ? `+${c.customerId}`
      : undefined
  return { ...(phone === undefined ? {} : { phone }), ...(name === undefined ? {} : { name }) }
}

const out = (outcome: Dialog.Outcome): Dialog.Outcome | null => outcome

const textOf = (turn: ReadonlyArray<PendingMessage>): string =>
  turn
    .map((m) => m.text.trim())
    .filter((t) => t !== "")
    .join("\n")

/**
 * NLU → plan → gather → decide → execute the actions (Orders, Offers, payment evidence) → replies
 * for their outcomes. Every figure the customer sees comes from `Dialog.decide`/`onOutcome`.
 */
export const runDialog = (
  conversation: Conversation.Conversation,
  stored: unknown,
  turn: ReadonlyArray<PendingMessage>,
  customerName: string | undefined
) =>
  Effect.gen(function* () {
    const nlu = yield* Nlu
    const catalog = yield* Catalog.Catalog
    const orders = yield* Order.Orders
    const orderRepo = yield* Order.OrderRepository
    const offers = yield* Offer.Offers
    const offerRepo = yield* Offer.OfferRepository
    const writer = yield* ReplyWriter
    const reader = yield* PaymentEvidenceReader
    const media = yield* InboundMedia
    const tenantId = conversation.tenantId
    const now = timestamp(yield* Clock.currentTimeMillis)
    const shop = yield* shopOf(tenantId)
    const turnKey = turn[0]!.messageId
    let state = dialogStateOf(stored)

    const text = textOf(turn)
    const result: NluResult = yield* nlu
      .classify(tenantId, {
        text,
        language: conversation.language,
        ...(state.expecting === null ? {} : { expecting: state.expecting })
      })
      .pipe(
        Effect.orElseSucceed(
          (): NluResult => ({ intent: "unknown", language: conversation.language, entities: {}, confidence: 0 })
        )
      )
    const language = result.language
    const needs = Dialog.plan(state, result)
    const search = needs.search === null ? [] : yield* catalog.search(tenantId, needs.search)
    const products = yield* Effect.forEach(needs.products, (id) => Effect.option(catalog.view(tenantId, id)))
    let order: Order.Order | null =
      conversation.orderId === null
        ? null
        : yield* orderRepo.get(tenantId, conversation.orderId).pipe(Effect.orElseSucceed(() => null))
    const activeOffers = yield* offerRepo.list(tenantId, { status: "active" })
    const ctxNow = (): Dialog.DialogContext => ({
      now,
      owner: conversation.owner,
      settings: shop.settings,
      search,
      products: products.flatMap((p) => (p._tag === "Some" ? [p.value] : [])),
      order,
      offers: activeOffers,
      attachments: turn.flatMap((m) => m.images),
      paymentDetails: shop.settings.paymentDetails ?? "",
      shopName: shop.name,
      customer: customerFacts(conversation, customerName)
    })

    const messages: Array<OutboundMessage> = []
    const commands: Array<Conversation.ConversationCommand> = []
    if (language !== conversation.language) commands.push({ _tag: "SetLanguage", language, at: now })

    const word = (reply: Dialog.ReplyAction) =>
      Effect.gen(function* () {
        const intent = Dialog.renderReply(reply)
        const worded = yield* writer
          .word(tenantId, {
            intent,
            language: reply.language,
            persona: { shopName: shop.name, tone: "friendly", emoji: false }
          })
          .pipe(Effect.orElseSucceed(() => intent.text))
        return wordingKeepsFacts(intent, worded) && worded.trim() !== "" ? worded : intent.text
      })

    const attachButtons = (options: ReadonlyArray<string>) => {
      const last = messages[messages.length - 1]
      const buttons = options.filter((o) => o.trim() !== "").map((o) => ({ id: o.slice(0, 60), title: o.slice(0, 20) }))
      if (last?._tag !== "Text" || buttons.length === 0) return
      messages[messages.length - 1] = { _tag: "Buttons", text: last.text, buttons: [buttons[0]!, ...buttons.slice(1)] }
    }

    const ensureDraft = (currency: Order.Order["currency"]) =>
      Effect.gen(function* () {
        if (order !== null && order.status === "draft") return order
        const draft = yield* orders.draft(tenantId, {
          id: OrderId.make(`ord_${turnKey}`),
          customer: {
            customerId: conversation.customerId,
            conversationId: conversation.id,
            ...customerFacts(conversation, customerName)
          },
          currency
        })
        commands.push({ _tag: "AttachOrder", orderId: draft.id, at: now })
        order = draft
        return draft
      })

    const outcomeOf = (action: Dialog.DialogAction): Effect.Effect<Dialog.Outcome | null> =>
      Effect.gen(function* () {
        switch (action._tag) {
          case "AddLineToDraft": {
            const draft = yield* ensureDraft(action.line.unitPrice.currency)
            const change = yield* Effect.option(orders.addLine(tenantId, draft.id, action.line))
            if (change._tag === "Some") order = change.value.state
            return null
          }
          case "SetOrderField": {
            if (order === null) return null
            const input = {
              field: action.field,
              value: action.value,
              ...(action.line === undefined ? {} : { line: action.line }),
              ...(action.sku === undefined ? {} : { sku: action.sku })
            }
            const change = yield* Effect.result(orders.setField(tenantId, order.id, input))
            if (Result.isSuccess(change)) {
              order = change.success.state
              return null
            }
            return out({ _tag: "FieldRejected", field: action.field })
          }
          case "PlaceOrder": {
            if (order === null) return null
            const placed = yield* Effect.result(orders.place(tenantId, order.id))
            const fresh = yield* orderRepo.get(tenantId, order.id).pipe(Effect.orElseSucceed(() => order!))
            order = Result.isSuccess(placed) ? placed.success.state : fresh
            return out(order.status === "draft" ? { _tag: "PlaceFailed", order } : { _tag: "OrderPlaced", order })
          }
          case "CancelOrder": {
            if (order === null) return null
            const cancelled = yield* Effect.result(orders.cancel(tenantId, order.id, action.reason))
            if (Result.isFailure(cancelled)) return out({ _tag: "CancelRefused", order })
            order = cancelled.success.state
            commands.push({ _tag: "FinishOrder", orderId: order.id, at: now })
            return out({ _tag: "OrderCancelled", order })
          }
          case "SubmitPaymentEvidence": {
            if (order === null) return null
            let current: Order.Order = order
            for (const image of action.images) {
              // A link is read as it is; a media id (WhatsApp, Telegram) is fetched from the platform.
              const source =
                image.url !== undefined
                  ? Effect.succeed<EvidenceImage>({ _tag: "Url", url: image.url })
                  : Effect.map(
                      media.fetch(tenantId, conversation.channelAccountId, image.mediaId ?? ""),
                      ({ bytes, mimeType }): EvidenceImage => ({ _tag: "Bytes", bytes, mimeType })
                    )
              const evidence = yield* Effect.result(Effect.flatMap(source, (img) => reader.read(tenantId, img)))
              const parts = Result.isSuccess(evidence) ? evidence.success : {}
              const change: Result.Result<Order.OrderChange, unknown> = yield* Effect.result(
                orders.submitPayment(tenantId, current.id, parts)
              )
              if (Result.isSuccess(change)) current = change.success.state
            }
            order = current
            if (current.status === "paid") commands.push({ _tag: "FinishOrder", orderId: current.id, at: now })
            return out({ _tag: "PaymentDecided", order: current })
          }
          case "ClaimOffer": {
            const claimed = yield* Effect.result(
              offers.claim(tenantId, action.offerId, {
                claimId: ClaimId.make(`claim_${turnKey}`),
                customerId: conversation.customerId,
                qty: action.qty
              })
            )
            return out(
              Result.isSuccess(claimed)
                ? { _tag: "OfferClaimed", offer: claimed.success.state, qty: action.qty }
                : { _tag: "ClaimFailed", reason: claimed.failure._tag }
            )
          }
          case "Handoff":
            commands.push({ _tag: "HandoffOn", by: action.by, at: now })
            return null
          case "OptOut":
            commands.push({ _tag: "OptOut", at: now })
            return null
          default:
            return null
        }
      })

    const execute = (actions: ReadonlyArray<Dialog.DialogAction>, depth: number): Effect.Effect<void> =>
      Effect.forEach(
        actions,
        (action) =>
          Effect.gen(function* () {
            switch (action._tag) {
              case "Reply":
                messages.push({ _tag: "Text", text: yield* word(action) })
                return
              case "Photos":
                for (const url of action.urls) messages.push({ _tag: "Image", url })
                return
              case "QuickReplies":
                return attachButtons(action.options)
            }
            const outcome = yield* outcomeOf(action)
            if (outcome === null || depth > 3) return
            const next = Dialog.onOutcome(state, outcome, ctxNow(), language)
            state = next.state
            yield* execute(next.actions, depth + 1)
          }),
        { discard: true }
      )

    const decision = Dialog.decide(state, result, ctxNow())
    state = decision.state
    yield* execute(decision.actions, 0)
    // As few messages as the channel allows: WhatsApp lets one through to a customer about every 6 s.
    const reply = Dialog.Coalesce.coalesce(messages, Dialog.Coalesce.channelLimits[conversation.channel])
    return { state, messages: reply, commands } satisfies DialogTurnResult
  })
