import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as fc from "fast-check"
import { Conversation, MessageId, OrderId, timestamp } from "@chatshop/domain"
import { ConversationArb } from "@chatshop/domain/testing"

/** The simple model: who owns it, misses in a row, how many messages and nudges, what stops nudging. */
interface Model {
  owner: "bot" | "human"
  nluFailures: number
  messages: number
  nudges: number
  seen: Set<string>
  optedOut: boolean
  orderFinished: boolean
  orderId: string | null
}
interface Real {
  state: Conversation.Conversation
  events: Array<Conversation.ConversationEvent>
  clock: number
  nextId: number
}

const stopOf = (m: Model) =>
  m.owner === "human" ? "handoff" : m.optedOut ? "opt_out" : m.orderFinished ? "order_finished" : null

type Body = (at: ReturnType<typeof timestamp>, mid: MessageId) => Conversation.ConversationCommand

/** Runs one command at a clock that only moves forward, and returns the decision. */
const exec = (r: Real, dt: number, body: Body) => {
  r.clock += dt
  r.nextId += 1
  const result = Conversation.execute(body(timestamp(r.clock), MessageId.make(`m${r.nextId}`)))(r.state)
  if (Result.isSuccess(result)) {
    r.state = result.success.state
    r.events.push(...result.success.events)
  }
  return result
}

const expectEvents = (result: ReturnType<typeof exec>, count: number) => {
  assert.isTrue(Result.isSuccess(result))
  if (Result.isSuccess(result)) assert.strictEqual(result.success.events.length, count)
}

const agree = (m: Model, r: Real) => {
  const s = r.state
  assert.deepStrictEqual(
    [s.owner, s.nluFailures, s.messageCount, s.nudge.sent, s.nudge.stoppedBy, s.orderId],
    [m.owner, m.nluFailures, m.messages, m.nudges, stopOf(m), m.orderId]
  )
  assert.isTrue(Conversation.Invariants.all(s))
}

abstract class Step implements fc.Command<Model, Real> {
  readonly dt: number
  constructor(dt: number) {
    this.dt = dt
  }
  check = () => true
  abstract apply(m: Model, r: Real): void
  run(m: Model, r: Real) {
    this.apply(m, r)
    agree(m, r)
  }
  abstract toString(): string
}

class Customer extends Step {
  readonly pid: string | null
  constructor(dt: number, pid: string | null) {
    super(dt)
    this.pid = pid
  }
  apply(m: Model, r: Real) {
    const result = exec(r, this.dt, (at, messageId) => ({
      _tag: "ReceiveCustomerMessage",
      messageId,
      text: "hi",
      platformMessageId: this.pid,
      at
    }))
    if (this.pid !== null && m.seen.has(this.pid)) return expectEvents(result, 0)
    expectEvents(result, 1)
    if (this.pid !== null) m.seen.add(this.pid)
    Object.assign(m, { messages: m.messages + 1, nudges: 0, optedOut: false, orderFinished: false })
  }
  toString = () => `customer(${this.pid})`
}

class Bot extends Step {
  readonly nudge: boolean
  constructor(dt: number, nudge: boolean) {
    super(dt)
    this.nudge = nudge
  }
  apply(m: Model, r: Real) {
    const result = exec(r, this.dt, (at, messageId) => ({
      _tag: "RecordBotMessage",
      messageId,
      text: "…",
      nudge: this.nudge,
      at
    }))
    const stop = stopOf(m)
    if (m.owner === "human" || (this.nudge && stop !== null)) {
      assert.isTrue(Result.isFailure(result))
      if (Result.isFailure(result)) {
        assert.strictEqual(result.failure._tag, m.owner === "human" ? "HumanOwnsConversation" : "NudgingStopped")
      }
      return
    }
    expectEvents(result, 1)
    m.messages += 1
    if (this.nudge) m.nudges += 1
  }
  toString = () => `bot(${this.nudge ? "nudge" : "reply"})`
}

/** A person replies: through chatshop (no platform id) or from the phone (an echo). */
class Human extends Step {
  readonly echo: string | null
  constructor(dt: number, echo: string | null) {
    super(dt)
    this.echo = echo
  }
  apply(m: Model, r: Real) {
    const pid = this.echo
    const result = exec(r, this.dt, (at, messageId) =>
      pid === null
        ? { _tag: "RecordHumanMessage", messageId, text: "I'm here", at }
        : { _tag: "ReceiveEcho", messageId, text: "I'm here", platformMessageId: pid, at }
    )
    if (pid !== null && m.seen.has(pid)) return expectEvents(result, 0)
    expectEvents(result, m.owner === "bot" ? 2 : 1)
    if (pid !== null) m.seen.add(pid)
    if (m.owner === "bot") Object.assign(m, { owner: "human", nluFailures: 0 })
    m.messages += 1
  }
  toString = () => `human(${this.echo ?? "inbox"})`
}

