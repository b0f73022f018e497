import type { Timestamp } from "../shared/Ids.ts"
import type { ConversationCommand } from "./Commands.ts"

/**
 * The manager command `/handoff on|off|status <customer>` (SPEC §3.7). Parsing is pure; the app
 * resolves the customer reference (phone, username or customer id) to a conversation.
 */
export const handoffUsage = "/handoff on|off|status <customer>"

export type HandoffAction = "on" | "off" | "status"

export type HandoffParse =
  /** Not a handoff command (or not from a manager): treat it as an ordinary message. */
  | { readonly _tag: "NotACommand" }
  /** A handoff command with a mistake: answer the manager with the reason and the usage. */
  | { readonly _tag: "Invalid"; readonly reason: string }
  | { readonly _tag: "Command"; readonly action: HandoffAction; readonly customer: string }

const notACommand: HandoffParse = { _tag: "NotACommand" }

// "/handoff", optionally addressed to a bot as Telegram groups do ("/handoff@shop_bot"), then a space or the end.
const prefix = /^\/handoff(?:@\w+)?(?=\s|$)/i

export const parseHandoffCommand = (text: string): HandoffParse => {
  const trimmed = text.trim()
  const head = prefix.exec(trimmed)
  if (head === null) return notACommand
  const words = trimmed.slice(head[0].length).trim().split(/\s+/)
  const action = (words[0] ?? "").toLowerCase()
  if (action !== "on" && action !== "off" && action !== "status") {
    return { _tag: "Invalid", reason: `expected on, off or status — ${handoffUsage}` }
  }
  const customer = words.slice(1).join(" ")
  if (customer === "") return { _tag: "Invalid", reason: `name the customer — ${handoffUsage}` }
  return { _tag: "Command", action, customer }
}

/** Only a manager identity may run the command; from anyone else it is just text. */
export const parseManagerCommand = (text: string, sender: string, managers: ReadonlyArray<string>): HandoffParse =>
  managers.includes(sender) ? parseHandoffCommand(text) : notACommand

/** The conversation command a parsed `on`/`off` becomes; `status` changes nothing. */
export const handoffCommandOf = (
  action: HandoffAction,
  at: Timestamp
): Extract<ConversationCommand, { readonly _tag: "HandoffOn" | "HandoffOff" }> | null => {
  switch (action) {
    case "on":
      return { _tag: "HandoffOn", by: "manager", at }
    case "off":
      return { _tag: "HandoffOff", by: "manager", at }
    case "status":
      return null
  }
}
