const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c)

/** The last index in [1, limit] whose character is whitespace, preferring a line break in the back half. */
const breakAt = (text: string, limit: number): number => {
  const newline = text.lastIndexOf("\n", limit)
  if (newline > limit / 2) return newline
  for (let i = Math.min(limit, text.length - 1); i > 0; i--) if (isSpace(text[i])) return i
  return -1
}

/** A hard cut at `limit`, moved back one unit rather than splitting a surrogate pair (emoji). */
const hardCut = (text: string, limit: number): number => {
  const code = text.charCodeAt(limit - 1)
  return code >= 0xd800 && code <= 0xdbff && limit > 1 ? limit - 1 : limit
}

/**
 * Splits `text` into messages of at most `limit` UTF-16 units (how WhatsApp, Telegram and
 * Messenger count), breaking at whitespace — a line break when there is one late enough — and
 * cutting inside a word only when a single word is longer than the limit. The whitespace at each
 * break is dropped; surrounding whitespace of the whole text too. Empty text gives no parts.
 */
export const splitText = (text: string, limit: number): ReadonlyArray<string> => {
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError(`split limit must be an integer ≥ 2, got ${limit}`)
  const parts: Array<string> = []
  let rest = text.trim()
  while (rest.length > limit) {
    const at = breakAt(rest, limit)
    const cut = at > 0 ? at : hardCut(rest, limit)
    parts.push(rest.slice(0, cut).trimEnd())
    rest = rest.slice(cut).trimStart()
  }
  if (rest.length > 0) parts.push(rest)
  return parts
}

/** Cuts a label (button title) to `limit` units, ending with "…" when shortened. */
export const truncate = (text: string, limit: number): string =>
  text.length <= limit ? text : `${text.slice(0, hardCut(text, limit - 1)).trimEnd()}…`

/** Buttons as plain text where a platform has none: the text, then one numbered line per option. */
export const numberedOptions = (text: string, titles: ReadonlyArray<string>): string =>
  `${text}\n\n${titles.map((title, i) => `${i + 1}. ${title}`).join("\n")}`
