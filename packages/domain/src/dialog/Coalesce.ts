import type { ImageSource, OutboundMessage } from "../ports/ChannelSender.ts"
import type { Channel } from "../shared/Channel.ts"

/**
 * What one platform message can carry, in UTF-16 units as the platforms count. WhatsApp allows
 * about one message per 6 s to a user, so a turn's reply goes out in as few messages as these allow.
 */
export interface MessageLimits {
  /** A text message. */
  readonly text: number
  /** An image's caption; 0 when the platform sends a caption as a message of its own. */
  readonly caption: number
  /** The text of a message with buttons. */
  readonly buttons: number
  /** The text of a message with buttons under a header image; 0 when the image goes separately. */
  readonly buttonsUnderImage: number
  /** Most buttons that still fit under a header image (WhatsApp: 3 reply buttons; a list takes none). */
  readonly buttonsUnderImageMax: number
}

/**
 * Per channel, as its client sends them (the channel clients in the adapters use the same numbers).
 * Each table keeps caption ≤ text and buttonsUnderImage ≤ both caption and buttons: a stretch that
 * fits one message still fits with a part taken away, which is what makes `coalesce` minimal.
 */
export const channelLimits: Readonly<Record<Channel, MessageLimits>> = {
  whatsapp: { text: 4096, caption: 1024, buttons: 1024, buttonsUnderImage: 1024, buttonsUnderImageMax: 3 },
  // Buttons go as numbered lines under the text (10 at most, titles ≤ 20 characters); images separately.
  greenapi: { text: 4096, caption: 1024, buttons: 3800, buttonsUnderImage: 0, buttonsUnderImageMax: 0 },
  messenger: { text: 2000, caption: 0, buttons: 2000, buttonsUnderImage: 0, buttonsUnderImageMax: 0 },
  instagram: { text: 2000, caption: 0, buttons: 2000, buttonsUnderImage: 0, buttonsUnderImageMax: 0 },
  telegram: { text: 4096, caption: 1024, buttons: 4096, buttonsUnderImage: 1024, buttonsUnderImageMax: 100 },
  // More than 3 buttons go as numbered lines, fewer as a card after the text; no captions.
  tiktok: { text: 6000, caption: 0, buttons: 5800, buttonsUnderImage: 0, buttonsUnderImageMax: 0 },
  webchat: { text: 4096, caption: 1024, buttons: 4096, buttonsUnderImage: 1024, buttonsUnderImageMax: 100 }
}

/** Paragraphs of one message are joined with a blank line. */
export const paragraphBreak = "\n\n"

/** The text a message carries (a caption for an image), "" for none. */
export const textOf = (message: OutboundMessage): string => {
  switch (message._tag) {
    case "Text":
    case "Buttons":
      return message.text
    case "Image":
      return message.caption ?? ""
    case "AnswerCallback":
      return ""
  }
}

/** The image a message shows (a header image for buttons), if any. */
export const imageOf = (message: OutboundMessage): ImageSource | undefined => {
  if (message._tag === "Buttons") return message.image
  if (message._tag !== "Image") return undefined
  const { url, mediaId } = message
  return { ...(url === undefined ? {} : { url }), ...(mediaId === undefined ? {} : { mediaId }) }
}

const joined = (run: ReadonlyArray<OutboundMessage>): string =>
  run
    .map(textOf)
    .filter((t) => t !== "")
    .join(paragraphBreak)

/**
 * Whether one platform message can carry this stretch of the reply: at most one image (shown above
 * the text), buttons only on its last part, and the joined text within the limit for that kind of
 * message. A single message always can (its client splits an over-long text as it must).
 */
export const fitsOne = (run: ReadonlyArray<OutboundMessage>, limits: MessageLimits): boolean => {
  if (run.length <= 1) return true
  if (run.some((m) => m._tag === "AnswerCallback")) return false
  const buttons = run.findIndex((m) => m._tag === "Buttons")
  if (buttons >= 0 && buttons !== run.length - 1) return false
  const images = run.filter((m) => imageOf(m) !== undefined).length
  if (images > 1) return false
  const length = joined(run).length
  const last = run[run.length - 1]!
  if (last._tag === "Buttons") {
    if (images === 0) return length <= limits.buttons
    return last.buttons.length <= limits.buttonsUnderImageMax && length <= limits.buttonsUnderImage
  }
  return images === 0 ? length <= limits.text : length <= limits.caption
}

/** One message for a stretch `fitsOne` accepted. */
const merge = (run: ReadonlyArray<OutboundMessage>): OutboundMessage => {
  if (run.length === 1) return run[0]!
  const text = joined(run)
  const image = run.map(imageOf).find((i) => i !== undefined)
  const last = run[run.length - 1]!
  if (last._tag === "Buttons") return { ...last, text, ...(image === undefined ? {} : { image }) }
  if (image !== undefined) return { _tag: "Image", ...image, ...(text === "" ? {} : { caption: text }) }
  return { _tag: "Text", text }
}

/**
 * A turn's reply in as few messages as the channel allows: consecutive texts joined into one
 * (a blank line between), buttons on the text before them, an image carrying the text around it as
 * its caption or as the header of the buttons. Text and images keep their order; nothing joined
 * goes over a limit. Taking the longest stretch that fits from the end is optimal: whatever fits
 * one message still fits with a part removed, so a shorter rest never needs more messages.
 */
export const coalesce = (
  messages: ReadonlyArray<OutboundMessage>,
  limits: MessageLimits
): ReadonlyArray<OutboundMessage> => {
  const out: Array<OutboundMessage> = []
  let end = messages.length
  while (end > 0) {
    let start = end - 1
    while (start > 0 && fitsOne(messages.slice(start - 1, end), limits)) start -= 1
    out.push(merge(messages.slice(start, end)))
    end = start
  }
  return out.reverse()
}
