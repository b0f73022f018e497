/**
 * Inbound webhook bodies as the platforms post them, for tests and benchmarks that drive the
 * server from outside (shapes from the fixtures in test/fixtures/channels).
 */

export interface WhatsAppInbound {
  readonly phoneNumberId: string
  /** The customer's WhatsApp id (their phone number). */
  readonly from: string
  /** The platform message id (`wamid.…`). */
  readonly id: string
  /** Unix seconds. */
  readonly timestamp: number
  /** The message's own part: `{ type: "text", text: { body } }`, `{ type: "image", image: { id, … } }`… */
  readonly message: Readonly<Record<string, unknown>>
  readonly profileName?: string
}

/** A WhatsApp Cloud API webhook carrying one customer message. */
export const whatsappInbound = (m: WhatsAppInbound) => ({
  object: "whatsapp_business_account",
  entry: [
    {
      id: "102290129340398",
      changes: [
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: "15550783881", phone_number_id: m.phoneNumberId },
            contacts: [{ profile: { name: m.profileName ?? "Sheena" }, wa_id: m.from }],
            messages: [{ from: m.from, id: m.id, timestamp: String(m.timestamp), ...m.message }]
          }
        }
      ]
    }
  ]
})
