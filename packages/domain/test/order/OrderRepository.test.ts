import { Order } from "@chatshop/domain"
import { orderRepositoryContract } from "@chatshop/domain/testing"

orderRepositoryContract("memory", Order.OrderRepository.layerMemory)
