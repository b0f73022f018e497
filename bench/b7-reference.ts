// B7's reference process: a minimal durable turn. A BullMQ consumer at the worker's concurrency that,
// per job (the same jobs the worker takes, from the same producer), inserts the inbound message and
// one outbox row in one PostgreSQL transaction (begin, insert, insert, commit on a pg pool of the
// worker's size), then makes one HTTP send to the mock WhatsApp. Plain pg, bullmq and fetch, nothing
// of chatshop's. Environment: DATABASE_URL, REDIS_URL, QUEUE_PREFIX, WHATSAPP_API_BASE_URL,
// B7_PHONE_NUMBER_ID, WORKER_CONCURRENCY, DATABASE_POOL_SIZE.
import { createRequire } from "node:module"

/** pg and bullmq are dependencies of the adapters package: load them from there. */
export const adapterDependency = createRequire(new URL("../packages/adapters/package.json", import.meta.url))

export interface PgClient {
  readonly query: (text: string, values?: ReadonlyArray<unknown>) => Promise<{ readonly rows: Array<never> }>
  readonly release: () => void
}
export interface PgPool {
  readonly connect: () => Promise<PgClient>
  readonly query: PgClient["query"]
  readonly end: () => Promise<void>
}
export const pgPool = (connectionString: string, max: number): PgPool => {
  const { Pool } = adapterDependency("pg") as { Pool: new (options: object) => PgPool }
  return new Pool({ connectionString, max, application_name: "chatshop-bench-b7-reference" })
}

/** The reference's two tables, shaped like the worker's `messages` and `outbox` (keys, jsonb bodies). */
export const referenceTables = `
create table b7_ref_messages (
  tenant_id text not null, id text not null, customer_id text not null, platform_message_id text not null,
  body jsonb not null, at bigint not null, primary key (tenant_id, id));
create table b7_ref_outbox (
  tenant_id text not null, id text not null, seq bigserial, recipient text not null, payload jsonb not null,
  status text not null, created_at bigint not null, primary key (tenant_id, id));
create index b7_ref_outbox_unfinished on b7_ref_outbox (tenant_id, recipient, seq) where status = 'pending';`

interface Job {
  readonly data: {
    readonly id: string
    readonly payload: {
      readonly event: { tenantId: string; customerId: string; platformMessageId: string; text?: string }
    }
  }
}

const main = async () => {
  const env = (name: string) => {
    const value = process.env[name]
    if (value === undefined) throw new Error(`b7-reference: ${name} is required`)
    return value
  }
  const pool = pgPool(env("DATABASE_URL"), Number(env("DATABASE_POOL_SIZE")))
  const sendUrl = `${env("WHATSAPP_API_BASE_URL")}/${env("B7_PHONE_NUMBER_ID")}/messages`
  const processor = async (job: Job) => {
    const { event } = job.data.payload
    const at = Date.now()
    const client = await pool.connect()
    try {
      await client.query("begin")
      await client.query(
        "insert into b7_ref_messages (tenant_id, id, customer_id, platform_message_id, body, at) values ($1, $2, $3, $4, $5, $6)",
        [event.tenantId, job.data.id, event.customerId, event.platformMessageId, JSON.stringify(event), at]
      )
      await client.query(
        "insert into b7_ref_outbox (tenant_id, id, recipient, payload, status, created_at) values ($1, $2, $3, $4, 'pending', $5)",
        [event.tenantId, `out_${job.data.id}`, event.customerId, JSON.stringify({ text: "Hello!" }), at]
      )
      await client.query("commit")
    } catch (error) {
      await client.query("rollback")
      throw error
    } finally {
      client.release()
    }
    const response = await fetch(sendUrl, {
      method: "POST",
      headers: { authorization: "Bearer bench-token", "content-type": "application/json" },
      body: JSON.stringify({
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: event.customerId,
        type: "text",
        text: { body: "Hello! How can I help?" }
      })
    })
    await response.text()
    if (!response.ok) throw new Error(`send → ${response.status}`)
  }
  const { Worker } = adapterDependency("bullmq") as {
    Worker: new (
      name: string,
      processor: (job: Job) => Promise<void>,
      options: object
    ) => { waitUntilReady: () => Promise<unknown>; close: () => Promise<void> }
  }
  // The adapter's consumer settings (BullMq.ts), so both sides poll and lock alike.
  const worker = new Worker("inbound", processor, {
    connection: { url: env("REDIS_URL") },
    prefix: env("QUEUE_PREFIX"),
    concurrency: Number(env("WORKER_CONCURRENCY")),
    lockDuration: 30_000,
    stalledInterval: 15_000,
    maxStalledCount: 5
  })
  await worker.waitUntilReady()
  console.log("reference started")
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void worker.close().then(() => pool.end())
    })
  }
}

if (import.meta.main) await main()
