import { ChannelAccount } from "@chatshop/domain"
import { Cause, Effect, Exit, Option } from "effect"
import type { AppRuntime } from "../runtime.ts"

export type Found<A> =
  | { readonly _tag: "found"; readonly value: A }
  | { readonly _tag: "missing" }
  | { readonly _tag: "unavailable"; readonly message: string }

/** Run a NotFound-or-value lookup; a store failure (defect) is "unavailable" → 503, never 2xx. */
export const lookup = async <A>(
  runtime: AppRuntime,
  effect: Effect.Effect<A, { readonly _tag: "NotFound" }, ChannelAccount.ChannelAccountRepository>
): Promise<Found<A>> => {
  const exit = await runtime.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return { _tag: "found", value: exit.value }
  if (Option.isSome(Cause.findErrorOption(exit.cause))) return { _tag: "missing" }
  return { _tag: "unavailable", message: Cause.pretty(exit.cause).split("\n")[0] ?? "store failure" }
}

export const byKey = (runtime: AppRuntime, channel: ChannelAccount.ChannelAccountType, key: string) =>
  lookup(
    runtime,
    ChannelAccount.ChannelAccountRepository.use((repo) => repo.findByKey(channel, key))
  )

export const byVerifyToken = (
  runtime: AppRuntime,
  channels: ReadonlyArray<ChannelAccount.ChannelAccountType>,
  token: string
) =>
  lookup(
    runtime,
    ChannelAccount.ChannelAccountRepository.use((repo) =>
      Effect.firstSuccessOf(channels.map((channel) => repo.findByVerifyToken(channel, token)))
    )
  )
