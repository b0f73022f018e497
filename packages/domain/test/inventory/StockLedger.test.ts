import { Inventory } from "@chatshop/domain"
import { stockLedgerContract } from "@chatshop/domain/testing"

stockLedgerContract("memory", Inventory.StockLedger.layerMemory)
