// B7's load: each customer's messages in order ("Hi", then a search), each one enqueued as soon as
// the answer to the previous one is at the mock. Every job's latency is enqueue → the first send of
// its turn at the mock WhatsApp (one clock: the mock lives in this process). Each turn sends a fixed
// number of messages (found by `probe`), which is how the driver knows a turn is answered.
import { ChannelMocks } from "../packages/adapters/src/channels/index.ts"
import { SEARCH, type Target } from "./b7-setup.ts"

export interface Drive {
  readonly jobs: number
  readonly seconds: number
  readonly jobsPerSecond: number
  /** Sorted, ms. */
  readonly latencies: ReadonlyArray<number>
  /** The same per step of the script, sorted. */
  readonly byStep: ReadonlyArray<ReadonlyArray<number>>
}

/** One message of a customer's script and how many messages its turn sends back. */
export interface Step {
  readonly text: string
  readonly sends: number
}

export const texts = ["Hi", SEARCH] as const

/** The customer's "Hi" then the search, with the sends `probe` found for each. */
export const firstThenSearch = (sends: ReadonlyArray<number>): ReadonlyArray<Step> =>
  texts.map((text, i) => ({ text, sends: sends[i] ?? 1 }))

const keyOf = (customer: string, text: string) => `${customer}.${text.toLowerCase().replace(/\W+/g, "-")}`

/**
 * Offers each customer's first step (all at once, or one customer every `paceMs`), the next step once
 * the previous one's answer arrived; resolves when every turn's messages are at the mock.
 */
export const drive = (
  mock: ChannelMocks.MockPlatform,
  target: Target,
  customers: ReadonlyArray<string>,
  steps: ReadonlyArray<Step>,
  paceMs: number | null,
  timeoutMs = 120_000
): Promise<Drive> =>
  new Promise((resolve, reject) => {
    // Sends after which step i is answered (the next is enqueued), and the send that starts it.
    const ends = steps.map((_, i) => steps.slice(0, i + 1).reduce((n, s) => n + s.sends, 0))
    const state = new Map(customers.map((c) => [c, { sends: 0, step: 0, enqueuedAt: 0 }]))
    const byStep: Array<Array<number>> = steps.map(() => [])
    const started = Date.now()
    let cursor = mock.requests.length
    let done = 0
    let last = started
    const stop = () => {
      clearInterval(scanner)
      clearTimeout(deadline)
    }
    const fail = (error: unknown) => {
      stop()
      reject(error)
    }
    const ask = (customer: string, step: number) => {
      const s = state.get(customer)!
      s.step = step
      s.enqueuedAt = Date.now()
      target.enqueue(customer, steps[step]!.text, keyOf(customer, steps[step]!.text)).catch(fail)
    }
    const scan = () => {
      const requests = mock.requests
      for (; cursor < requests.length; cursor++) {
        const request = requests[cursor]!
        const to = ChannelMocks.whatsapp.recipientOf(request)
        const s = to === undefined ? undefined : state.get(to)
        if (s === undefined || to === undefined) continue
        if (s.sends === (ends[s.step - 1] ?? 0)) byStep[s.step]!.push(request.receivedAt - s.enqueuedAt)
        s.sends += 1
        if (s.sends !== ends[s.step]) continue
        if (s.step + 1 < steps.length) ask(to, s.step + 1)
        else {
          done += 1
          last = Math.max(last, request.receivedAt)
        }
      }
      if (done < customers.length) return
      stop()
      const seconds = (last - started) / 1000
      const jobs = customers.length * steps.length
      const sorted = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)
      resolve({
        jobs,
        seconds,
        jobsPerSecond: jobs / seconds,
        latencies: sorted(byStep.flat()),
        byStep: byStep.map(sorted)
      })
    }
    const scanner = setInterval(scan, 1)
    const deadline = setTimeout(() => {
      const stuck = [...state].filter(([, s]) => s.sends < ends[ends.length - 1]!).slice(0, 3)
      fail(
        new Error(
          `B7 ${target.label}: ${done}/${customers.length} customers answered in time; e.g. ${JSON.stringify(stuck)}`
        )
      )
    }, timeoutMs)
    customers.forEach((customer, i) => {
      if (paceMs === null) ask(customer, 0)
      else setTimeout(() => ask(customer, 0), i * paceMs)
    })
  })

/** How many messages one customer gets for each of `texts` (a turn's messages stop for 500 ms). */
export const probe = async (mock: ChannelMocks.MockPlatform, target: Target, customer: string) => {
  const sendsTo = () => mock.requests.filter((r) => ChannelMocks.whatsapp.recipientOf(r) === customer).length
  const settle = async (before: number) => {
    const deadline = Date.now() + 30_000
    let seen = before
    let quietSince = Date.now()
    while (seen === before || Date.now() - quietSince < 500) {
      if (Date.now() > deadline) throw new Error(`B7 ${target.label}: no answer to the probe`)
      await new Promise((r) => setTimeout(r, 20))
      const now = sendsTo()
      if (now !== seen) {
        seen = now
        quietSince = Date.now()
      }
    }
    return seen - before
  }
  const sends: Array<number> = []
  for (const text of texts) {
    const before = sendsTo()
    await target.enqueue(customer, text, keyOf(customer, text))
    sends.push(await settle(before))
  }
  return sends
}

/** The q-quantile of sorted values. */
export const quantile = (sorted: ReadonlyArray<number>, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0
