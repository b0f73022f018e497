// A counting TCP proxy for B7's profile (bench/b7-profile.ts): the worker talks to PostgreSQL and Redis
// through it, unchanged, and it tallies every round trip by statement (PostgreSQL: each simple query,
// or each extended-protocol batch up to its Sync, answered by ReadyForQuery) or by command (Redis:
// RESP arrays, answered in order), with the time each waited for its answer.
import { createHash } from "node:crypto"
import { createServer, type Socket, connect as tcp } from "node:net"

export interface Tally {
  count: number
  waitMs: number
}
export type Tallies = Map<string, Tally>

const add = (tallies: Tallies, key: string, waitMs: number) => {
  const t = tallies.get(key) ?? { count: 0, waitMs: 0 }
  t.count += 1
  t.waitMs += waitMs
  tallies.set(key, t)
}

/** One statement's label: whitespace collapsed, literals and parameter lists folded. */
export const statementLabel = (text: string) =>
  text
    .replace(/\s+/g, " ")
    .replace(/E'(?:[^']|'')*'/g, "E'…'")
    .replace(/\(\$\d+(?:, \$\d+)+\)/g, "($…)")
    .trim()
    .slice(0, 160)

/** Incremental reader of `[type][int32 length][payload]` messages (PostgreSQL after startup). */
const pgMessages = (onMessage: (type: number, payload: Buffer) => void, startup: boolean) => {
  let buffer: Buffer = Buffer.alloc(0)
  let untyped = startup
  return (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
    for (;;) {
      const head = untyped ? 0 : 1
      if (buffer.length < head + 4) return
      const length = buffer.readInt32BE(head)
      if (buffer.length < head + length) return
      if (!untyped) onMessage(buffer[0]!, buffer.subarray(5, 1 + length))
      buffer = buffer.subarray(head + length)
      untyped = false
    }
  }
}

const cstring = (payload: Buffer, from = 0) => payload.toString("utf8", from, payload.indexOf(0, from))

const pgSession = (tallies: Tallies) => {
  const pending: Array<{ label: string; at: number }> = []
  let statement = ""
  const fromClient = pgMessages((type, payload) => {
    const t = String.fromCharCode(type)
    if (t === "Q") pending.push({ label: statementLabel(cstring(payload)), at: performance.now() })
    if (t === "P") statement = statementLabel(cstring(payload, payload.indexOf(0) + 1))
    if (t === "S") pending.push({ label: statement, at: performance.now() })
  }, true)
  const fromServer = pgMessages((type) => {
    if (String.fromCharCode(type) !== "Z") return
    const done = pending.shift()
    if (done !== undefined) add(tallies, done.label, performance.now() - done.at)
  }, false)
  return { fromClient, fromServer }
}

/** Length of one complete RESP value at `at`, or -1 if the buffer doesn't hold all of it yet. */
const respEnd = (b: Buffer, at: number): number => {
  const eol = b.indexOf("\r\n", at)
  if (eol < 0) return -1
  const type = String.fromCharCode(b[at]!)
  const n = Number(b.toString("latin1", at + 1, eol))
  if (type === "$" || type === "=" || type === "!")
    return n < 0 ? eol + 2 : eol + 2 + n + 2 <= b.length ? eol + 4 + n : -1
  if (type === "*" || type === "~" || type === ">" || type === "%") {
    let next = eol + 2
    for (let i = 0; i < (n < 0 ? 0 : type === "%" ? 2 * n : n); i++) {
      next = respEnd(b, next)
      if (next < 0) return -1
    }
    return next
  }
  return eol + 2
}

const respArgs = (b: Buffer, at: number, end: number): Array<string> => {
  const args: Array<string> = []
  let p = b.indexOf("\r\n", at) + 2
  while (p < end) {
    const eol = b.indexOf("\r\n", p)
    const n = Number(b.toString("latin1", p + 1, eol))
    args.push(b.toString("utf8", eol + 2, eol + 2 + n))
    p = eol + 4 + n
  }
  return args
}

/** A Redis command's label: its name; a Lua script's name (`scripts`: by SHA-1) or first line. */
export const commandLabel = (args: ReadonlyArray<string>, scripts: ReadonlyMap<string, string>) => {
  const name = (args[0] ?? "").toUpperCase()
  if (name === "EVAL") {
    const body = args[1] ?? ""
    const known = scripts.get(createHash("sha1").update(body).digest("hex"))
    return `EVAL ${known ?? body.trim().split("\n")[0]?.slice(0, 60)}`
  }
  if (name === "EVALSHA") return `EVALSHA ${scripts.get(args[1] ?? "") ?? (args[1] ?? "").slice(0, 8)}`
  return name
}

const redisSession = (tallies: Tallies, scripts: ReadonlyMap<string, string>) => {
  const pending: Array<{ label: string; at: number }> = []
  let fromClientBuffer: Buffer = Buffer.alloc(0)
  let fromServerBuffer: Buffer = Buffer.alloc(0)
  const fromClient = (chunk: Buffer) => {
    fromClientBuffer = fromClientBuffer.length === 0 ? chunk : Buffer.concat([fromClientBuffer, chunk])
    let at = 0
    const now = performance.now()
    for (let end = respEnd(fromClientBuffer, at); end > 0; end = respEnd(fromClientBuffer, at)) {
      pending.push({ label: commandLabel(respArgs(fromClientBuffer, at, end), scripts), at: now })
      at = end
    }
    fromClientBuffer = fromClientBuffer.subarray(at)
  }
  const fromServer = (chunk: Buffer) => {
    fromServerBuffer = fromServerBuffer.length === 0 ? chunk : Buffer.concat([fromServerBuffer, chunk])
    let at = 0
    for (let end = respEnd(fromServerBuffer, at); end > 0; end = respEnd(fromServerBuffer, at)) {
      const done = pending.shift()
      if (done !== undefined) add(tallies, done.label, performance.now() - done.at)
      at = end
    }
    fromServerBuffer = fromServerBuffer.subarray(at)
  }
  return { fromClient, fromServer }
}

export interface Wire {
  readonly url: string
  /** Round trips (PostgreSQL) or commands (Redis) by label since start. */
  readonly tallies: Tallies
  /** Client writes that reached the server (a pipeline of Redis commands is one). */
  readonly writes: () => number
  readonly close: () => Promise<void>
}

/**
 * A proxy in front of `url`'s server (postgres:// or redis://); `url` of the result points at it.
 * `scripts` names Redis Lua scripts by their SHA-1 (EVALSHA carries only that).
 */
export const countingProxy = (url: string, scripts: ReadonlyMap<string, string> = new Map()): Promise<Wire> => {
  const target = new URL(url)
  const redis = target.protocol.startsWith("redis")
  const tallies: Tallies = new Map()
  const sockets = new Set<Socket>()
  let writes = 0
  const server = createServer((client) => {
    const upstream = tcp(Number(target.port || (redis ? 6379 : 5432)), target.hostname)
    const session = redis ? redisSession(tallies, scripts) : pgSession(tallies)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on("error", () => {})
      s.on("close", () => {
        sockets.delete(s)
        client.destroy()
        upstream.destroy()
      })
    }
    client.on("data", (chunk: Buffer) => {
      writes += 1
      session.fromClient(chunk)
      upstream.write(chunk)
    })
    upstream.on("data", (chunk: Buffer) => {
      session.fromServer(chunk)
      client.write(chunk)
    })
  })
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resolve({
        url: Object.assign(new URL(url), { hostname: "127.0.0.1", port: String(port) }).toString(),
        tallies,
        writes: () => writes,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          })
      })
    })
  )
}
