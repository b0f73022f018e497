export * from "./InboundEvent.ts"
