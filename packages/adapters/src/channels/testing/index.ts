export * from "./MockPlatform.ts"
export * from "./Protocols.ts"
