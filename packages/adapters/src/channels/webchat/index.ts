export * from "./Hub.ts"
export * from "./Inbound.ts"
