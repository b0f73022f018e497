import { Offer } from "@chatshop/domain"
import { businessRepositoryContract, offerRepositoryContract } from "@chatshop/domain/testing"

offerRepositoryContract("memory", Offer.OfferRepository.layerMemory)
businessRepositoryContract("memory", Offer.BusinessRepository.layerMemory)
