import {
  businessRepositoryContract,
  catalogRepositoryContract,
  offerRepositoryContract,
  orderRepositoryContract,
  stockLedgerContract,
  tenantRepositoryContract
} from "@chatshop/domain/testing"
import type { Catalog, Inventory, Offer, Order, Tenant } from "@chatshop/domain"
import type { Layer } from "effect"

type Repositories =
  | Inventory.StockLedger
  | Tenant.TenantRepository
  | Catalog.CatalogRepository
  | Order.OrderRepository
  | Offer.OfferRepository
  | Offer.BusinessRepository

/** The stock, tenant, catalog, order, offer and business contracts over one SQL layer. */
export const repositoryContracts = (name: string, layer: Layer.Layer<Repositories, unknown>) => {
  stockLedgerContract(name, layer)
  tenantRepositoryContract(name, layer)
  catalogRepositoryContract(name, layer)
  orderRepositoryContract(name, layer)
  offerRepositoryContract(name, layer)
  businessRepositoryContract(name, layer)
}
