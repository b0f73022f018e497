export * from "./Client.ts"
export * from "./Inbound.ts"
