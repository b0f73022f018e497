import { Context, Effect, Exit, Layer, Semaphore } from "effect"
import type { TenantId } from "../shared/Ids.ts"

/**
 * One step's writes as one unit (SPEC §3.8): a turn's conversation state and messages, its outbox
 * rows and its own record commit together or not at all. Every repository and outbox call made
 * inside `body` joins the unit; it commits when `body` succeeds and rolls back when it fails, dies
 * or is interrupted. A unit opened inside a unit joins the outer one. A unit acts for one tenant:
 * opening one for another tenant inside it is a defect. A store may run `body` again after a
 * conflict it can only resolve that way (PostgreSQL: deadlock), so `body` should only write
 * through the stores.
 */
export class UnitOfWork extends Context.Service<
  UnitOfWork,
  {
    readonly transaction: <A, E, R>(tenantId: TenantId, body: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  }
>()("@chatshop/domain/ports/UnitOfWork") {
  /** Units over the memory stores (`joinUnits`): one at a time, rolled back by restoring snapshots. */
  static readonly layerMemory: Layer.Layer<UnitOfWork> = Layer.sync(UnitOfWork, () =>
    UnitOfWork.of({ transaction: memoryTransaction })
  )
}

/** A unit of work asked to act for a second tenant. */
export const crossTenantUnit = (open: string, asked: string): Error =>
  new Error(`tenantId: a unit of work for ${open} cannot act for ${asked}`)

interface MemoryUnit {
  readonly tenantId: TenantId
  /** What puts each store it wrote to back, taken before that store's first write. */
  readonly restores: Map<object, () => void>
  open: boolean
}

const CurrentUnit = Context.Reference<MemoryUnit | undefined>("@chatshop/domain/ports/UnitOfWork/CurrentUnit", {
  defaultValue: () => undefined
})

/**
 * One memory unit at a time, and no memory store call from outside it while it is open: a unit
 * sees nobody else's writes and nobody sees its own before it ends (a database's row locks and
 * snapshots, coarsely). Forked fibers inherit the unit, so work it forks joins it.
 */
const units = Semaphore.makeUnsafe(1)

const openUnit = Effect.map(CurrentUnit, (unit) => (unit?.open === true ? unit : undefined))

const memoryTransaction = <A, E, R>(tenantId: TenantId, body: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(openUnit, (outer) => {
    if (outer !== undefined)
      return outer.tenantId === tenantId ? body : Effect.die(crossTenantUnit(outer.tenantId, tenantId))
    return units.withPermit(
      Effect.suspend(() => {
        const unit: MemoryUnit = { tenantId, restores: new Map(), open: true }
        return body.pipe(
          Effect.provideService(CurrentUnit, unit),
          Effect.onExit((exit) =>
            Effect.sync(() => {
              unit.open = false
              if (Exit.isFailure(exit)) for (const restore of [...unit.restores.values()].reverse()) restore()
            })
          )
        )
      })
    )
  })

type Methods<S> = {
  readonly [K in keyof S]: S[K] extends (...args: never) => Effect.Effect<unknown, unknown, unknown> ? K : never
}[keyof S]

/**
 * A memory store's methods as parts of units of work. `snapshot` copies the store's state and
 * returns what puts it back: it runs before the store's first write (a method in `writes`) in a
 * unit, and what it returns runs if the unit fails. Outside a unit every method waits for an open
 * unit to end; inside one they run directly.
 */
export const joinUnits = <S extends object>(
  service: S,
  options: { readonly writes: ReadonlyArray<Methods<S>>; readonly snapshot: () => () => void }
): S => {
  const store = {}
  const join = (write: boolean, call: () => Effect.Effect<unknown, unknown, unknown>) =>
    Effect.flatMap(openUnit, (unit) => {
      // The method runs when its effect does (under the lock), not when it is called.
      if (unit === undefined) return units.withPermit(Effect.suspend(call))
      if (write && !unit.restores.has(store)) unit.restores.set(store, options.snapshot())
      return Effect.suspend(call)
    })
  const writes: ReadonlyArray<PropertyKey> = options.writes
  return Object.fromEntries(
    Object.entries(service).map(([name, method]) => [
      name,
      typeof method === "function"
        ? (...args: ReadonlyArray<unknown>) => join(writes.includes(name), () => method(...args))
        : method
    ])
  ) as S
}

/** Replace `target`'s entries with `source`'s (a snapshot's restore). */
export const restoreMap = <K, V>(target: Map<K, V>, source: Iterable<readonly [K, V]>): void => {
  target.clear()
  for (const [k, v] of source) target.set(k, v)
}
