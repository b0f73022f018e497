import { InboundDedupe, InboundIntake, MessageQueue } from "@chatshop/domain"
import { inboundIntakeContract } from "@chatshop/domain/testing"
import { Layer } from "effect"

inboundIntakeContract(
  "over the memory dedupe and queue",
  InboundIntake.layerPorts.pipe(Layer.provideMerge(Layer.merge(InboundDedupe.layerMemory, MessageQueue.layerMemory)))
)
