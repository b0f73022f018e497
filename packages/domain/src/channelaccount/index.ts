export * from "./ChannelAccountRepository.ts"
export * from "./Errors.ts"
export * from "./Model.ts"
