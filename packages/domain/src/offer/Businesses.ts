import { Clock, Context, Effect, Layer } from "effect"
import * as D from "../shared/Decider.ts"
import { onlyErrors } from "../shared/Errors.ts"
import { type BusinessId, type TenantId, timestamp } from "../shared/Ids.ts"
import type { NotFound } from "../shared/TenantScope.ts"
import {
  type Business,
  type BusinessAlreadyExists,
  type BusinessCommand,
  type IllegalBusinessTransition,
  type InvalidBusiness,
  businessDecider,
  stepBusiness
} from "./Business.ts"
import { BusinessRepository } from "./BusinessRepository.ts"

/** Business verification (SPEC §3.4). Verify and reject are the platform admin's: the API checks ADMIN_TOKEN. */
export class Businesses extends Context.Service<
  Businesses,
  {
    readonly submit: (
      tenantId: TenantId,
      input: { readonly businessId: BusinessId; readonly name: string }
    ) => Effect.Effect<Business, InvalidBusiness | BusinessAlreadyExists>
    readonly verify: (
      tenantId: TenantId,
      id: BusinessId
    ) => Effect.Effect<Business, IllegalBusinessTransition | NotFound>
    readonly reject: (
      tenantId: TenantId,
      id: BusinessId,
      reason: string
    ) => Effect.Effect<Business, IllegalBusinessTransition | InvalidBusiness | NotFound>
    readonly resubmit: (
      tenantId: TenantId,
      id: BusinessId,
      input?: { readonly name?: string }
    ) => Effect.Effect<Business, IllegalBusinessTransition | InvalidBusiness | NotFound>
  }
>()("@chatshop/domain/offer/Businesses") {
  static readonly layer = Layer.effect(
    Businesses,
    Effect.gen(function* () {
      const repo = yield* BusinessRepository
      const now = Clock.currentTimeMillis.pipe(Effect.map(timestamp))

      const apply = (
        tenantId: TenantId,
        id: BusinessId,
        command: (at: ReturnType<typeof timestamp>) => BusinessCommand
      ) =>
        Effect.flatMap(now, (at) => repo.update(tenantId, id, stepBusiness(command(at)))).pipe(
          Effect.map((change) => change.state)
        )

      return Businesses.of({
        submit: Effect.fn("Businesses.submit")(
          function* (tenantId, input) {
            const command: BusinessCommand = { _tag: "Submit", tenantId, ...input, at: yield* now }
            const { state: business } = yield* Effect.fromResult(D.run(businessDecider, command, undefined))
            if (business === undefined) return yield* Effect.die("Submitted produced no business")
            return yield* repo.create(business)
          },
          onlyErrors("InvalidBusiness", "BusinessAlreadyExists")
        ),
        verify: (tenantId, id) =>
          apply(tenantId, id, (at) => ({ _tag: "Verify", at })).pipe(
            onlyErrors("IllegalBusinessTransition", "NotFound")
          ),
        reject: (tenantId, id, reason) =>
          apply(tenantId, id, (at) => ({ _tag: "Reject", reason, at })).pipe(
            onlyErrors("IllegalBusinessTransition", "InvalidBusiness", "NotFound")
          ),
        resubmit: (tenantId, id, input = {}) =>
          apply(tenantId, id, (at) => ({ _tag: "Resubmit", ...input, at })).pipe(
            onlyErrors("IllegalBusinessTransition", "InvalidBusiness", "NotFound")
          )
      })
    })
  )
}
