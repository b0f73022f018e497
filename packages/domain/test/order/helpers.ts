import { Result } from "effect"
import { HOUR, Order, timestamp, type Timestamp } from "@chatshop/domain"
import { OrderArb, scenario } from "@chatshop/domain/testing"

export const at = (h: number): Timestamp => timestamp(h * HOUR)

/** Given/when/then over the order decider; `given()` starts at `OrderArb.draft()`. */
export const { given, givenState } = scenario(
  Order.decider({
    id: OrderArb.orderId,
    tenantId: OrderArb.tenantId,
    customer: { customerId: OrderArb.customerId },
    currency: "USD",
    at: timestamp(0)
  })
)

/** One step of a random walk: the command sent, the decision, the state before and after. */
export interface Step {
  readonly command: Order.OrderCommand
  readonly before: Order.Order
  readonly after: Order.Order
  readonly decision: Result.Result<ReadonlyArray<Order.OrderEvent>, Order.OrderError>
}

/** Run steps through the decider from a fresh draft; rejected commands change nothing. */
export const play = (steps: ReadonlyArray<OrderArb.OrderStep>) => {
  let state = OrderArb.draft()
  const trace: Array<Step> = []
  const events: Array<Order.OrderEvent> = []
  steps.forEach((s, i) => {
    const command = OrderArb.materialize(s, state, at(i + 1))
    const decision = Order.decide(command, state)
    const before = state
    if (Result.isSuccess(decision)) {
      for (const e of decision.success) {
        state = Order.evolve(state, e)
        events.push(e)
      }
    }
    trace.push({ command, before, after: state, decision })
  })
  return { state, trace, events }
}

/** Apply commands that must succeed (fixtures). */
export const through = (order: Order.Order, ...commands: ReadonlyArray<(o: Order.Order) => Order.OrderCommand>) => {
  let state = order
  for (const make of commands) {
    const result = Order.run(make(state), state)
    if (Result.isFailure(result)) throw new Error(`fixture rejected: ${result.failure._tag}`)
    state = result.success.state
  }
  return state
}

export const boot = OrderArb.products[0]!
export const bag = OrderArb.products[1]!

export const addLine =
  (line: Order.LineSpec = bag) =>
  (): Order.OrderCommand => ({ _tag: "AddLine", line, at: at(1) })
export const setField = (field: Order.FieldName, value: string, line?: number) => (): Order.OrderCommand => ({
  _tag: "SetField",
  field,
  value,
  ...(line === undefined ? {} : { line }),
  at: at(1)
})
export const placeAll =
  (holdUntil = at(25)) =>
  (o: Order.Order): Order.OrderCommand => {
    const command = OrderArb.materialize({ _tag: "Place", short: [], holdHours: 1 }, o, at(1))
    return command._tag === "Place" ? { ...command, holdUntil } : command
  }
export const pay =
  (score: number, reused = false, reference = "TX1") =>
  (): Order.OrderCommand =>
    OrderArb.materialize({ _tag: "SubmitPayment", score, reused, reference }, OrderArb.draft(), at(2))

/** A bag order with city and phone: ready to place. */
export const ready = () =>
  through(OrderArb.draft(), addLine(), setField("city", "Almaty"), setField("phone", "+77015554411"))
export const placed = () => through(ready(), placeAll())
export const inReview = (reused = false) => through(placed(), pay(0.45, reused))
export const paid = () => through(placed(), pay(1))
