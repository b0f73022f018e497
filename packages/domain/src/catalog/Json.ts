import { Result, Schema } from "effect"
import { type ProductId, Sku, type TenantId } from "../shared/Ids.ts"
import * as Money from "../shared/Money.ts"
import { InvalidProduct, type Problem } from "./Errors.ts"
import { validate } from "./Invariants.ts"
import {
  Category,
  Measurements,
  type NewProduct,
  type NewVariant,
  type Product,
  Product as ProductSchema,
  VariantOptions
} from "./Model.ts"

/**
 * The admin API's product JSON (SPEC §5): money as `{"amount": "59.90", "currency": "USD"}`, optional
 * fields omitted. Decode a request body with `ProductInput`, then `fromInput` turns it into a
 * validated `NewProduct`; `toJson` answers a stored product in the same shape.
 */
export const VariantInput = Schema.Struct({
  sku: Sku,
  options: Schema.optionalKey(VariantOptions),
  stock: Schema.Int,
  price: Schema.optionalKey(Money.MoneyJson),
  measurements: Schema.optionalKey(Measurements),
  oneOfAKind: Schema.optionalKey(Schema.Boolean)
})
export type VariantInput = typeof VariantInput.Type

export const ProductInput = Schema.Struct({
  title: ProductSchema.fields.title,
  brand: ProductSchema.fields.brand,
  category: Category,
  description: Schema.optionalKey(ProductSchema.fields.description),
  price: Money.MoneyJson,
  photos: Schema.optionalKey(ProductSchema.fields.photos),
  variants: Schema.NonEmptyArray(VariantInput)
})
export type ProductInput = typeof ProductInput.Type

/** A request body as a validated new product of this tenant; every problem at once. */
export const fromInput = (
  input: ProductInput,
  ids: { readonly tenantId: TenantId; readonly id: ProductId }
): Result.Result<NewProduct, InvalidProduct> => {
  const problems: Array<Problem> = []
  const money = (json: Money.MoneyJson, sku?: Sku): Money.Money => {
    const parsed = Money.fromJson(json)
    if (Result.isSuccess(parsed)) return parsed.success
    problems.push({ code: "invalid_amount", ...(sku === undefined ? {} : { sku }), message: parsed.failure.reason })
    return Money.zero(json.currency)
  }
  const variant = (v: VariantInput): NewVariant => ({
    sku: v.sku,
    options: v.options ?? {},
    ...(v.price === undefined ? {} : { price: money(v.price, v.sku) }),
    ...(v.measurements === undefined ? {} : { measurements: v.measurements }),
    oneOfAKind: v.oneOfAKind ?? false,
    stock: v.stock
  })
  const [first, ...rest] = input.variants
  const product: NewProduct = {
    id: ids.id,
    tenantId: ids.tenantId,
    title: input.title,
    ...(input.brand === undefined ? {} : { brand: input.brand }),
    category: input.category,
    description: input.description ?? "",
    photos: input.photos ?? [],
    price: money(input.price),
    variants: [variant(first), ...rest.map(variant)]
  }
  const [problem, ...more] = problems
  if (problem !== undefined) return Result.fail(new InvalidProduct({ productId: ids.id, problems: [problem, ...more] }))
  return validate(product)
}

/** A stored product in the admin API's JSON shape (prices as decimal strings). */
export const toJson = (product: Product) => ({
  ...product,
  price: Money.toJson(product.price),
  variants: product.variants.map((v) => ({ ...v, ...(v.price === undefined ? {} : { price: Money.toJson(v.price) }) }))
})
export type ProductJson = ReturnType<typeof toJson>
