export * from "../../src/testing/Property.ts"
export * as NudgeArb from "../../src/testing/arbitraries/Nudge.ts"
