import { Schema } from "effect"
import { ProductId, Sku } from "../shared/Ids.ts"

export const ProblemCode = Schema.Literals([
  "duplicate_sku",
  "negative_price",
  "currency_mismatch",
  "one_of_a_kind_stock",
  "negative_stock",
  "unsafe_amount",
  "invalid_amount"
])
export type ProblemCode = typeof ProblemCode.Type

/** One reason a product is refused; `sku` names the variant when the problem is in one. */
export const Problem = Schema.Struct({
  code: ProblemCode,
  sku: Schema.optionalKey(Sku),
  message: Schema.String
})
export type Problem = typeof Problem.Type

/** A product that breaks a catalog rule (the admin API answers 422 listing every problem). */
export class InvalidProduct extends Schema.TaggedError<InvalidProduct>()("InvalidProduct", {
  productId: ProductId,
  problems: Schema.NonEmptyArray(Problem)
}) {}

/** The sku already belongs to another product of the same shop (stock is kept per shop and sku). */
export class SkuTaken extends Schema.TaggedError<SkuTaken>()("SkuTaken", {
  sku: Sku,
  productId: ProductId
}) {}

/** A product with this id already exists in the shop. */
export class ProductExists extends Schema.TaggedError<ProductExists>()("ProductExists", {
  productId: ProductId
}) {}
