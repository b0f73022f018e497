import { Clock, Context, Effect, Layer, Random } from "effect"

/**
 * Where new entity ids come from (SPEC §4). Ids look like `<prefix>_<body>`; callers brand them
 * (`OrderId.make(yield* ids.next("ord"))`). The domain never invents ids from ambient randomness.
 */
export class IdGenerator extends Context.Service<
  IdGenerator,
  {
    /** A fresh id starting with `prefix_`, unique for the lifetime of the implementation. */
    readonly next: (prefix: string) => Effect.Effect<string>
  }
>()("@chatshop/domain/ports/IdGenerator") {
  /**
   * Deterministic counter (`ord_1`, `msg_2`, …): one sequence shared by every prefix. For tests and
   * examples only — it restarts at 1 with the process, so persisted data needs `layerRandom`.
   */
  static readonly layerMemory = Layer.effect(IdGenerator, Effect.sync(makeCounter))

  /**
   * Time-ordered random ids from Effect's Clock and Random: 12 hex digits of milliseconds, then 80
   * random bits. Sortable by creation time and safe across processes and restarts.
   */
  static readonly layerRandom = Layer.succeed(IdGenerator, {
    next: Effect.fn("IdGenerator.next")(function* (prefix: string) {
      const millis = yield* Clock.currentTimeMillis
      let body = hex(millis, 12)
      for (let i = 0; i < 4; i++) body += hex(yield* Random.nextIntBetween(0, 0xfffff), 5)
      return `${prefix}_${body}`
    })
  })
}

/** Lower-case hex of a non-negative integer, left-padded to `width` digits. */
const hex = (n: number, width: number): string => Math.floor(n).toString(16).padStart(width, "0")

function makeCounter(): IdGenerator["Service"] {
  let counter = 0
  return IdGenerator.of({
    next: (prefix) =>
      Effect.sync(() => {
        counter += 1
        return `${prefix}_${counter}`
      })
  })
}
