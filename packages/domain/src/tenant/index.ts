export * from "./Errors.ts"
export * from "./Model.ts"
export * from "./TenantRepository.ts"
