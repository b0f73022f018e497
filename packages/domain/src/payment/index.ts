export * from "./Model.ts"
export * from "./Score.ts"
