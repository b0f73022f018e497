export * from "./InboundEvent.ts"
export * from "./Job.ts"
