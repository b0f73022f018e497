// Loaded only by StrykerJS (vitest.mutation.config.ts). Each mutant reruns every test that covers
// it, and the model-based suites (1,000 command sequences) cover most of the deciders: a full run
// would take hours on two cores. Under Stryker every fast-check property stops after 50 ms; what it
// checked by then still counts, and a property that found no counterexample in time passes. This
// can only let a mutant survive, never kill one: the reported score is a lower bound of the score
// with the full run counts that `pnpm test` uses.
import fc from "fast-check"

fc.configureGlobal({ interruptAfterTimeLimit: 50, markInterruptAsFailure: false })
