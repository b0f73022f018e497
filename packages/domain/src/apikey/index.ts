export * from "./ApiKeyRepository.ts"
export * from "./Model.ts"
