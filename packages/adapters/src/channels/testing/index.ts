export * from "./MockPlatform.ts"
export * from "./Protocols.ts"
export * from "./Webhooks.ts"
