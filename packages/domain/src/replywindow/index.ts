export * from "./Errors.ts"
export * from "./Model.ts"
export * from "./ReplyWindow.ts"