class Delivered extends Step {
  readonly pid: string
  constructor(dt: number, pid: string) {
    super(dt)
    this.pid = pid
  }
  apply(m: Model, r: Real) {
    const result = exec(r, this.dt, (at, messageId) => ({
      _tag: "MarkDelivered",
      messageId,
      platformMessageId: this.pid,
      at
    }))
    expectEvents(result, m.seen.has(this.pid) ? 0 : 1)
    m.seen.add(this.pid)
  }
  toString = () => `delivered(${this.pid})`
}

class Nlu extends Step {
  readonly ok: boolean
  constructor(dt: number, ok: boolean) {
    super(dt)
    this.ok = ok
  }
  apply(m: Model, r: Real) {
    const result = exec(r, this.dt, (at) => ({ _tag: this.ok ? "NluSucceeded" : "NluFailed", at }))
    assert.isTrue(Result.isSuccess(result))
    if (this.ok) m.nluFailures = 0
    else if (m.owner === "bot") m.nluFailures += 1
    if (m.nluFailures === 2) Object.assign(m, { owner: "human", nluFailures: 0 })
  }
  toString = () => `nlu(${this.ok ? "ok" : "miss"})`
}

class Handoff extends Step {
  readonly on: boolean
  constructor(dt: number, on: boolean) {
    super(dt)
    this.on = on
  }
  apply(m: Model, r: Real) {
    const result = exec(r, this.dt, (at) =>
      this.on ? { _tag: "HandoffOn", by: "manager", at } : { _tag: "HandoffOff", by: "admin", at }
    )
    const target = this.on ? "human" : "bot"
    expectEvents(result, m.owner === target ? 0 : 1)
    if (m.owner !== target) Object.assign(m, { owner: target, nluFailures: 0 })
  }
  toString = () => `handoff(${this.on ? "on" : "off"})`
}

class Order extends Step {
  readonly orderId: string
  readonly finish: boolean
  constructor(dt: number, orderId: string, finish: boolean) {
    super(dt)
    this.orderId = orderId
    this.finish = finish
  }
  apply(m: Model, r: Real) {
    const orderId = OrderId.make(this.orderId)
    const result = exec(r, this.dt, (at) => ({ _tag: this.finish ? "FinishOrder" : "AttachOrder", orderId, at }))
    if (this.finish && m.orderId !== this.orderId) {
      assert.isTrue(Result.isFailure(result) && result.failure._tag === "OrderNotAttached")
      return
    }
    expectEvents(result, !this.finish && m.orderId === this.orderId ? 0 : 1)
    if (this.finish) Object.assign(m, { orderId: null, orderFinished: true })
    else m.orderId = this.orderId
  }
  toString = () => `${this.finish ? "finish" : "attach"}(${this.orderId})`
}

class OptOut extends Step {
  apply(m: Model, r: Real) {
    expectEvents(
      exec(r, this.dt, (at) => ({ _tag: "OptOut", at })),
      m.optedOut ? 0 : 1
    )
    m.optedOut = true
  }
  toString = () => "optOut"
}

const dt = fc.integer({ min: 0, max: 6 * 3_600_000 })
const pid = fc.constantFrom(...ConversationArb.platformIds)
const commands = fc.commands(
  [
    fc.tuple(dt, fc.option(pid, { nil: null })).map(([d, p]) => new Customer(d, p)),
    fc.tuple(dt, fc.boolean()).map(([d, n]) => new Bot(d, n)),
    fc.tuple(dt, fc.option(pid, { nil: null })).map(([d, p]) => new Human(d, p)),
    fc.tuple(dt, pid).map(([d, p]) => new Delivered(d, p)),
    fc.tuple(dt, fc.boolean()).map(([d, ok]) => new Nlu(d, ok)),
    fc.tuple(dt, fc.boolean()).map(([d, on]) => new Handoff(d, on)),
    fc.tuple(dt, fc.constantFrom("o1", "o2"), fc.boolean()).map(([d, o, f]) => new Order(d, o, f)),
    dt.map((d) => new OptOut(d))
  ],
  { maxCommands: 40 }
)

describe("conversation decider against a simple model (SPEC §3.5, §3.7)", () => {
  it("conv-model: owner, NLU misses, messages and nudges agree with the model after every command", () => {
    fc.assert(
      fc.property(commands, (cmds) => {
        const model: Model = {
          owner: "bot",
          nluFailures: 0,
          messages: 0,
          nudges: 0,
          seen: new Set(),
          optedOut: false,
          orderFinished: false,
          orderId: null
        }
        const real: Real = { state: ConversationArb.start, events: [], clock: 0, nextId: 0 }
        fc.modelRun(() => ({ model, real }), cmds)
        // While a human owns it the bot sends nothing; a duplicate platform id is recorded once.
        assert.isTrue(Conversation.Invariants.botSilentWhileHuman(real.events))
        assert.isTrue(Conversation.Invariants.platformIdsOnce(real.events))
      }),
      { numRuns: 1000 }
    )
  })
})
