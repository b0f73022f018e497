import { InboundMedia } from "@chatshop/adapters/channels"
import {
  ClaimId,
  type Conversation,
  Dialog,
  type EvidenceImage,
  Offer,
  Order,
  OrderId,
  type OutboundMessage,
  PaymentEvidenceReader,
  ReplyWriter,
  wordingKeepsFacts
} from "@chatshop/domain"
import { Effect, Result } from "effect"
import { customerFacts, type Gathered } from "./Gather.ts"

/** What a turn's actions run against: what was gathered, the turn's key, and the services they call. */
export interface TurnEnv {
  readonly gathered: Gathered
  /** The first message's id: seeds the ids of the turn's draft and claim, so a rerun repeats nothing. */
  readonly turnKey: string
  readonly orders: Order.Orders["Service"]
  readonly orderRepo: Order.OrderRepository["Service"]
  readonly offers: Offer.Offers["Service"]
  readonly writer: ReplyWriter["Service"]
  readonly reader: PaymentEvidenceReader["Service"]
  readonly media: InboundMedia["Service"]
}

/** What the actions so far produced: the messages to send, conversation commands, the attached order. */
export interface TurnEffects {
  readonly messages: Array<OutboundMessage>
  readonly commands: Array<Conversation.ConversationCommand>
  order: Order.Order | null
}

export const turnEnv = (gathered: Gathered, turnKey: string) =>
  Effect.gen(function* () {
    return {
      gathered,
      turnKey,
      orders: yield* Order.Orders,
      orderRepo: yield* Order.OrderRepository,
      offers: yield* Offer.Offers,
      writer: yield* ReplyWriter,
      reader: yield* PaymentEvidenceReader,
      media: yield* InboundMedia
    } satisfies TurnEnv
  })

type Action<Tag extends Dialog.DialogAction["_tag"]> = Extract<Dialog.DialogAction, { readonly _tag: Tag }>
type Outcome = Effect.Effect<Dialog.Outcome | null>

/** The template's text, reworded by the ReplyWriter when the wording keeps every fact. */
const reply = (env: TurnEnv, fx: TurnEffects, action: Action<"Reply">): Outcome =>
  Effect.gen(function* () {
    const intent = Dialog.renderReply(action)
    const persona = { shopName: env.gathered.shop.name, tone: "friendly" as const, emoji: false }
    const worded = yield* env.writer
      .word(env.gathered.conversation.tenantId, { intent, language: action.language, persona })
      .pipe(Effect.orElseSucceed(() => intent.text))
    fx.messages.push({
      _tag: "Text",
      text: wordingKeepsFacts(intent, worded) && worded.trim() !== "" ? worded : intent.text
    })
    return null
  })

const photos = (fx: TurnEffects, action: Action<"Photos">): Outcome =>
  Effect.sync(() => {
    for (const url of action.urls) fx.messages.push({ _tag: "Image", url })
    return null
  })

/** The options become buttons on the last text (the channel shows them under it). */
const quickReplies = (fx: TurnEffects, action: Action<"QuickReplies">): Outcome =>
  Effect.sync(() => {
    const last = fx.messages[fx.messages.length - 1]
    const buttons = action.options
      .filter((o) => o.trim() !== "")
      .map((o) => ({ id: o.slice(0, 60), title: o.slice(0, 20) }))
    if (last?._tag === "Text" && buttons.length > 0)
      fx.messages[fx.messages.length - 1] = {
        _tag: "Buttons",
        text: last.text,
        buttons: [buttons[0]!, ...buttons.slice(1)]
      }
    return null
  })

const ensureDraft = (env: TurnEnv, fx: TurnEffects, currency: Order.Order["currency"]) =>
  Effect.gen(function* () {
    if (fx.order !== null && fx.order.status === "draft") return fx.order
    const { conversation, customerName, now } = env.gathered
    const draft = yield* env.orders.draft(conversation.tenantId, {
      id: OrderId.make(`ord_${env.turnKey}`),
      customer: {
        customerId: conversation.customerId,
        conversationId: conversation.id,
        ...customerFacts(conversation, customerName)
      },
      currency
    })
    fx.commands.push({ _tag: "AttachOrder", orderId: draft.id, at: now })
    fx.order = draft
    return draft
  })

const addLineToDraft = (env: TurnEnv, fx: TurnEffects, action: Action<"AddLineToDraft">): Outcome =>
  Effect.gen(function* () {
    const draft = yield* ensureDraft(env, fx, action.line.unitPrice.currency)
    const change = yield* Effect.option(env.orders.addLine(draft.tenantId, draft.id, action.line))
    if (change._tag === "Some") fx.order = change.value.state
    return null
  })

