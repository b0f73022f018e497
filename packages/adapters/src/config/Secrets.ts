import { randomBytes } from "node:crypto"
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { Effect, Redacted } from "effect"
import { type ConfigInvalid, firstLine, invalid } from "./Read.ts"

/**
 * A secret embedded mode keeps in its data dir (mode 0600, the dir 0700): read back, or made once
 * with `make`. Written to a private temp file and hard-linked into place, so processes starting at
 * once agree on one value and nobody reads a half-written file. `created` tells the caller to say
 * so; the value itself is never printed here.
 */
export const keptSecret = (
  file: string,
  make: () => string
): Effect.Effect<{ readonly value: Redacted.Redacted<string>; readonly created: boolean }, ConfigInvalid> =>
  Effect.try({
    try: () => {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
      let created = false
      try {
        statSync(file)
      } catch {
        const temp = `${file}.${process.pid}.tmp`
        writeFileSync(temp, `${make()}\n`, { mode: 0o600, flag: "w" })
        try {
          linkSync(temp, file)
          created = true
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
        } finally {
          unlinkSync(temp)
        }
      }
      // A file others can read is tightened, not trusted as is.
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600)
      const value = readFileSync(file, "utf8").trim()
      if (value.length === 0) throw new Error(`${file} is empty: delete it to generate a new one`)
      return { value: Redacted.make(value), created }
    },
    catch: (error) =>
      invalid(
        "CHATSHOP_DATA_DIR",
        `cannot keep ${file}: ${firstLine(error instanceof Error ? error.message : String(error))}`
      )
  })

/** Where embedded mode keeps its generated CHATSHOP_SECRET_KEY. */
export const secretKeyFile = (dataDir: string): string => join(dataDir, "secret.key")

/** Embedded mode's CHATSHOP_SECRET_KEY when none is set: 256 random bits kept in `<dataDir>/secret.key`. */
export const embeddedSecretKey = (dataDir: string) =>
  keptSecret(secretKeyFile(dataDir), () => randomBytes(32).toString("base64url"))
