import type { ColumnType, Generated } from "kysely"

/**
 * The tables as kysely sees them. Times are epoch milliseconds in `bigint` columns (the pool parses
 * int8 to number), money is integer minor units plus a currency, aggregates that change through
 * the domain's pure `update` functions are kept whole in a `state` jsonb column next to the
 * columns queries filter on. Every table carries `tenant_id`.
 */

/** jsonb: read as parsed JSON, written as a JSON string (works the same on pg and PGlite). */
export type Json<T> = ColumnType<T, string, string>
/** A column with a database default: optional on insert. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>

export interface TenantsTable {
  tenant_id: string
  name: string
  settings: Json<unknown>
  state: Json<unknown>
  version: Defaulted<number>
  created_at: number
  updated_at: number
}

export interface ChannelAccountsTable {
  tenant_id: string
  id: string
  channel: string
  /** The platform's id for this account (phone number id, page id, bot id): routes inbound webhooks. */
  external_id: string
  display_name: string
  config: Json<unknown>
  /** AES-GCM ciphertext (nonce ‖ ciphertext ‖ tag) of the account's secrets, never plaintext. */
  secrets_ciphertext: Uint8Array
  /** Which CHATSHOP_SECRET_KEY generation encrypted it, for rotation. */
  secrets_key_id: string
  status: string
  created_at: number
  updated_at: number
}

export interface ProductsTable {
  tenant_id: string
  id: string
  title: string
  brand: string | null
  category: string
  description: string
  photos: Json<ReadonlyArray<string>>
  price_amount: number
  currency: string
  /** Lower-cased title, brand, aliases and options: what free-text search matches. */
  search_text: string
  state: Json<unknown>
  version: Defaulted<number>
  created_at: number
  updated_at: number
}

export interface VariantsTable {
  tenant_id: string
  sku: string
  product_id: string
  position: number
  options: Json<unknown>
  price_amount: number | null
  currency: string | null
  measurements: Json<unknown> | null
  one_of_a_kind: boolean
}

export interface StockLevelsTable {
  tenant_id: string
  sku: string
  on_hand: number
  reserved: number
  low_stock_threshold: number
  updated_at: number
}

export interface ReservationsTable {
  tenant_id: string
  id: string
  sku: string
  qty: number
  hold_until: number
  status: string
  created_at: number
  ended_at: number | null
}

export interface StockMovementsTable {
  id: Generated<number>
  tenant_id: string
  sku: string
  kind: string
  on_hand_delta: number
  reserved_delta: number
  reservation_id: string | null
  at: number
}

export interface LowStockAlertsTable {
  id: Generated<number>
  tenant_id: string
  sku: string
  on_hand: number
  reserved: number
  threshold: number
  at: number
  taken_at: number | null
}

export interface OrdersTable {
  tenant_id: string
  id: string
  customer_id: string
  conversation_id: string | null
  status: string
  hold_until: number | null
  total_amount: number | null
  currency: string | null
  state: Json<unknown>
  version: Defaulted<number>
  created_at: number
  updated_at: number
}

export interface OrderLinesTable {
  tenant_id: string
  order_id: string
  line_no: number
  product_id: string
  sku: string
  qty: number
  unit_price_amount: number
  currency: string
  reservation_id: string | null
}

export interface PaymentReferencesTable {
  tenant_id: string
  reference: string
  order_id: string
  created_at: number
}

export interface BusinessesTable {
  tenant_id: string
  id: string
  name: string
  status: string
  state: Json<unknown>
  version: Defaulted<number>
  created_at: number
  updated_at: number
}

export interface OffersTable {
  tenant_id: string
  id: string
  business_id: string
  status: string
  quantity: number
  claimed: number
  starts_at: number
  ends_at: number
  state: Json<unknown>
  version: Defaulted<number>
  created_at: number
  updated_at: number
}

export interface OfferClaimsTable {
  tenant_id: string
  offer_id: string
  id: string
  customer_id: string
  qty: number
  status: string
  at: number
}

export interface ConversationsTable {
  tenant_id: string
  id: string
  channel_account_id: string
  customer_id: string
  channel: string
  owner: string
  language: string | null
  last_inbound_at: number | null
  last_outbound_at: number | null
  state: Json<unknown>
  version: Defaulted<number>
  created_at: number
  updated_at: number
}

export interface MessagesTable {
  tenant_id: string
  id: string
  seq: Generated<number>
  conversation_id: string
  direction: string
  platform_message_id: string | null
  body: Json<unknown>
  at: number
}

export interface InboundDedupeTable {
  tenant_id: string
  channel_account_id: string
  platform_message_id: string
  created_at: number
}

export interface NudgeStateTable {
  tenant_id: string
  conversation_id: string
  /** `isNudgeCandidate` of the conversation as last written: what the nudge scan filters on. */
  candidate: boolean
  /** 0 when the bot never spoke (the scan's cursor needs a value). */
  last_bot_message_at: number
  last_customer_message_at: number | null
  sent: number
  last_nudge_at: number | null
  stopped_by: string | null
  updated_at: number
}

export interface OutboxTable {
  tenant_id: string
  id: string
  seq: Generated<number>
  channel: string
  recipient: string
  /** An OutboxPayload as written; decoded with the domain's schema where it is claimed. */
  payload: Json<unknown>
  status: string
  attempts: Defaulted<number>
  /** Attempts whose outcome was recorded (migration 0009). */
  settled_attempts: Defaulted<number>
  /** Parts of a split message already delivered (migration 0009). */
  delivered_parts: Defaulted<number>
  created_at: number
  next_attempt_at: number
  claimed_until: number | null
  sent_at: number | null
  error: string | null
}

export interface LockFencesTable {
  tenant_id: Defaulted<string>
  key: string
  /** The highest fencing token a write for this key has carried. */
  token: number
  value: Json<unknown> | null
  updated_at: number
}

export interface Database {
  tenants: TenantsTable
  channel_accounts: ChannelAccountsTable
  products: ProductsTable
  variants: VariantsTable
  stock_levels: StockLevelsTable
  reservations: ReservationsTable
  stock_movements: StockMovementsTable
  low_stock_alerts: LowStockAlertsTable
  orders: OrdersTable
  order_lines: OrderLinesTable
  payment_references: PaymentReferencesTable
  businesses: BusinessesTable
  offers: OffersTable
  offer_claims: OfferClaimsTable
  conversations: ConversationsTable
  messages: MessagesTable
  inbound_dedupe: InboundDedupeTable
  outbox: OutboxTable
  nudge_state: NudgeStateTable
  lock_fences: LockFencesTable
}
