export * from "./Client.ts"
export * from "./Inbound.ts"
export * from "./Webhook.ts"