const setOrderField = (env: TurnEnv, fx: TurnEffects, action: Action<"SetOrderField">): Outcome =>
  Effect.gen(function* () {
    if (fx.order === null) return null
    const input = {
      field: action.field,
      value: action.value,
      ...(action.line === undefined ? {} : { line: action.line }),
      ...(action.sku === undefined ? {} : { sku: action.sku })
    }
    const change = yield* Effect.result(env.orders.setField(fx.order.tenantId, fx.order.id, input))
    if (Result.isFailure(change)) return { _tag: "FieldRejected", field: action.field }
    fx.order = change.success.state
    return null
  })

const placeOrder = (env: TurnEnv, fx: TurnEffects): Outcome =>
  Effect.gen(function* () {
    const order = fx.order
    if (order === null) return null
    const placed = yield* Effect.result(env.orders.place(order.tenantId, order.id))
    const fresh = yield* env.orderRepo.get(order.tenantId, order.id).pipe(Effect.orElseSucceed(() => order))
    const now = Result.isSuccess(placed) ? placed.success.state : fresh
    fx.order = now
    return now.status === "draft" ? { _tag: "PlaceFailed", order: now } : { _tag: "OrderPlaced", order: now }
  })

const cancelOrder = (env: TurnEnv, fx: TurnEffects, action: Action<"CancelOrder">): Outcome =>
  Effect.gen(function* () {
    const order = fx.order
    if (order === null) return null
    const cancelled = yield* Effect.result(env.orders.cancel(order.tenantId, order.id, action.reason))
    if (Result.isFailure(cancelled)) return { _tag: "CancelRefused", order }
    fx.order = cancelled.success.state
    fx.commands.push({ _tag: "FinishOrder", orderId: order.id, at: env.gathered.now })
    return { _tag: "OrderCancelled", order: cancelled.success.state }
  })

/** Each image read by the PaymentEvidenceReader (a media id fetched from the platform first), then submitted. */
const submitPaymentEvidence = (env: TurnEnv, fx: TurnEffects, action: Action<"SubmitPaymentEvidence">): Outcome =>
  Effect.gen(function* () {
    if (fx.order === null) return null
    const { tenantId, channelAccountId } = env.gathered.conversation
    let current: Order.Order = fx.order
    for (const image of action.images) {
      const source =
        image.url !== undefined
          ? Effect.succeed<EvidenceImage>({ _tag: "Url", url: image.url })
          : Effect.map(
              env.media.fetch(tenantId, channelAccountId, image.mediaId ?? ""),
              ({ bytes, mimeType }): EvidenceImage => ({ _tag: "Bytes", bytes, mimeType })
            )
      const evidence = yield* Effect.result(Effect.flatMap(source, (img) => env.reader.read(tenantId, img)))
      const parts = Result.isSuccess(evidence) ? evidence.success : {}
      const change = yield* Effect.result(env.orders.submitPayment(tenantId, current.id, parts))
      if (Result.isSuccess(change)) current = change.success.state
    }
    fx.order = current
    if (current.status === "paid") fx.commands.push({ _tag: "FinishOrder", orderId: current.id, at: env.gathered.now })
    return { _tag: "PaymentDecided", order: current }
  })

const claimOffer = (env: TurnEnv, action: Action<"ClaimOffer">): Outcome =>
  Effect.gen(function* () {
    const { tenantId, customerId } = env.gathered.conversation
    const claimId = ClaimId.make(`claim_${env.turnKey}`)
    const claimed = yield* Effect.result(
      env.offers.claim(tenantId, action.offerId, { claimId, customerId, qty: action.qty })
    )
    return Result.isSuccess(claimed)
      ? { _tag: "OfferClaimed", offer: claimed.success.state, qty: action.qty }
      : { _tag: "ClaimFailed", reason: claimed.failure._tag }
  })

const command = (fx: TurnEffects, c: Conversation.ConversationCommand): Outcome =>
  Effect.sync(() => {
    fx.commands.push(c)
    return null
  })

/**
 * The execute step: one action → its effects (messages, commands, the order) and the outcome the
 * dialog answers (`Dialog.onOutcome`), or null. Every tag has its case: a new one fails to compile.
 */
export const executeAction = (env: TurnEnv, fx: TurnEffects, action: Dialog.DialogAction): Outcome => {
  const at = env.gathered.now
  switch (action._tag) {
    case "Reply":
      return reply(env, fx, action)
    case "Photos":
      return photos(fx, action)
    case "QuickReplies":
      return quickReplies(fx, action)
    case "AddLineToDraft":
      return addLineToDraft(env, fx, action)
    case "SetOrderField":
      return setOrderField(env, fx, action)
    case "PlaceOrder":
      return placeOrder(env, fx)
    case "CancelOrder":
      return cancelOrder(env, fx, action)
    case "SubmitPaymentEvidence":
      return submitPaymentEvidence(env, fx, action)
    case "ClaimOffer":
      return claimOffer(env, action)
    case "Handoff":
      return command(fx, { _tag: "HandoffOn", by: action.by, at })
    case "OptOut":
      return command(fx, { _tag: "OptOut", at })
  }
  return action satisfies never
}
