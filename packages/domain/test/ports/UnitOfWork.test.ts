import { Conversation, Outbox, UnitOfWork } from "@chatshop/domain"
import { unitOfWorkContract } from "@chatshop/domain/testing"
import { Layer } from "effect"

unitOfWorkContract(
  "memory",
  Layer.mergeAll(UnitOfWork.layerMemory, Conversation.ConversationRepository.layerMemory, Outbox.layerMemory)
)
